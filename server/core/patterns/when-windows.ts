/**
 * Send windows: contiguous weekday × hour blocks (a weekday range × an hour range, both in the
 * lead's local time, weekday 0 = Monday) whose pooled reply rate beats (or trails) the rest.
 * Pure: no I/O; `bestSendWindow` reads the clock only through its `now` option.
 *
 * The scan: every block of 1–7 consecutive weekdays (Mon…Sun, no wrap) × 1–`maxHours`
 * consecutive hours (no wrap past midnight) is a candidate: 28 × 164 = 4,592 at maxHours 8, less
 * those expecting fewer than 5 conversions at the overall rate (Cochran's rule; all still count
 * for the Bonferroni factor).
 * Candidates are ranked by the pooled two-proportion z against the rest, and windows are chosen
 * greedily (the most evident first, then the most evident window sharing no cell with those
 * chosen); z favours the planted block over blocks padded with null cells, because padding
 * dilutes the rate faster than it adds evidence (z ∝ k/√(k + j)). A chosen window's p-value is
 * Fisher's exact test against the rest, and since the scan looked at every candidate, `pAdjusted`
 * is that p × the number of candidates (Bonferroni). Chosen windows are re-checked within
 * channels (Mantel–Haenszel), as cells are.
 */
import type { Finding, Interval } from "./types";
import { compare, type FindingOptions, type StratumCounts } from "./how-when-common";

export const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** "Tue 09": weekday 0 = Monday … 6 = Sunday (ISO weekday − 1), hour 0–23. */
export function cellLabel(weekday: number, hour: number): string {
  return `${WEEKDAY_NAMES[weekday]} ${String(hour).padStart(2, "0")}`;
}

export interface CellCounts {
  weekday: number;
  hour: number;
  stratum: string;
  touches: number;
  conversions: number;
}

export interface SendWindow {
  /** "Tue–Thu 09:00–11:00" (end exclusive). */
  label: string;
  weekdays: number[];
  /** Start hours inside the window. */
  hours: number[];
  cells: string[];
  channel: string | null;
  n: number;
  conversions: number;
  rate: number;
  interval: Interval;
  restRate: number;
  lift: number;
  liftInterval?: Interval;
  pValue: number;
  /** Bonferroni over the candidates scanned. */
  pAdjusted: number;
  candidates: number;
  significant: boolean;
  direction: Finding["direction"];
  confounding?: Finding["confounding"];
}

export interface WindowScanOptions extends FindingOptions {
  direction: "positive" | "negative";
  maxHours?: number;
  top?: number;
  channel?: string | null;
}

const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;

export function windowLabel(d1: number, d2: number, h1: number, h2: number): string {
  const days = d1 === d2 ? WEEKDAY_NAMES[d1] : `${WEEKDAY_NAMES[d1]}–${WEEKDAY_NAMES[d2]}`;
  return `${days} ${hh(h1)}–${hh((h2 + 1) % 24)}`;
}

/** Sums by (weekday, hour) and by (weekday, hour, stratum). */
function grid(cells: readonly CellCounts[]) {
  const n = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const c = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const byStratum = new Map<string, { n: number[][]; c: number[][] }>();
  for (const cell of cells) {
    if (cell.weekday < 0 || cell.weekday > 6 || cell.hour < 0 || cell.hour > 23) continue;
    n[cell.weekday]![cell.hour]! += cell.touches;
    c[cell.weekday]![cell.hour]! += cell.conversions;
    let s = byStratum.get(cell.stratum);
    if (!s) byStratum.set(cell.stratum, (s = { n: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)), c: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)) }));
    s.n[cell.weekday]![cell.hour]! += cell.touches;
    s.c[cell.weekday]![cell.hour]! += cell.conversions;
  }
  return { n, c, byStratum };
}

function blockSum(m: number[][], d1: number, d2: number, h1: number, h2: number): number {
  let s = 0;
  for (let d = d1; d <= d2; d++) for (let h = h1; h <= h2; h++) s += m[d]![h]!;
  return s;
}

