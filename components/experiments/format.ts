/**
 * Formatting for experiment figures. Everything printed here comes from the stored decision
 * result (server/core/experiments/decision.ts); nothing is recomputed in the browser.
 */
import type { ArmReport, DecisionResult, PrimaryMetric } from "@/server/core/experiments/decision";
import type { Interval, StatsCode } from "@/server/core/stats";
import { formatPercent } from "../ui/format";

export const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** 0.123 → "+12.3%", −0.04 → "−4.0%". */
export function formatSignedPercent(value: number | null | undefined, digits = 1): string {
  if (!isNum(value)) return "—";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${Math.abs(value * 100).toFixed(digits)}%`;
}

/** "[+2.1% – +18.4%]" for a relative interval. */
export function formatSignedInterval(interval: Interval | null | undefined, digits = 1): string {
  if (!interval || !isNum(interval.lower) || !isNum(interval.upper)) return "";
  return `[${formatSignedPercent(interval.lower, digits)} – ${formatSignedPercent(interval.upper, digits)}]`;
}

/** "[8.1%–12.3%]" for a rate interval. */
export function formatPercentInterval(interval: Interval | null | undefined, digits = 1): string {
  if (!interval || !isNum(interval.lower) || !isNum(interval.upper)) return "";
  return `[${formatPercent(interval.lower, digits)}–${formatPercent(interval.upper, digits)}]`;
}

/** Revenue experiments compare means (currency per unit); rate experiments compare shares. */
export function formatValue(metric: PrimaryMetric | string, value: number | null | undefined): string {
  if (!isNum(value)) return "—";
  return metric === "revenue" ? value.toFixed(2) : formatPercent(value, 1);
}

/** An absolute difference: percentage points for rates, currency units for revenue. */
export function formatDifference(metric: PrimaryMetric | string, value: number | null | undefined): string {
  if (!isNum(value)) return "—";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return metric === "revenue" ? `${sign}${Math.abs(value).toFixed(2)}` : `${sign}${Math.abs(value * 100).toFixed(1)} pp`;
}

export function formatDifferenceInterval(metric: PrimaryMetric | string, interval: Interval | null | undefined): string {
  if (!interval || !isNum(interval.lower) || !isNum(interval.upper)) return "";
  return `[${formatDifference(metric, interval.lower)} – ${formatDifference(metric, interval.upper)}]`;
}

/** p-values as operators read them. */
export function formatP(p: number | null | undefined): string {
  if (!isNum(p)) return "—";
  if (p < 0.0001) return "<0.0001";
  if (p < 0.001) return p.toExponential(1);
  if (p >= 0.995) return "1";
  return p.toFixed(3);
}

export const okCode = (code: StatsCode | string | undefined) => code === "OK";

export const METRIC_LABEL: Record<string, string> = {
  replied: "reply rate",
  booked: "booking rate",
  showed: "show rate",
  converted: "conversion rate",
  revenue: "revenue per unit",
  no_show: "no-show rate",
  lost: "lost rate",
};
export const metricLabel = (metric: string) => METRIC_LABEL[metric] ?? metric;

/** The stored JSON of one evaluation, typed (the column is JSON; its shape is DecisionResult). */
export function asDecisionResult(value: unknown): DecisionResult | null {
  if (!value || typeof value !== "object") return null;
  const r = value as Partial<DecisionResult>;
  return typeof r.decision === "string" && Array.isArray(r.perArm) && Array.isArray(r.reasons) ? (r as DecisionResult) : null;
}

/** A variant's relative lift when the test could compute it (not NO_DATA / ZERO_CELL). */
export function usableLift(arm: ArmReport): { lift: number; interval: Interval } | null {
  const rel = arm.vsControl?.relativeLift;
  if (!rel || !okCode(rel.code) || !isNum(rel.lift)) return null;
  return { lift: rel.lift, interval: rel.interval };
}

/** "2026-…" / Date → time ms (tRPC with superjson gives Dates; JSON columns give strings). */
export const timeOf = (value: Date | string) => (value instanceof Date ? value : new Date(value)).getTime();
