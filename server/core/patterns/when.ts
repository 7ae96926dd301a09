/**
 * WHEN detector core (seed 003, 16C): when do touches convert? Pure: no DB, no request context;
 * `server/services/patterns/when.ts` feeds it sufficient statistics from one set-based query.
 *
 * Domain rules:
 * - Time is the **lead's** local time (`leads.timezone`, else the tenant's zone): a 09:00 email
 *   lands at 09:00 for the reader wherever the sender is. Weekday 0 = Monday … 6 = Sunday
 *   (ISO weekday − 1); labels are "Tue 09" (the hour the touch was sent in).
 * - Units are outreach touches; reminder touches (attributes.kind = "reminder") are left out.
 *   A touch converts for "replied" when it got a reply, for other targets when the outcome is
 *   credited to it (outcomes.touch_id, else the lead's last touch before the outcome).
 * - Each weekday × hour cell is tested against all other touches (two-proportion z), BH over the
 *   non-empty cells, and re-checked within channels (Mantel–Haenszel) when "channel" or
 *   "channel_mix" is among the confounders: a cell that only looks good because one channel is
 *   sent then is shown with its adjusted effect, never as a raw finding.
 * - Windows: see when-windows.ts. Gaps and quiet hours: see when-timing.ts.
 */
import { patternConfidence } from "../stats";
import type { Finding, PatternTarget, TargetResult } from "./types";
import { buildFindings, summarizeDistribution, type Comparison, type DistributionSummary, type FindingOptions } from "./how-when-common";
import { DEFAULT_DAYS_EDGES, DEFAULT_GAP_EDGES_DAYS, analyzeGaps, quietHours, type GapRow, type GapStat, type QuietHours } from "./when-timing";
import { WEEKDAY_NAMES, cellLabel, scanWindows, type CellCounts, type SendWindow, type WindowSource } from "./when-windows";

export { bestSendWindow, cellLabel, localParts, scanWindows, WEEKDAY_NAMES, type CellCounts, type NextWindow, type SendWindow, type WindowSource } from "./when-windows";
export { analyzeGaps, quietHours, type GapRow, type GapStat, type QuietHours } from "./when-timing";

export interface WhenCell {
  weekday: number;
  hour: number;
  label: string;
  touches: number;
  conversions: number;
  rate: number;
}

export interface WhenTargetInput {
  target: PatternTarget;
  /** Touches and conversions per lead-local (weekday, hour, channel). */
  cells: CellCounts[];
  gaps: GapRow[];
  /** Converted leads by whole hours from their first outreach touch to the outcome. */
  hoursToConversion: Array<{ value: number; count: number }>;
}

export interface WhenInput {
  tenantTimezone: string;
  targets: WhenTargetInput[];
  /** All touches (reminders included) by hour of day in the tenant's zone. */
  volumeByHour: number[];
  /** Outreach touches whose lead has no (valid) time zone, analysed in the tenant's zone. */
  touchesWithoutLeadTimezone: number;
  reminderTouches: number;
}

export interface WhenOptions {
  alpha: number;
  minConversions: number;
  confounders: string[];
  maxWindowHours?: number;
  topWindows?: number;
  quietHoursLength?: number;
  gapEdgesDays?: readonly number[];
}

export interface WhenTargetDetails {
  target: PatternTarget;
  /** All 168 cells, Monday 00 first. */
  cells: WhenCell[];
  bestWindows: SendWindow[];
  worstWindows: SendWindow[];
  windowsByChannel: Record<string, SendWindow[]>;
  windowCandidates: number;
  /** Days from the lead's first outreach touch to the outcome. */
  timeToConversion: DistributionSummary;
  gaps: GapStat[];
}

export interface WhenDetails extends WindowSource {
  weekdayConvention: "0=Mon … 6=Sun (ISO weekday − 1), lead-local time";
  tenantTimezone: string;
  primaryTarget: PatternTarget | null;
  /** Primary target's windows at the top level (WindowSource, for bestSendWindow). */
  worstWindows: SendWindow[];
  byTarget: WhenTargetDetails[];
  quietHours: QuietHours;
  gapEdgesDays: number[];
}

function cellGrid(rows: readonly CellCounts[]): WhenCell[] {
  const cells: WhenCell[] = [];
  for (let weekday = 0; weekday < 7; weekday++) for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, label: cellLabel(weekday, hour), touches: 0, conversions: 0, rate: 0 });
  for (const r of rows) {
    const cell = cells[r.weekday * 24 + r.hour];
    if (!cell) continue;
    cell.touches += r.touches;
    cell.conversions += r.conversions;
  }
  for (const c of cells) c.rate = c.touches > 0 ? c.conversions / c.touches : 0;
  return cells;
}