interface Candidate {
  d1: number;
  d2: number;
  h1: number;
  h2: number;
  n: number;
  x: number;
  z: number;
}

/** Blocks expecting fewer conversions than this (touches × the overall rate) are not candidates. */
export const MIN_EXPECTED_CONVERSIONS = 5;

/** Scans all candidate windows and returns the top disjoint ones in the requested direction. */
export function scanWindows(cells: readonly CellCounts[], options: WindowScanOptions): { windows: SendWindow[]; candidates: number } {
  const maxHours = options.maxHours ?? 8;
  const top = options.top ?? 3;
  const g = grid(cells);
  const total = blockSum(g.n, 0, 6, 0, 23);
  const totalX = blockSum(g.c, 0, 6, 0, 23);
  // Prefix sums over hours per weekday make each block O(days).
  const pn = g.n.map((row) => row.reduce<number[]>((acc, v, i) => (acc.push((acc[i - 1] ?? 0) + v), acc), []));
  const px = g.c.map((row) => row.reduce<number[]>((acc, v, i) => (acc.push((acc[i - 1] ?? 0) + v), acc), []));
  const candidates: Candidate[] = [];
  let scanned = 0;
  for (let d1 = 0; d1 < 7; d1++) {
    for (let d2 = d1; d2 < 7; d2++) {
      for (let h1 = 0; h1 < 24; h1++) {
        for (let h2 = h1; h2 < Math.min(24, h1 + maxHours); h2++) {
          scanned++;
          let n = 0;
          let x = 0;
          for (let d = d1; d <= d2; d++) {
            n += pn[d]![h2]! - (h1 > 0 ? pn[d]![h1 - 1]! : 0);
            x += px[d]![h2]! - (h1 > 0 ? px[d]![h1 - 1]! : 0);
          }
          const rn = total - n;
          if (n === 0 || rn === 0) continue;
          const pooled = totalX / total;
          // Cochran's rule, as for cells: with under 5 expected conversions the pooled z is no guide (a 1-of-1 block
          // would outrank every real window) and the block could never hold enough outcomes to count.
          if (n * pooled < MIN_EXPECTED_CONVERSIONS) continue;
          const se = Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / rn));
          if (!(se > 0)) continue;
          const z = (x / n - (totalX - x) / rn) / se;
          if (options.direction === "positive" ? z > 0 : z < 0) candidates.push({ d1, d2, h1, h2, n, x, z });
        }
      }
    }
  }
  candidates.sort((a, b) => (options.direction === "positive" ? b.z - a.z : a.z - b.z) || b.n - a.n);
  const chosen: Candidate[] = [];
  const overlaps = (a: Candidate, b: Candidate) => a.d1 <= b.d2 && b.d1 <= a.d2 && a.h1 <= b.h2 && b.h1 <= a.h2;
  for (const cand of candidates) {
    if (chosen.length >= top) break;
    if (!chosen.some((c) => overlaps(c, cand))) chosen.push(cand);
  }
  const windows = chosen.map((w) => toWindow(w, g, total, totalX, scanned, options));
  return { windows, candidates: scanned };
}

