/**
 * Validation of ingested records. Objects are strict: a misspelled field is an error with its
 * path, not a silently dropped value.
 */
import { z } from "zod";
import { CALL_STAGES, CHANNELS, OUTCOME_KINDS, SPEAKERS } from "../../core/records";

export const MAX_BATCH = 10_000;

const zoneCache = new Map<string, boolean>();
export function isValidTimeZone(zone: string): boolean {
  let ok = zoneCache.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    zoneCache.set(zone, ok);
  }
  return ok;
}

const externalId = z.string().trim().min(1, "must not be empty").max(200);
const shortText = z.string().max(500).nullish();
const timestamp = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time with offset, e.g. 2026-03-01T14:00:00Z" });
const attributes = z
  .record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 100, "at most 100 attributes")
  .optional();
const score0to100 = z.number().min(0).max(100).nullish();
export const timeZone = z.string().refine(isValidTimeZone, "must be an IANA time zone such as America/New_York");

export const leadRecord = z.strictObject({
  externalId,
  email: z.string().max(320).nullish(),
  name: shortText,
  company: shortText,
  industry: shortText,
  companySize: z.number().int().min(0).nullish(),
  title: shortText,
  seniority: shortText,
  source: shortText,
  country: shortText,
  timezone: timeZone.nullish(),
  attributes,
  createdAt: timestamp.nullish(),
});

export const touchRecord = z.strictObject({
  externalId,
  leadExternalId: externalId,
  channel: z.enum(CHANNELS),
  sentAt: timestamp,
  subject: z.string().max(1000).nullish(),
  body: z.string().max(50_000).nullish(),
  cta: shortText,
  angle: shortText,
  painPoints: z.array(z.string().max(200)).max(50).optional(),
  promptRef: shortText,
  model: shortText,
  costUsd: z.number().min(0).nullish(),
  sequenceStep: z.number().int().min(0).nullish(),
  replied: z.boolean().optional(),
  repliedAt: timestamp.nullish(),
  attributes,
});

export const outcomeRecord = z.strictObject({
  externalId,
  leadExternalId: externalId,
  kind: z.enum(OUTCOME_KINDS),
  occurredAt: timestamp,
  value: z.number().nullish(),
  touchExternalId: externalId.nullish(),
  callExternalId: externalId.nullish(),
  attributes,
});

const transcriptTurn = z.strictObject({
  speaker: z.enum(SPEAKERS),
  text: z.string().max(20_000),
  startSeconds: z.number().min(0),
  endSeconds: z.number().min(0),
  stage: z.enum(CALL_STAGES).nullish(),
});

export const callRecord = z.strictObject({
  externalId,
  leadExternalId: externalId,
  startedAt: timestamp,
  durationSeconds: z.number().min(0),
  stageReached: z.enum(CALL_STAGES).nullish(),
  transcript: z.array(transcriptTurn).max(5_000),
  commitmentScore: score0to100,
  funnelCompletion: score0to100,
  bantScore: score0to100,
  objectionCount: z.number().int().min(0).nullish(),
  motivation: shortText,
  appointmentAt: timestamp.nullish(),
  daysToAppointment: z.number().min(0).nullish(),
  promptRef: shortText,
  model: shortText,
  attributes,
});

function batchOf<T extends z.ZodType>(record: T, noun: string) {
  return z.array(record).min(1, `send at least one ${noun}`).max(MAX_BATCH, `at most ${MAX_BATCH} ${noun}s per batch; split the batch`);
}

export const leadBatch = z.strictObject({ leads: batchOf(leadRecord, "lead") });
export const touchBatch = z.strictObject({ touches: batchOf(touchRecord, "touch") });
export const outcomeBatch = z.strictObject({ outcomes: batchOf(outcomeRecord, "outcome") });
export const callBatch = z.strictObject({ calls: batchOf(callRecord, "call") });

export type LeadInput = z.infer<typeof leadRecord>;
export type TouchInput = z.infer<typeof touchRecord>;
export type OutcomeInput = z.infer<typeof outcomeRecord>;
export type CallInput = z.infer<typeof callRecord>;
