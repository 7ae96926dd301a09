/**
 * Structure and behaviour of one call from its transcript (seed 002's structural and behavioural
 * patterns). Pure and deterministic; general English lexicons, not one agent's wording.
 *
 * Rules:
 * - Turns are taken in order of `startSeconds` (stable). A turn without a stage inherits the
 *   previous turn's stage; turns before the first labelled one belong to no stage. A transcript
 *   without any stage label (`staged: false`) still gets its structure and behaviour, but no
 *   per-stage figures; there the closing-only cues (confirmation, commitment asks) are looked for
 *   in the second half of the call.
 * - Time in a stage runs from a turn's start to the next turn's start (the pause after a turn
 *   belongs to its stage), the last turn to its end, so the stage times add up to the duration.
 * - Words are whitespace-separated runs holding a letter or digit; the talk ratio is the agent's
 *   words over all words. Sentences end at . ! ? followed by a space (so "2.5" stays whole).
 * - A question is an agent sentence ending in "?".
 * - An objection is a lead turn that reads as one (`OBJECTION`: already have a tool, no budget, not
 *   a good time, send me an email…), or the lead turn that opens a stage labelled
 *   objection_handling. Repeats before the agent acknowledges belong to the same objection. It is
 *   acknowledged quickly when the agent's next turn opens with an acknowledgement
 *   (`ACKNOWLEDGEMENT`: "I understand", "that makes sense", "fair point"…); it is deflected when
 *   that turn does not, and seconds-to-acknowledge run from the end of the objection to the start
 *   of the first agent turn that acknowledges it anywhere.
 * - The confirmation step: in closing or confirmation, the agent asks the lead to confirm the
 *   appointment or explicitly confirms it ("just to confirm", "you'll be there on…"), or — in
 *   confirmation only, where it cannot be a proposal — restates a time with an agreement tag ("so
 *   that's Tuesday at 10, right?"). Announcing a calendar invite alone is not one.
 * - A commitment ask: an agent question in closing or confirmation that proposes a time or asks
 *   for agreement ("does morning or afternoon work better?", "shall we put a demo on the calendar?").
 * - Personalization: agent sentences that name the lead's first name or company, a term of the
 *   lead's situation (when the caller passes one), or refer back to what the lead said or to their
 *   own team ("you mentioned", "your team").
 * - Enthusiasm: exclamation marks plus positive words in the agent's sentences.
 */
import { mentionsName } from "../patterns/text";
import { CALL_STAGES, type CallStage, type TranscriptTurn } from "../records";

/** What the caller knows about the lead, for personalization (and for masking names in sentences). */
export interface LeadContext {
  firstName?: string | null;
  company?: string | null;
  /** Terms of the lead's own situation the agent may refer to: industry, tools, pain points. */
  situation?: readonly string[] | null;
}

export interface TranscriptAnalysis {
  turnCount: number;
  /** At least one turn carries a stage label. */
  staged: boolean;
  durationSeconds: number;
  stageSeconds: Record<CallStage, number>;
  /** Time before the first labelled turn (all of it when nothing is labelled). */
  unstagedSeconds: number;
  /** Stages with at least one turn, in call order. */
  stagesReached: CallStage[];
  agentWords: number;
  leadWords: number;
  /** Agent words / all words; null without words. */
  agentTalkRatio: number | null;
  questionCount: number;
  questionsByStage: Record<CallStage, number>;
  objections: number;
  objectionsAcknowledgedQuickly: number;
  objectionsDeflected: number;
  /** Every objection acknowledged in the agent's first reply; null when there was no objection. */
  objectionAcknowledgedQuickly: boolean | null;
  /** Mean seconds from the end of an objection to the acknowledging turn; null when none was acknowledged. */
  secondsToAcknowledge: number | null;
  confirmationStep: boolean;
  commitmentAsks: number;
  personalizationCount: number;
  enthusiasmMarkers: number;
  /** The agent's sentences per stage, as spoken, for the phrase analysis. */
  agentSentences: Record<CallStage, string[]>;
  /** The same sentences with names, dates, times and numbers replaced by placeholders (`sentenceTemplate`). */
  agentSentenceTemplates: Record<CallStage, string[]>;
}