function toWindow(w: Candidate, g: ReturnType<typeof grid>, total: number, totalX: number, scanned: number, options: WindowScanOptions): SendWindow {
  const weekdays = Array.from({ length: w.d2 - w.d1 + 1 }, (_, i) => w.d1 + i);
  const hours = Array.from({ length: w.h2 - w.h1 + 1 }, (_, i) => w.h1 + i);
  const strata: StratumCounts[] = [...g.byStratum.entries()].map(([name, s]) => {
    const n = blockSum(s.n, w.d1, w.d2, w.h1, w.h2);
    const x = blockSum(s.c, w.d1, w.d2, w.h1, w.h2);
    return { name, exposed: { successes: x, trials: n }, reference: { successes: blockSum(s.c, 0, 6, 0, 23) - x, trials: blockSum(s.n, 0, 6, 0, 23) - n } };
  });
  const label = windowLabel(w.d1, w.d2, w.h1, w.h2);
  const r = compare({ key: `send_window=${label}`, dimension: "send_window", value: label, label, exposed: { successes: w.x, trials: w.n }, reference: { successes: totalX - w.x, trials: total - w.n }, strata }, options);
  const pAdjusted = Math.min(1, r.pValue * scanned);
  const wanted = options.direction;
  return {
    label,
    weekdays,
    hours,
    cells: weekdays.flatMap((d) => hours.map((h) => cellLabel(d, h))),
    channel: options.channel ?? null,
    n: w.n,
    conversions: w.x,
    rate: r.rate,
    interval: r.interval,
    restRate: r.restRate,
    lift: r.lift,
    ...(r.liftInterval ? { liftInterval: r.liftInterval } : {}),
    pValue: r.pValue,
    pAdjusted,
    candidates: scanned,
    significant: pAdjusted < options.alpha && w.x >= options.minConversions && r.estimable && r.direction === wanted,
    direction: r.direction,
    ...(r.confounding ? { confounding: r.confounding } : {}),
  };
}

/** Local weekday (0 = Monday), hour and minutes-into-the-hour of an instant in an IANA zone. */
export function localParts(instant: Date, timezone: string): { weekday: number; hour: number; minute: number; second: number } {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" });
  } catch {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" });
  }
  const parts = Object.fromEntries(fmt.formatToParts(instant).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAY_NAMES.indexOf(parts.weekday as (typeof WEEKDAY_NAMES)[number]), hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second) };
}

export interface NextWindow {
  window: SendWindow;
  timezone: string;
  /** Next instant inside the window (now, if now is inside). */
  start: string;
  /** First instant after `start` outside the window. */
  end: string;
  /** "channel" when a channel-specific window with evidence was used, else "overall". */
  basis: "channel" | "overall";
}

/** The windows a caller of bestSendWindow needs: overall and per-channel best windows. */
export interface WindowSource {
  bestWindows: SendWindow[];
  windowsByChannel: Record<string, SendWindow[]>;
}

/**
 * The next occurrence of the best send window with evidence (significant, positive) for a lead
 * in `timezone`: the channel's own window when it has one, else the overall one. Returns null when
 * no window beats the rest with evidence (send at the usual time). Hour steps are aligned to the
 * lead's local hour, so zones with 30/45-minute offsets work.
 */
export function bestSendWindow(details: WindowSource, options: { channel?: string | null; timezone: string; now?: Date }): NextWindow | null {
  const pick = (list: readonly SendWindow[] | undefined) => list?.find((w) => w.significant && w.direction === "positive");
  const byChannel = options.channel ? pick(details.windowsByChannel[options.channel]) : undefined;
  const window = byChannel ?? pick(details.bestWindows);
  if (!window) return null;
  const inside = (d: Date) => {
    const p = localParts(d, options.timezone);
    return window.weekdays.includes(p.weekday) && window.hours.includes(p.hour);
  };
  const now = options.now ?? new Date();
  const p = localParts(now, options.timezone);
  const hourStart = new Date(now.getTime() - (p.minute * 60 + p.second) * 1000 - (now.getTime() % 1000));
  let start: Date | null = inside(now) ? now : null;
  for (let k = 1; !start && k <= 8 * 24 + 2; k++) {
    const t = new Date(hourStart.getTime() + k * 3_600_000);
    if (inside(t)) start = t;
  }
  if (!start) return null;
  let end = new Date(hourStart.getTime() + 3_600_000 * (start === now ? 1 : Math.round((start.getTime() - hourStart.getTime()) / 3_600_000) + 1));
  for (let k = 0; k < 7 * 24 && inside(end); k++) end = new Date(end.getTime() + 3_600_000);
  return { window, timezone: options.timezone, start: start.toISOString(), end: end.toISOString(), basis: byChannel ? "channel" : "overall" };
}
