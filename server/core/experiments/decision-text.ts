/**
 * Number formatting for the decision's reason messages (percentages, rates, p-values) and the
 * human labels of the primary metrics.
 */
import type { PrimaryMetric } from "./decision-types";

export const METRIC_LABELS: Record<PrimaryMetric, string> = {
  replied: "reply rate",
  booked: "booking rate",
  showed: "show rate",
  converted: "conversion rate",
  revenue: "revenue per unit",
};

export const pct = (x: number, digits = 1) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(digits)}%`;
const rateText = (x: number) => `${(x * 100).toFixed(2)}%`;
/** "= 0.012" or "< 0.0001", to follow a p-value's label. */
export const pEq = (p: number) => (p < 0.0001 ? "< 0.0001" : `= ${p.toPrecision(2)}`);
export const valueText = (metric: PrimaryMetric | "mean" | "rate", x: number) => (metric === "revenue" || metric === "mean" ? x.toFixed(2) : rateText(x));
