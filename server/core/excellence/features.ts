/**
 * Seed 002's show-up features of a booked call, as a flat row for the predictors: the call's
 * scores, its structure from the transcript, the days to the appointment, and the hour and
 * weekday of the call in the LEAD's time zone as points on a circle (23:00 is next to 00:00).
 * Missing values stay null — the model's transform handles them — never invented.
 */
import type { CallRecord } from "../records";
import { analyzeTranscript, type LeadContext } from "./transcript";

export type ShowUpFeatureRow = Record<string, number | string | boolean | null>;

export interface ShowUpFeatureContext extends LeadContext {
  /** The lead's IANA time zone; the call's hour and weekday are read on the lead's clock (UTC when unknown). */
  timezone?: string | null;
}

export const SHOW_UP_FEATURES = [
  { name: "commitmentScore", kind: "numeric" },
  { name: "funnelCompletion", kind: "numeric" },
  { name: "bantScore", kind: "numeric" },
  { name: "durationSeconds", kind: "numeric" },
  { name: "agentTalkRatio", kind: "numeric" },
  { name: "questionCount", kind: "numeric" },
  { name: "objectionCount", kind: "numeric" },
  { name: "objectionAcknowledgedQuickly", kind: "boolean" },
  { name: "motivation", kind: "categorical" },
  { name: "daysToAppointment", kind: "numeric" },
  { name: "hourSin", kind: "numeric" },
  { name: "hourCos", kind: "numeric" },
  { name: "weekdaySin", kind: "numeric" },
  { name: "weekdayCos", kind: "numeric" },
  { name: "stageReached", kind: "categorical" },
  { name: "confirmationStep", kind: "boolean" },
  { name: "personalizationCount", kind: "numeric" },
] as const satisfies ReadonlyArray<{ name: string; kind: "numeric" | "categorical" | "boolean" }>;

export type ShowUpFeatureName = (typeof SHOW_UP_FEATURES)[number]["name"];

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Hour (with minutes as a fraction) and weekday (Monday 0) of an instant in a time zone; UTC when the zone is missing or unknown to Intl. */
export function localHourAndWeekday(iso: string, timezone: string | null | undefined): { hour: number; weekday: number } | null {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return null;
  const zone = timezone || "UTC";
  let format = formatters.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "numeric", weekday: "short", hourCycle: "h23" });
    } catch {
      format = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", hour: "numeric", minute: "numeric", weekday: "short", hourCycle: "h23" });
    }
    if (formatters.size >= 1_000) formatters.clear();
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(time)).map((p) => [p.type, p.value]));
  return { hour: Number(parts.hour) + Number(parts.minute) / 60, weekday: WEEKDAYS.indexOf(parts.weekday ?? "Mon") };
}

const finite = (v: number | null | undefined) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * The hour carries its minutes (10:30 → 10.5) so that calls half an hour apart are not the same
 * point; the weekday counts from Monday = 0 as the seed's `day_of_week`.
 */
export function showUpFeatures(call: CallRecord, context: ShowUpFeatureContext = {}): ShowUpFeatureRow {
  const transcript = call.transcript ?? [];
  // Without a transcript its measures are unknown, not zero.
  const analysis = transcript.length ? analyzeTranscript(transcript, context) : null;
  const local = localHourAndWeekday(call.startedAt, context.timezone);
  const angle = (value: number, period: number) => (2 * Math.PI * value) / period;
  const label = (v: string | null | undefined) => (typeof v === "string" && v.trim() ? v : null);
  const row: Record<ShowUpFeatureName, number | string | boolean | null> = {
    commitmentScore: finite(call.commitmentScore),
    funnelCompletion: finite(call.funnelCompletion),
    bantScore: finite(call.bantScore),
    durationSeconds: finite(call.durationSeconds) ?? (analysis && analysis.turnCount ? analysis.durationSeconds : null),
    agentTalkRatio: analysis ? analysis.agentTalkRatio : null,
    questionCount: analysis ? analysis.questionCount : null,
    objectionCount: finite(call.objectionCount) ?? (analysis ? analysis.objections : null),
    objectionAcknowledgedQuickly: analysis ? analysis.objectionAcknowledgedQuickly : null,
    motivation: label(call.motivation),
    daysToAppointment: finite(call.daysToAppointment),
    hourSin: local ? Math.sin(angle(local.hour, 24)) : null,
    hourCos: local ? Math.cos(angle(local.hour, 24)) : null,
    weekdaySin: local ? Math.sin(angle(local.weekday, 7)) : null,
    weekdayCos: local ? Math.cos(angle(local.weekday, 7)) : null,
    stageReached: label(call.stageReached) ?? analysis?.stagesReached.at(-1) ?? null,
    confirmationStep: analysis ? analysis.confirmationStep : null,
    personalizationCount: analysis ? analysis.personalizationCount : null,
  };
  return row;
}
