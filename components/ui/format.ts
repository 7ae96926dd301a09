/** Number and date formatting shared by the dashboard. Every figure shown comes from the API. */
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });

export const formatInt = (value: number) => integer.format(value);
export const formatDecimal = (value: number) => decimal.format(value);
export const formatMoney = (value: number) => money.format(value);
export const formatCost = (value: number | null | undefined) => (value === null || value === undefined ? "—" : cents.format(value));

/** 0.1234 → "12.3%"; null (no denominator) → "—". */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatDateTime(value: Date | string | null | undefined, timeZone?: string): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(date);
}

/** Table-friendly: "23 Nov 14:05", with the year only when it is not the current one. */
export function formatShortDateTime(value: Date | string | null | undefined, timeZone?: string): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  const sameYear = date.getUTCFullYear() === new Date().getUTCFullYear();
  return new Intl.DateTimeFormat("en-GB", { timeZone, ...(sameYear ? {} : { year: "numeric" }), month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(date);
}

export function formatDate(value: Date | string | null | undefined, timeZone?: string): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "short", day: "2-digit" }).format(date);
}

/** "2026-03-02" (a week start from the API) → "2 Mar". Plain string maths: no zone shift. */
export function formatWeek(isoDay: string): string {
  const [y, m, d] = isoDay.split("-").map(Number);
  if (!y || !m || !d) return isoDay;
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
