/**
 * Seed 002's excellence score, as the page explains it: five components with their maximum
 * points. The points themselves always come from the server (stored per call); nothing here
 * recomputes a score.
 */

export const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

export const SCORE_COMPONENTS = [
  { key: "outcome", label: "Appointment outcome", max: 50, color: "bg-emerald-500", help: "50 if the lead showed up, 30 if the appointment was confirmed, 15 if it was only booked." },
  { key: "commitment", label: "Commitment", max: 20, color: "bg-blue-500", help: "The call's commitment score (0–100) × 20 / 100." },
  { key: "speed", label: "Days to appointment", max: 10, color: "bg-amber-500", help: "10 within 2 days, 7 within 7, 4 within 14, 0 after." },
  { key: "postAppointment", label: "After the appointment", max: 10, color: "bg-violet-500", help: "10 if the lead became a customer, 5 for high engagement afterwards." },
  { key: "referral", label: "Referral", max: 10, color: "bg-pink-500", help: "10 if the lead referred others." },
] as const;

export type ScoreComponentKey = (typeof SCORE_COMPONENTS)[number]["key"];
export type ScoreComponents = Partial<Record<ScoreComponentKey, number>>;

/** 87.25 → "87.3"; null → "—". */
export const formatScore = (v: number | null | undefined) => (isNum(v) ? v.toFixed(1) : "—");

export const STAGE_LABEL: Record<string, string> = {
  hook: "Hook (opening)",
  qualification: "Qualification",
  value_presentation: "Value presentation",
  objection_handling: "Objection handling",
  closing: "Closing",
  confirmation: "Confirmation",
};
export const stageLabel = (stage: string | null | undefined) => (stage ? (STAGE_LABEL[stage] ?? stage.replace(/_/g, " ")) : "no stage");

export const OUTCOME_COLOR: Record<string, string> = {
  booked: "blue",
  confirmed: "cyan",
  showed: "emerald",
  no_show: "rose",
  converted: "violet",
  lost: "gray",
  referred: "pink",
  replied: "sky",
};

/** "12.5s" → "0:12"; seconds in the call as m:ss. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** camelCase / snake_case keys as words ("avgCommitmentScore" → "Avg commitment score"). */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}