const INTERJECTION = String.raw`(?:(?:oh|ah|yes|yeah|yep|okay|ok|sure|well|right|so|look|hey|and|[\p{L}'-]+(?=,))[\s,.!—-]+){0,2}`;
const ACKNOWLEDGEMENT = new RegExp(
  "^" +
    INTERJECTION +
    String.raw`(?:i (?:completely |totally |fully |really |absolutely )?(?:understand|hear you|hear that|get (?:it|that|where|why|how)|see (?:what|where|why|your)|appreciate|can see why|know what you mean)|` +
    String.raw`(?:that|it|this) (?:totally |completely |really )?makes (?:total |complete |a lot of |perfect )?sense|makes sense|` +
    String.raw`(?:that'?s|that is|it'?s|what a) (?:a |an )?(?:totally |completely |very |really )?(?:fair|good|great|valid|reasonable|real|common|important|understandable|excellent) (?:point|question|concern|one|thing to ask)|` +
    String.raw`(?:that'?s|that is) (?:totally |completely )?(?:fair|understandable|reasonable|valid)|` +
    String.raw`(?:fair|good|great|valid) (?:point|enough|question|concern)|` +
    String.raw`(?:totally|completely|absolutely|of course|understood|understandable|no worries|no problem|got it|gotcha|you'?re (?:right|not alone|absolutely right))\b|` +
    String.raw`thanks? (?:you )?for (?:sharing|raising|telling|being (?:honest|upfront)|bringing|mentioning|flagging|asking))`,
  "iu",
);
const OBJECTION = new RegExp(
  [
    String.raw`\balready (?:have|use|using|work with|working with|got|pay for)\b`,
    String.raw`\b(?:happy|fine|good|set) with (?:our|what|the one|the current|how)\b`,
    String.raw`\bnot (?:interested|convinced|ready|a priority|looking|in the market|for us|a (?:good |great |real )?fit|the right (?:fit|time))\b`,
    String.raw`\b(?:isn'?t|is not|not|wasn'?t|bad|terrible|busy) (?:a |the )?(?:good |great |right |best )?time\b`,
    String.raw`\bnot sure (?:we|i|it|this|that|about|if)\b`,
    String.raw`\b(?:no|any|enough|out of|over) budget\b|\bbudget (?:is (?:tight|limited|gone|spent|frozen|an issue)|constraints?|for this)\b|\bnot in (?:the|our) budget\b`,
    String.raw`\b(?:can'?t|cannot|couldn'?t) (?:afford|justify|commit)\b|\btoo (?:expensive|pricey|costly|much|busy|early|soon)\b|\b(?:expensive|pricey)\b`,
    String.raw`\b(?:don'?t|do not) (?:need|want|have (?:the )?(?:time|budget|money|bandwidth))\b|\bno (?:need|time|bandwidth)\b`,
    String.raw`\b(?:don'?t|do not) think (?:it'?s|this is|we'?re|we need|it would)\b`,
    String.raw`\bsend (?:me |us )?(?:an |some |more )?(?:email|e-mail|info|information|details|something)\b`,
    String.raw`\b(?:call|reach out|circle back|get back) (?:to )?(?:me |us )?(?:later|another time|next (?:week|month|quarter|year))\b`,
    String.raw`\bthink (?:about|it over)\b|\bnext (?:quarter|year)\b`,
    String.raw`\b(?:concern(?:ed|s)?|worried|skeptical|hesitant|risky|doubt)\b`,
  ].join("|"),
  "i",
);
/** Dates and times; a confirmation that restates one is a confirmation. */
const TIME_REFERENCE =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|tomorrow|morning|afternoon|evening|next week|this week|noon|(?:\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.))|\d{1,2}:\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2})\b/i;
const CONFIRMATION =
  /\b(?:just to confirm|to confirm|can you confirm|could you confirm|confirming|let me (?:just )?(?:confirm|repeat|read (?:that|it) back)|(?:just )?to (?:double[- ]check|make sure we'?re)|(?:you'?ll|you will) be there|will you be (?:there|able to make it)|are we (?:all )?(?:set|good|confirmed)|(?:does|do) (?:that|this) (?:time )?still work|still (?:good|on) for)\b/i;
const AGREEMENT_TAG = /\b(?:right|correct|okay|ok|good|work|works|confirm(?:ed)?)\s*\?\s*$/i;
const TIME_PROPOSAL =
  /\b(?:when (?:would|works|is|are|can|could|will|do)|what (?:time|day)|which (?:time|day|slot)|a time|calendar|slot|schedule|book|diary|morning|afternoon|evening|today|tomorrow|next week|this week|monday|tuesday|wednesday|thursday|friday)\b/i;
