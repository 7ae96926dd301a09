/**
 * Plain record shapes that cross Flywheel's boundaries: what integrations send to the
 * ingestion API, what the demo-world simulator produces, what CSV rows become.
 * Times are ISO-8601 strings with an offset (as JSON carries them). Pure types, no I/O.
 */

export const CHANNELS = ["email", "sms", "linkedin", "voice", "other"] as const;
export type Channel = (typeof CHANNELS)[number];

export const OUTCOME_KINDS = ["replied", "booked", "confirmed", "showed", "no_show", "converted", "lost", "referred"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Call stages in the order a call moves through them (seed 002). */
export const CALL_STAGES = ["hook", "qualification", "value_presentation", "objection_handling", "closing", "confirmation"] as const;
export type CallStage = (typeof CALL_STAGES)[number];

export const SPEAKERS = ["agent", "lead"] as const;
export type Speaker = (typeof SPEAKERS)[number];

export type Attributes = Record<string, string | number | boolean | null>;

export interface LeadRecord {
  externalId: string;
  email?: string | null;
  name?: string | null;
  company?: string | null;
  industry?: string | null;
  companySize?: number | null;
  title?: string | null;
  seniority?: string | null;
  source?: string | null;
  country?: string | null;
  /** IANA time zone, e.g. "America/New_York". */
  timezone?: string | null;
  attributes?: Attributes;
  /** When the lead entered the funnel; defaults to ingestion time. */
  createdAt?: string | null;
}

export interface TouchRecord {
  externalId: string;
  leadExternalId: string;
  channel: Channel;
  sentAt: string;
  subject?: string | null;
  body?: string | null;
  cta?: string | null;
  angle?: string | null;
  painPoints?: string[];
  /** Template id or prompt version that produced the content, e.g. "cold-open@v3". */
  promptRef?: string | null;
  model?: string | null;
  costUsd?: number | null;
  sequenceStep?: number | null;
  replied?: boolean;
  repliedAt?: string | null;
  attributes?: Attributes;
}

export interface OutcomeRecord {
  externalId: string;
  leadExternalId: string;
  kind: OutcomeKind;
  occurredAt: string;
  value?: number | null;
  /** The touch credited with the outcome, when the sender knows it. */
  touchExternalId?: string | null;
  callExternalId?: string | null;
  attributes?: Attributes;
}

export interface TranscriptTurn {
  speaker: Speaker;
  text: string;
  startSeconds: number;
  endSeconds: number;
  stage?: CallStage | null;
}

export interface CallRecord {
  externalId: string;
  leadExternalId: string;
  startedAt: string;
  durationSeconds: number;
  stageReached?: CallStage | null;
  transcript: TranscriptTurn[];
  /** 0–100, how firmly the lead committed during the call (seed 002). */
  commitmentScore?: number | null;
  /** 0–100, share of the call funnel completed. */
  funnelCompletion?: number | null;
  /** 0–100, budget/authority/need/timeline qualification. */
  bantScore?: number | null;
  objectionCount?: number | null;
  motivation?: string | null;
  appointmentAt?: string | null;
  daysToAppointment?: number | null;
  promptRef?: string | null;
  model?: string | null;
  attributes?: Attributes;
}
