/**
 * What the simulated outreach says, when it is sent and over which channels, with the
 * planted WHAT / WHEN / HOW / model effects. Effects are reply (or booking) rate ratios at
 * effectScale 1. Categorical variables are balanced by weight (see catalog.ts), and planted
 * phrases are *extra* sentences added independently of the neutral ones, so every neutral
 * phrase is an exact null (it never displaces a winner or a loser).
 */
import type { Channel } from "../records";
import type { Level } from "./catalog";

export type PhraseSlot = "opener" | "value" | "proof";

/** Which phrase slots each outreach channel's body has (sms is short, only email has proof). */
export const SLOTS_BY_CHANNEL: Readonly<Record<Channel, readonly PhraseSlot[]>> = {
  email: ["opener", "value", "proof"],
  linkedin: ["opener", "value"],
  voice: ["opener", "value"],
  sms: ["opener"],
  other: ["opener"],
};

export interface PlantedPhrase {
  id: string;
  slot: PhraseSlot;
  text: string;
  /** Probability that a body with this slot carries the phrase. */
  inclusion: number;
  /** Reply rate ratio (with vs without the phrase) at effectScale 1. */
  effect: number;
  note: string;
}

export const PLANTED_PHRASES: readonly PlantedPhrase[] = [
  { id: "what-phrase-scaling-outbound", slot: "opener", text: "I saw your team is scaling outbound this quarter", inclusion: 0.15, effect: 1.6, note: "a specific, researched observation earns replies" },
  { id: "what-phrase-finds-you-well", slot: "opener", text: "I hope this message finds you well", inclusion: 0.15, effect: 0.6, note: "the cliché opener reads as a template" },
  { id: "what-phrase-cut-follow-up", slot: "value", text: "Teams like yours cut manual follow-up time in half", inclusion: 0.15, effect: 1.6, note: "a concrete outcome in the buyer's terms" },
  { id: "what-phrase-industry-leading", slot: "value", text: "Our all-in-one platform is the industry-leading solution", inclusion: 0.15, effect: 0.6, note: "vendor hype lowers replies" },
  { id: "what-phrase-38-percent", slot: "proof", text: "One customer booked 38% more meetings in the first month", inclusion: 0.15, effect: 1.6, note: "a specific number beats a vague claim" },
  { id: "what-phrase-trusted-by-thousands", slot: "proof", text: "We are trusted by thousands of companies worldwide", inclusion: 0.15, effect: 0.6, note: "a vague claim reads as spam" },
];

/** One of these fills each slot of every body; all are planted nulls. */
export const NEUTRAL_PHRASES: Readonly<Record<PhraseSlot, readonly string[]>> = {
  opener: [
    "I'm reaching out with a quick idea for your team",
    "I've been researching how teams in your space handle follow-up",
    "I wanted to share something we've been working on",
    "Reaching out because the timing might be right for this",
    "I work with revenue teams on pipeline quality",
    "Thought this might be timely given the quarter",
  ],
  value: [
    "We help sales teams respond to every lead within minutes",
    "Our agents learn from every reply and booking your team gets",
    "Our agents handle the first touch so reps can focus on calls",
    "We plug into the CRM you already use",
    "Most customers are live within a week",
    "It works across email, SMS, LinkedIn and phone",
  ],
  proof: [
    "Happy to share a short case study",
    "A few teams in your industry already use it",
    "Our customers range from startups to public companies",
    "We publish our customers' results on our website",
  ],
};

/** Email subject styles (`touch.attributes.subjectStyle`); effect on replies of email touches. */
export const SUBJECT_STYLES: readonly Level[] = [
  { value: "personalized", weight: 0.2, effect: 1.5, note: "the company name in the subject shows it is not a blast" },
  { value: "long_generic", weight: 0.3, effect: 0.67, note: "long generic subjects look like marketing" },
  { value: "question", weight: 0.25 },
  { value: "short", weight: 0.25 },
];

/** Subject texts per style; {company} and {first} are filled per lead. */
export const SUBJECTS_BY_STYLE: Readonly<Record<string, readonly string[]>> = {
  personalized: ["{company} + Pipewise", "An idea for {company}'s sales team", "{first}, a thought on {company}'s pipeline", "Noticed something about {company}"],
  long_generic: [
    "Helping companies like yours improve sales efficiency and drive revenue growth",
    "Introducing the platform modern sales teams and revenue leaders rely on",
    "An innovative way to transform your sales process and accelerate results",
    "Discover how leading organizations are rethinking their go-to-market strategy",
  ],
  question: ["Quick question about your pipeline?", "Still handling follow-up by hand?", "Worth a look?", "Open to a new idea?"],
  short: ["Quick idea", "Follow-up", "Pipeline", "Next step"],
};

/** Calls to action (`touch.cta`, also the body's last line). */
export const CTAS: readonly Level[] = [
  { value: "Would Tuesday or Thursday morning work for a 15-minute call?", weight: 0.2, effect: 1.4, note: "a concrete, low-effort ask" },
  { value: "Here's my calendar link if you want to grab a time.", weight: 0.27, effect: 0.7, note: "pushes the work onto the lead" },
  { value: "Worth a quick chat?", weight: 0.18 },
  { value: "Would it make sense to connect this week?", weight: 0.18 },
  { value: "Let me know if you'd like to learn more.", weight: 0.17 },
];

