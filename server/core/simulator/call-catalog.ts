/**
 * Booking calls and appointments: agent phrase pools per stage, the planted excellence
 * behaviours and the show-up model (log-odds, multiplied by effectScale).
 *
 * Planted phrases are extra sentences added independently of the neutral ones, so neutral
 * phrases stay exact nulls; behaviours are drawn independently of the lead, so their effect on
 * show-up is causal and unconfounded.
 */

/** Excellence behaviours: probability per call and show-up log-odds at effectScale 1. */
export const CALL_BEHAVIOURS = {
  hookPhrase: {
    id: "excellence-hook-noticed-team",
    keyPhrase: "I noticed that your team",
    sentence: "I noticed that your team has been growing fast, so I wanted to reach out personally.",
    probability: 0.35,
    showLogOdds: 0.9,
    note: "a researched, personal opening earns commitment",
  },
  closingPhrase: {
    id: "excellence-closing-morning-afternoon",
    keyPhrase: "Does morning or afternoon work better",
    sentence: "Does morning or afternoon work better for you?",
    probability: 0.4,
    showLogOdds: 0.9,
    note: "an either/or choice makes the lead pick a slot they can keep",
  },
  confirmationStep: {
    id: "excellence-confirmation-step",
    keyPhrase: "Just to confirm, you'll be there on",
    probability: 0.45,
    showLogOdds: 1.1,
    note: "saying the time back out loud is a commitment device",
  },
  /** Discovery questions: 2 + Poisson(4); each one above the mean of 6 adds log-odds. */
  discoveryQuestions: { id: "excellence-discovery-questions", base: 2, poissonMean: 4, center: 6, showLogOddsPerQuestion: 0.18, note: "more questions, more buy-in" },
  /** Quick acknowledgement of an objection (vs deflecting first); ± half the log-odds around 0. */
  quickAcknowledgement: { id: "excellence-objection-acknowledged-quickly", probability: 0.5, showLogOdds: 1.0, note: "feeling heard removes the reason to ghost" },
  /** Agent share of words: Normal(0.55, 0.12) clipped; show-up log-odds −k·(z² − E z²), z = (r − peak)/width. */
  talkRatio: { id: "excellence-talk-ratio-near-055", mean: 0.55, sd: 0.12, min: 0.25, max: 0.85, peak: 0.55, width: 0.15, showLogOdds: -1.0, note: "monologues and interrogations both put leads off" },
  /** Objections per call: min(3, Poisson(0.9)); a planted null by itself. */
  objections: { poissonMean: 0.9, max: 3 },
} as const;

/** The appointment and show-up process for booked leads (calls or not). */
export const SHOW_MODEL = {
  /** Show rate for an appointment within a week, without reminder, for an average call. */
  baseShowRate: 0.74,
  /** Appointment day: within 1–7 days with this share, else 8–21 days. */
  nearShare: 0.6,
  nearDays: [1, 7],
  farDays: [8, 21],
  /** Show-up log-odds of a far appointment (8+ days): people forget or move on. */
  farLogOdds: -2.0,
  /** The reminder sms and who gets it: mostly the far-booked, so pooled data makes it look harmful. */
  reminderLogOdds: 0.8,
  reminderShareByBucket: { "0-7": 0.25, "8+": 0.8 },
  /** Commitment score: linear log-odds per point above the center (predictor truth). */
  commitmentCenter: 55,
  commitmentLogOddsPerPoint: 0.03,
  /** Nonlinear interaction: a firm commitment for a very soon appointment adds log-odds. */
  soonCommitment: { minCommitment: 65, maxDays: 3, logOdds: 0.9 },
  /** Downstream rates (not planted effects). */
  confirmedIfShowed: 0.9,
  confirmedIfNoShow: 0.45,
  convertedIfShowed: 0.35,
  referredIfConverted: 0.15,
  lostIfNoShow: 0.5,
  lostIfShowedNotConverted: 0.6,
  lostIfRepliedNotBooked: 0.3,
} as const;

export const DAYS_BUCKET_NEAR = "0-7";
export const DAYS_BUCKET_FAR = "8+";

export function daysToAppointmentBucket(days: number): string {
  return days <= 7 ? DAYS_BUCKET_NEAR : DAYS_BUCKET_FAR;
}

/** Non-booked leads get a (declined) call with this share of callShare. */
export const NON_BOOKED_CALL_FACTOR = 0.1;
/** Share of non-booked calls that reach the closing ask before declining. */
export const NON_BOOKED_REACH_CLOSING = 0.6;

export const AGENT_NAMES: readonly string[] = ["Alex", "Jordan", "Sam", "Taylor", "Casey"];
/** `call.attributes.agentVoice`: planted null. */
export const AGENT_VOICES: readonly string[] = ["alloy", "verse", "sage"];
/** `call.motivation`: planted null. */
export const MOTIVATIONS: readonly string[] = ["cost_savings", "growth", "efficiency", "compliance", "replace_tool"];
export const CALL_PROMPT_REF = "booking-call@v5";
export const CALL_MODEL = "gpt-4o-realtime";