const AGREEMENT_ASK =
  /\b(?:shall we|should we|can we|could we|let'?s|would you (?:be (?:open|up|willing|interested)|like|want)|are you (?:open|up for|in|willing)|do you want to|(?:does|would|will|do) (?:that|this|it|those|these) (?:\w+ )?work|work (?:better )?for you|sound (?:good|ok|okay|fair|right)|can i (?:book|put|send|pencil|grab|lock|get)|are we (?:all )?set|(?:you'?ll|you will) be there|confirm|would it make sense|is it ok(?:ay)? if|ready to)\b/i;
const REFERENCE_BACK =
  /\b(?:you (?:mentioned|said|told me|shared|noted|were saying)|earlier you|as you (?:said|mentioned|noted)|in your case|your (?:team|company|business|situation|case|organi[sz]ation|department)|for your team|teams? like yours)\b/i;
const POSITIVE = /\b(?:great|excellent|awesome|perfect|fantastic|wonderful|love|amazing|exciting|excited|glad|delighted|thrilled|brilliant|happy to)\b/gi;

const byStage = <T>(make: () => T) => Object.fromEntries(CALL_STAGES.map((s) => [s, make()])) as Record<CallStage, T>;
const isStage = (s: unknown): s is CallStage => typeof s === "string" && (CALL_STAGES as readonly string[]).includes(s);

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…]["”’')\]]?)\s+/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

export function countWords(text: string): number {
  let count = 0;
  for (const word of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(word)) count++;
  return count;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const WEEKDAY = /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi;
const MONTH_DAY = /\b(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.? \d{1,2}(?:st|nd|rd|th)?\b/gi;
const CLOCK = /\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?=\W|$)|\b\d{1,2}:\d{2}\b/gi;
const NUMBER = /\b\d+(?:[.,]\d+)*\b/g;

/**
 * A sentence as a reusable line: the lead's first name and company, weekdays, dates, clock times
 * and numbers become <first name>, <company>, <day>, <date>, <time>, <number>, so the same line
 * said to different leads about different appointments is counted as one.
 */
export function sentenceTemplater(lead: LeadContext = {}): (sentence: string) => string {
  const names: Array<[RegExp, string]> = [];
  for (const [value, placeholder] of [
    [lead.company, "<company>"],
    [lead.firstName, "<first name>"],
  ] as const) {
    const name = value?.trim();
    if (name && [...name].length >= 2) names.push([new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(name)}(?![\\p{L}\\p{N}_])`, "giu"), placeholder]);
  }
  return (sentence) => {
    let text = sentence;
    for (const [pattern, placeholder] of names) text = text.replace(pattern, placeholder);
    return text.replace(MONTH_DAY, "<date>").replace(WEEKDAY, "<day>").replace(CLOCK, "<time>").replace(NUMBER, "<number>").replace(/\s+/g, " ");
  };
}

export function sentenceTemplate(sentence: string, lead: LeadContext = {}): string {
  return sentenceTemplater(lead)(sentence);
}

function personal(sentence: string, lead: LeadContext): boolean {
  if (REFERENCE_BACK.test(sentence)) return true;
  const names = [lead.firstName, lead.company, ...(lead.situation ?? [])];
  return names.some((name) => !!name && mentionsName(sentence, name));
}

/** "So that's Tuesday at 10, right?" proposes a time in closing; only in confirmation does it confirm one. */
function isConfirmation(sentence: string, stage: CallStage | null): boolean {
  if (CONFIRMATION.test(sentence)) return true;
  return stage !== "closing" && sentence.endsWith("?") && TIME_REFERENCE.test(sentence) && AGREEMENT_TAG.test(sentence);
}

function isCommitmentAsk(sentence: string): boolean {
  return sentence.endsWith("?") && (TIME_PROPOSAL.test(sentence) || AGREEMENT_ASK.test(sentence));
}

export function isAcknowledgement(sentence: string): boolean {
  return ACKNOWLEDGEMENT.test(sentence.trim());
}

export function isObjection(text: string): boolean {
  return OBJECTION.test(text);
}

export function analyzeTranscript(transcript: readonly TranscriptTurn[] | null | undefined, lead: LeadContext = {}): TranscriptAnalysis {
  const turns = [...(transcript ?? [])]
    .filter((t) => t && Number.isFinite(t.startSeconds))
    .map((t, index) => ({ t, index }))
    .sort((a, b) => a.t.startSeconds - b.t.startSeconds || a.index - b.index)
    .map(({ t }) => t);
  const stageSeconds = byStage(() => 0);
  const questionsByStage = byStage(() => 0);
  const agentSentences = byStage<string[]>(() => []);
  const agentSentenceTemplates = byStage<string[]>(() => []);
  const reached = new Set<CallStage>();
  const template = sentenceTemplater(lead);
  const staged = turns.some((t) => isStage(t.stage));
  let unstagedSeconds = 0;
  let agentWords = 0;
  let leadWords = 0;
  let questionCount = 0;
  let commitmentAsks = 0;
  let personalizationCount = 0;
  let enthusiasmMarkers = 0;
  let confirmationStep = false;
  let stage: CallStage | null = null;
  let objections = 0;
  let quick = 0;
  let deflected = 0;
  const delays: number[] = [];
  // Without stage labels the closing cues are looked for in the second half of the call.
  const firstStart = turns.length ? turns[0].startSeconds : 0;
  const lastEnd = turns.reduce((m, t) => Math.max(m, Number.isFinite(t.endSeconds) ? t.endSeconds : t.startSeconds), firstStart);
  const secondHalf = (firstStart + lastEnd) / 2;
  /** The objection waiting for the agent's acknowledgement. */
  let open: { endedAt: number; replied: boolean } | null = null;

  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i];
    const labelled = isStage(turn.stage) ? turn.stage : null;
    const opensStage = labelled !== null && labelled !== stage;
    if (labelled) stage = labelled;
    const next = turns[i + 1];
    const end = Number.isFinite(turn.endSeconds) ? Math.max(turn.startSeconds, turn.endSeconds) : turn.startSeconds;
    const seconds = Math.max(0, (next ? next.startSeconds : end) - turn.startSeconds);
    if (stage) {
      stageSeconds[stage] += seconds;
      reached.add(stage);
    } else unstagedSeconds += seconds;
    const text = typeof turn.text === "string" ? turn.text : "";

    if (turn.speaker === "lead") {
      leadWords += countWords(text);
      const objection = isObjection(text) || (opensStage && labelled === "objection_handling");
      if (objection && !open) {
        open = { endedAt: end, replied: false };
        objections++;
      }
      continue;
    }
    if (turn.speaker !== "agent") continue;

    agentWords += countWords(text);
    const sentences = splitSentences(text);
    const closingLike = staged ? stage === "closing" || stage === "confirmation" : turn.startSeconds >= secondHalf;
    for (const sentence of sentences) {
      if (stage) {
        agentSentences[stage].push(sentence);
        agentSentenceTemplates[stage].push(template(sentence));
      }
      if (sentence.endsWith("?")) {
        questionCount++;
        if (stage) questionsByStage[stage]++;
      }
      if (closingLike && isConfirmation(sentence, stage)) confirmationStep = true;
      if (closingLike && isCommitmentAsk(sentence)) commitmentAsks++;
      if (personal(sentence, lead)) personalizationCount++;
      enthusiasmMarkers += (sentence.match(/!/g)?.length ?? 0) + (sentence.match(POSITIVE)?.length ?? 0);
    }
    if (open) {
      if (!open.replied) {
        open.replied = true;
        if (sentences.length && isAcknowledgement(sentences[0])) quick++;
        else deflected++;
      }
      if (sentences.some(isAcknowledgement)) {
        delays.push(Math.max(0, turn.startSeconds - open.endedAt));
        open = null;
      }
    }
  }

  const total = agentWords + leadWords;
  return {
    turnCount: turns.length,
    staged,
    durationSeconds: lastEnd - firstStart,
    stageSeconds,
    unstagedSeconds,
    stagesReached: CALL_STAGES.filter((s) => reached.has(s)),
    agentWords,
    leadWords,
    agentTalkRatio: total ? agentWords / total : null,
    questionCount,
    questionsByStage,
    objections,
    objectionsAcknowledgedQuickly: quick,
    objectionsDeflected: deflected,
    objectionAcknowledgedQuickly: objections ? quick === objections : null,
    secondsToAcknowledge: delays.length ? delays.reduce((s, d) => s + d, 0) / delays.length : null,
    confirmationStep,
    commitmentAsks,
    personalizationCount,
    enthusiasmMarkers,
    agentSentences,
    agentSentenceTemplates,
  };
}
