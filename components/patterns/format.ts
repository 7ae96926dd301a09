/**
 * Formatting for pattern figures. Every rate goes out with its interval and the count behind it;
 * nothing here computes a statistic, it only prints what the API returned.
 */
import type { ConfoundingNote, Finding, Interval } from "@/server/core/patterns/types";
import { formatInt, formatPercent } from "../ui/format";

export const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** "[12.3%–15.0%]" for a rate interval. */
export function formatRateInterval(interval: Pick<Interval, "lower" | "upper"> | null | undefined, digits = 1): string {
  if (!interval || !isNum(interval.lower) || !isNum(interval.upper)) return "";
  return `[${formatPercent(interval.lower, digits)}–${formatPercent(interval.upper, digits)}]`;
}

/** 1.84 → "1.84×"; huge sentinel ratios (no conversions in the comparison group) → "∞". */
export function formatRatio(value: number | null | undefined, digits = 2): string {
  if (!isNum(value)) return "—";
  if (value >= 1e5) return "∞";
  return `${value.toFixed(digits)}×`;
}

export function formatRatioInterval(interval: Pick<Interval, "lower" | "upper"> | null | undefined, digits = 2): string {
  if (!interval || !isNum(interval.lower) || !isNum(interval.upper)) return "";
  const f = (x: number) => (x >= 1e5 ? "∞" : x.toFixed(digits));
  return `[${f(interval.lower)}–${f(interval.upper)}]`;
}

/** p-values as operators read them: "<0.001", "0.012", "1". */
export function formatP(p: number | null | undefined): string {
  if (!isNum(p)) return "—";
  if (p < 0.001) return "<0.001";
  if (p >= 0.995) return "1";
  return p.toFixed(3);
}

export const formatConfidence = (c: number | null | undefined) => (isNum(c) ? c.toFixed(2) : "—");

export const formatSigned = (v: number | null | undefined, digits = 2) => (isNum(v) ? `${v > 0 ? "+" : ""}${v.toFixed(digits)}` : "—");

/** "3 of 120" style count. */
export const formatOf = (x: number, n: number) => `${formatInt(x)}/${formatInt(n)}`;

/** "1 more outcome", "12 more outcomes". */
export const moreOutcomes = (n: number) => `${formatInt(n)} more ${n === 1 ? "outcome" : "outcomes"}`;

export const upper = (s: string) => s.toUpperCase();

/** A confounder check whose verdict means the raw effect must not be shown as the finding. */
export function isAdjusted(note: ConfoundingNote | undefined): boolean {
  return note?.verdict === "reversed" || note?.verdict === "attenuated";
}

/** The effect a finding is reported with: its lift, or the adjusted odds ratio when a confounder explains the raw one. */
export function reportedEffect(f: Pick<Finding, "lift" | "liftInterval" | "confounding">): { kind: "lift" | "adjusted OR"; value: number; interval?: Interval } {
  if (f.confounding && isAdjusted(f.confounding)) return { kind: "adjusted OR", value: f.confounding.adjustedOddsRatio, interval: f.confounding.adjustedInterval };
  return { kind: "lift", value: f.lift, interval: f.liftInterval };
}

/** Direction after adjustment (the detectors already set this; fall back on the reported effect). */
export function effectDirection(f: Pick<Finding, "direction" | "lift" | "liftInterval" | "confounding">): Finding["direction"] {
  if (f.direction) return f.direction;
  const e = reportedEffect(f);
  return e.value > 1 ? "positive" : e.value < 1 ? "negative" : "none";
}

/** Tremor colour for a finding's status. */
export function findingColor(f: Pick<Finding, "significant" | "direction" | "outcomesNeeded">): "emerald" | "rose" | "amber" | "gray" {
  if (f.outcomesNeeded > 0) return "amber";
  if (!f.significant) return "gray";
  return f.direction === "negative" ? "rose" : f.direction === "positive" ? "emerald" : "gray";
}

export function humanize(dimension: string): string {
  const free = dimension.startsWith("attributes.");
  const s = dimension.replace(/^attributes\./, "").replace(/[_-]+/g, " ").trim();
  return s ? `${s[0]!.toUpperCase()}${s.slice(1)}${free ? " (attribute)" : ""}` : dimension;
}

/** Groups findings by dimension, keeping the detector's order of first appearance. */
export function groupByDimension<T extends { dimension: string }>(findings: readonly T[]): Array<{ dimension: string; findings: T[] }> {
  const groups = new Map<string, T[]>();
  for (const f of findings) {
    const list = groups.get(f.dimension);
    if (list) list.push(f);
    else groups.set(f.dimension, [f]);
  }
  return [...groups.entries()].map(([dimension, list]) => ({ dimension, findings: list }));
}

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const hourLabel = (h: number) => `${String(h).padStart(2, "0")}:00`;