/** Per-cell findings (key "weekday_hour=Tue 09") with BH over the non-empty cells. */
export function analyzeWhenCells(rows: readonly CellCounts[], options: FindingOptions & { byChannel: boolean }): { findings: Finding[]; cells: WhenCell[] } {
  const cells = cellGrid(rows);
  const total = cells.reduce((s, c) => ({ n: s.n + c.touches, x: s.x + c.conversions }), { n: 0, x: 0 });
  const channelTotals = new Map<string, { n: number; x: number }>();
  const byCellChannel = new Map<string, { n: number; x: number }>();
  for (const r of rows) {
    const t = channelTotals.get(r.stratum) ?? { n: 0, x: 0 };
    t.n += r.touches;
    t.x += r.conversions;
    channelTotals.set(r.stratum, t);
    const key = `${r.weekday * 24 + r.hour}|${r.stratum}`;
    const c = byCellChannel.get(key) ?? { n: 0, x: 0 };
    c.n += r.touches;
    c.x += r.conversions;
    byCellChannel.set(key, c);
  }
  const comparisons: Comparison[] = cells
    .filter((c) => c.touches > 0)
    .map((c) => {
      const strata = options.byChannel
        ? [...channelTotals.entries()].map(([name, t]) => {
            const inCell = byCellChannel.get(`${c.weekday * 24 + c.hour}|${name}`) ?? { n: 0, x: 0 };
            return { name, exposed: { successes: inCell.x, trials: inCell.n }, reference: { successes: t.x - inCell.x, trials: t.n - inCell.n } };
          })
        : undefined;
      return {
        key: `weekday_hour=${c.label}`,
        dimension: "weekday_hour",
        value: c.label,
        label: `Sent ${WEEKDAY_NAMES[c.weekday]} ${String(c.hour).padStart(2, "0")}:00–${String((c.hour + 1) % 24).padStart(2, "0")}:00 lead-local`,
        exposed: { successes: c.conversions, trials: c.touches },
        reference: { successes: total.x - c.conversions, trials: total.n - c.touches },
        strata,
      };
    });
  return { findings: buildFindings(comparisons, { ...options, confounder: options.byChannel ? "channel" : options.confounder, exposureNoun: "this hour's outreach" }), cells };
}

/** Everything the WHEN PatternSet needs except the envelope (type, version, times). */
export function assembleWhen(input: WhenInput, options: WhenOptions) {
  const byChannel = options.confounders.some((c) => c === "channel" || c === "channel_mix");
  const gapEdges = options.gapEdgesDays ?? DEFAULT_GAP_EDGES_DAYS;
  const base: FindingOptions = { alpha: options.alpha, minConversions: options.minConversions, outcomeNoun: "reply" };
  const results: TargetResult[] = [];
  const byTarget: WhenTargetDetails[] = [];
  for (const t of input.targets) {
    const opts = { ...base, outcomeNoun: t.target === "replied" ? "reply" : t.target };
    const { findings, cells } = analyzeWhenCells(t.cells, { ...opts, byChannel });
    const n = cells.reduce((s, c) => s + c.touches, 0);
    const conversions = cells.reduce((s, c) => s + c.conversions, 0);
    results.push({ target: t.target, n, conversions, baseRate: n > 0 ? conversions / n : 0, findings });
    const windowOpts = { ...opts, confounder: byChannel ? "channel" : undefined, maxHours: options.maxWindowHours, top: options.topWindows ?? 3 };
    const cellsForScan = byChannel ? t.cells : t.cells.map((c) => ({ ...c, stratum: "all" }));
    const best = scanWindows(cellsForScan, { ...windowOpts, direction: "positive" });
    const worst = scanWindows(cellsForScan, { ...windowOpts, direction: "negative" });
    const windowsByChannel: Record<string, SendWindow[]> = {};
    for (const channel of [...new Set(t.cells.map((c) => c.stratum))].sort()) {
      const own = t.cells.filter((c) => c.stratum === channel);
      if (own.reduce((s, c) => s + c.conversions, 0) < options.minConversions) continue;
      windowsByChannel[channel] = scanWindows(own, { ...opts, direction: "positive", maxHours: options.maxWindowHours, top: options.topWindows ?? 3, channel }).windows;
    }
    // SQL returns whole hours (floor); each conversion sits at its hour's midpoint, in days.
    const days = t.hoursToConversion.map((b) => ({ value: (b.value + 0.5) / 24, count: b.count }));
    byTarget.push({
      target: t.target,
      cells,
      bestWindows: best.windows,
      worstWindows: worst.windows,
      windowsByChannel,
      windowCandidates: best.candidates,
      timeToConversion: summarizeDistribution(days, DEFAULT_DAYS_EDGES, "days"),
      gaps: analyzeGaps(t.gaps, opts, gapEdges),
    });
  }
  const primary = byTarget[0];
  const details: WhenDetails = {
    weekdayConvention: "0=Mon … 6=Sun (ISO weekday − 1), lead-local time",
    tenantTimezone: input.tenantTimezone,
    primaryTarget: primary?.target ?? null,
    bestWindows: primary?.bestWindows ?? [],
    worstWindows: primary?.worstWindows ?? [],
    windowsByChannel: primary?.windowsByChannel ?? {},
    byTarget,
    quietHours: quietHours(input.volumeByHour, input.tenantTimezone, options.quietHoursLength ?? 4),
    gapEdgesDays: [...gapEdges],
  };
  const sampleSize = results[0]?.conversions ?? 0;
  const notes = [
    "Weekday × hour is the lead's local time (weekday 0 = Monday); leads without a time zone use the tenant's.",
    `Reminder touches (attributes.kind = "reminder") are left out of the timing analysis (${input.reminderTouches} here).`,
    "Cells are tested against all other touches with BH over the cells; windows are Bonferroni-adjusted over every block scanned.",
  ];
  if (input.touchesWithoutLeadTimezone > 0) notes.push(`${input.touchesWithoutLeadTimezone} touches belong to leads without a valid time zone and were placed in ${input.tenantTimezone}.`);
  if (sampleSize < options.minConversions) notes.push(`Only ${sampleSize} conversions: ${options.minConversions - sampleSize} more are needed before any timing finding can be significant.`);
  return { results, details, notes, sampleSize, confidence: patternConfidence({ outcomes: sampleSize }).confidence };
}