/** Message angle (`touch.angle`): recorded metadata of the content snapshot. */
export const ANGLES: readonly Level[] = [
  { value: "social_proof", weight: 0.2, effect: 1.35, note: "peers' results persuade" },
  { value: "urgency", weight: 0.28, effect: 0.75, note: "fake urgency backfires" },
  { value: "roi", weight: 0.18 },
  { value: "pain", weight: 0.17 },
  { value: "curiosity", weight: 0.17 },
];

/** Pain points (`touch.painPoints`, mentioned in email bodies): planted nulls. */
export const PAIN_POINTS: readonly string[] = [
  "slow lead response",
  "manual follow-up",
  "low reply rates",
  "appointment no-shows",
  "messy CRM data",
  "long rep ramp time",
  "poor pipeline visibility",
  "high acquisition cost",
];

export interface ModelOption extends Level {
  /** Blended USD per 1k tokens. */
  costPer1kTokens: number;
}

/** The model that wrote the message; effect on replies. gpt-4o-mini is as good as gpt-4o at ~6% of the cost. */
export const MODELS: readonly ModelOption[] = [
  { value: "gpt-4o", weight: 0.4, costPer1kTokens: 0.01 },
  { value: "gpt-4o-mini", weight: 0.4, costPer1kTokens: 0.0006 },
  { value: "llama-3.1-8b-instruct", weight: 0.2, costPer1kTokens: 0.0001, effect: 0.75, note: "the smallest model writes flat, generic copy" },
];
export const EXPENSIVE_MODEL = "gpt-4o";
export const CHEAP_EQUIVALENT_MODEL = "gpt-4o-mini";

/** Tokens (prompt + completion) per message by channel, uniform in [min, max]. */
export const TOKENS_BY_CHANNEL: Readonly<Record<Channel, readonly [number, number]>> = {
  email: [350, 650],
  linkedin: [180, 320],
  voice: [220, 380],
  sms: [60, 120],
  other: [100, 200],
};

export interface SequenceTemplate extends Level {
  /** Channel phases in order; a lead's touches fill the phases left to right. */
  channels: readonly Channel[];
}

/**
 * Channel sequences (`touch.attributes.sequence`, also visible as the order of a lead's
 * outreach channels with repeats collapsed). Effects are booking rate ratios vs the
 * single-channel "email" sequence.
 */
export const SEQUENCES: readonly SequenceTemplate[] = [
  { value: "email", channels: ["email"], weight: 0.25 },
  { value: "email>linkedin", channels: ["email", "linkedin"], weight: 0.15 },
  { value: "email>sms", channels: ["email", "sms"], weight: 0.2, effect: 0.625, note: "texting a cold lead early feels intrusive" },
  { value: "linkedin>email", channels: ["linkedin", "email"], weight: 0.12 },
  { value: "email>linkedin>voice", channels: ["email", "linkedin", "voice"], weight: 0.15, effect: 1.5, note: "three channels, ending with a human voice, beat email alone" },
  { value: "email>linkedin>email>sms", channels: ["email", "linkedin", "email", "sms"], weight: 0.13 },
];
export const SINGLE_CHANNEL_SEQUENCE = "email";

export interface SendWindow {
  id: string;
  label: string;
  /** 0 = Sunday … 6 = Saturday, in the lead's local time. */
  weekdays: readonly number[];
  /** Local hours (0–23) whose start falls in the window. */
  hours: readonly number[];
  effect: number;
  note: string;
}

/** Reply rate ratio of touches sent inside each window (lead-local time) vs outside all windows. */
export const SEND_WINDOWS: readonly SendWindow[] = [
  { id: "when-best-window", label: "Tue-Thu 09:00-11:00", weekdays: [2, 3, 4], hours: [9, 10], effect: 1.7, note: "mid-week mornings, when inboxes are triaged" },
  { id: "when-friday-afternoon", label: "Fri 12:00-18:00", weekdays: [5], hours: [12, 13, 14, 15, 16, 17], effect: 0.5, note: "Friday afternoon messages sink under the weekend" },
];

/** How outreach is scheduled in the lead's local time. Every weekday×hour cell gets some touches. */
export const SEND_SCHEDULE = {
  /** Share of touches inside working hours; the rest is uniform over all 24 hours. */
  workingHourShare: 0.85,
  firstWorkingHour: 8,
  lastWorkingHour: 17,
  /** A touch that falls on a weekend is kept there with this probability, else moved to Monday. */
  weekendKeepShare: 0.15,
  /** Days between touches: 1 + Poisson(mean). */
  extraGapDaysMean: 1.6,
  /** Reply delay: log-normal, median in minutes and log-sd. */
  replyDelayMedianMinutes: 180,
  replyDelayLogSd: 1.1,
} as const;

export const SENDERS: readonly string[] = ["Alex Morgan", "Jordan Lee", "Sam Rivera", "Taylor Brooks", "Casey Kim"];
export const VENDOR = "Pipewise";

/** promptRef per channel and position; all planted nulls (reply rates do not depend on step). */
export const PROMPT_REFS = {
  emailFirst: ["cold-open@v3", "cold-open@v4"],
  emailFollowUp: "follow-up@v2",
  emailLast: "breakup@v1",
  linkedin: "linkedin-note@v2",
  sms: "sms-nudge@v1",
  voice: "voicemail@v1",
  other: "generic@v1",
  reminder: "appointment-reminder@v1",
} as const;