/** Neutral agent sentences per stage: planted nulls (compare among calls that reached the stage). */
export const NEUTRAL_AGENT_PHRASES = {
  hook: [
    "Thanks for taking my call, I'll keep this short.",
    "I'm calling about the note we sent last week.",
    "I'll be brief, I know your day is busy.",
    "Hope your week is going well so far.",
  ],
  value_presentation: [
    "We help teams respond to every lead in under five minutes.",
    "Our agents follow up across email, SMS and phone automatically.",
    "Most teams see more booked meetings in the first month.",
    "It plugs into your CRM, so nothing changes for your reps.",
  ],
  objection_handling: [
    "Many of our customers switched from a similar setup.",
    "We can start small with a pilot on one team.",
    "Pricing scales with usage, so it's low risk to try.",
    "Setup takes an afternoon and we do most of it.",
  ],
  closing: [
    "When would be a good time for a proper demo?",
    "Would you be open to a follow-up meeting with our team?",
    "Can we find a time for a walkthrough next week?",
    "Shall we put a short demo on the calendar?",
  ],
} as const;

/** Discovery questions (their texts are proxies of the question count, not nulls). */
export const DISCOVERY_QUESTIONS: readonly string[] = [
  "How are you handling lead follow-up today?",
  "How many people are on your sales team?",
  "What does your current booking process look like?",
  "What happens when a lead doesn't respond?",
  "Which CRM are you using right now?",
  "How quickly do you usually reply to inbound leads?",
  "What would a good quarter look like for you?",
  "Who else is involved in decisions like this?",
  "What have you tried so far?",
  "How many demos does your team run each week?",
  "What's the biggest bottleneck in your pipeline?",
  "When are you hoping to have this solved?",
  "How do you measure your reps today?",
  "What made you open our email?",
];

export const LEAD_LINES = {
  hookReply: ["Sure, go ahead.", "Okay, I have a few minutes.", "Hi, yes, what's this about?", "Sure, what's up."],
  answers: [
    "Right now it's mostly manual.",
    "We have about twelve reps.",
    "Honestly, it depends on the week.",
    "We use Salesforce, but it's messy.",
    "Usually within a day, sometimes longer.",
    "Mostly our SDRs chase them by email.",
    "More meetings without hiring more people.",
    "My manager would need to sign off.",
    "We tried a tool last year.",
    "Probably fifteen or twenty a week.",
  ],
  valueReply: ["That sounds interesting.", "Okay, I follow.", "How does that work with our CRM?", "Right, makes sense."],
  objections: ["We already have a tool for that.", "Now isn't a great time for us.", "I'm not sure we have budget for this.", "Can you just send me an email?"],
  objectionRepeat: ["Okay, but that's still a concern for me.", "Right, but my point stands.", "Sure, but that doesn't answer my question."],
  bookedAnswer: ["Next Tuesday could work.", "Sure, let's do it.", "Okay, send me a time.", "Let's do Thursday."],
  morningAfternoonAnswer: ["Morning works better for me.", "Afternoons are easier.", "Morning, before my standup."],
  decline: ["I don't think it's a fit right now.", "Let me think about it and get back to you.", "We're not looking at this until next year."],
  earlyExit: ["I have to jump, can you send me an email?", "Sorry, I need to run to a meeting."],
  confirmYes: ["Yes, I'll be there.", "Yes, that's right, I'll be there."],
  confirmPlain: ["Sounds good.", "Great, thanks."],
  fillers: [
    "We've been talking about this internally for a while.",
    "Honestly, most of it is still done by hand today.",
    "Our reps are stretched pretty thin right now.",
    "We tried something similar last year but it didn't stick.",
    "It depends on the season, but it's usually busy.",
  ],
} as const;

export const AGENT_LINES = {
  acknowledgements: ["That's a fair point.", "I hear you.", "Totally understand.", "That makes sense."],
  /** Deflecting before acknowledging (the slow path; proxies of the behaviour, not nulls). */
  pitchContinuations: ["Let me finish walking you through how it works first.", "Before we get into that, one more thing about the platform.", "Hold that thought, I want to show you the results piece."],
  recap: "Great, I'll send a calendar invite for {appointment}.",
  confirmationQuestion: "Just to confirm, you'll be there on {appointment}?",
  goodbye: ["Thanks, talk soon.", "Perfect, speak then.", "Thanks for your time, talk soon."],
  declineGoodbye: ["Understood, thanks for your time.", "No problem, I'll send a short summary by email."],
  fillers: [
    "To give you some context, we work with a lot of teams in a similar position.",
    "The way it works is pretty simple once it's connected.",
    "I'll make sure to send over a summary after this call.",
    "That's something we hear a lot from teams your size.",
  ],
} as const;
