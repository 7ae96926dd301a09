/**
 * Voice calls with transcripts: the agent's behaviours are drawn first (independently of the
 * lead), the transcript is written from them, and the show-up log-odds they imply are returned
 * to the funnel. The transcript is always built (from its own stream) so that durations and the
 * measured talk ratio do not depend on includeTranscripts; that switch only drops the turns.
 */
import { CALL_STAGES, type CallRecord, type CallStage, type Speaker, type TranscriptTurn } from "../records";
import {
  AGENT_LINES, AGENT_NAMES, AGENT_VOICES, CALL_BEHAVIOURS, CALL_MODEL, CALL_PROMPT_REF, DISCOVERY_QUESTIONS, LEAD_LINES, MOTIVATIONS,
  NEUTRAL_AGENT_PHRASES, NON_BOOKED_REACH_CLOSING, SHOW_MODEL,
} from "./call-catalog";
import { VENDOR } from "./content-catalog";
import type { WorldModel } from "./model";
import { type Rng, clamp } from "./random";

export interface CallPlan {
  booked: boolean;
  hookPhrase: boolean;
  closingPhrase: boolean;
  confirmationStep: boolean;
  discoveryQuestions: number;
  /** Planned agent share of words; the transcript realises it within about ±0.02. */
  plannedTalkRatio: number;
  objectionCount: number;
  quickAcknowledgement: boolean;
  reachedClosing: boolean;
  commitmentScore: number;
  bantScore: number;
  motivation: string;
  agentVoice: string;
  agentName: string;
}

const B = CALL_BEHAVIOURS;

/** Draws the agent's behaviours and the call scores (same number of draws for every call). */
export function planCall(rng: Rng, booked: boolean, interest: number, model: WorldModel): CallPlan {
  const plan: CallPlan = {
    booked,
    hookPhrase: rng.bernoulli(B.hookPhrase.probability),
    closingPhrase: rng.bernoulli(B.closingPhrase.probability),
    confirmationStep: rng.bernoulli(B.confirmationStep.probability),
    discoveryQuestions: B.discoveryQuestions.base + rng.poisson(B.discoveryQuestions.poissonMean),
    plannedTalkRatio: clamp(rng.normal(B.talkRatio.mean, B.talkRatio.sd), B.talkRatio.min, B.talkRatio.max),
    objectionCount: Math.min(B.objections.max, rng.poisson(B.objections.poissonMean)),
    quickAcknowledgement: rng.bernoulli(B.quickAcknowledgement.probability),
    reachedClosing: rng.bernoulli(NON_BOOKED_REACH_CLOSING),
    // Commitment follows the lead's latent interest; BANT and motivation are independent noise.
    commitmentScore: Math.round(clamp((booked ? 55 : 35) + model.commitmentInterestLoading * interest + rng.normal(0, model.commitmentNoiseSd), 0, 100)),
    bantScore: rng.int(20, 95),
    motivation: rng.pick(MOTIVATIONS),
    agentVoice: rng.pick(AGENT_VOICES),
    agentName: rng.pick(AGENT_NAMES),
  };
  if (booked) plan.reachedClosing = true;
  else plan.confirmationStep = false;
  return plan;
}

export function stageReached(plan: CallPlan): CallStage {
  if (plan.booked) return "confirmation";
  if (plan.reachedClosing) return "closing";
  return plan.objectionCount > 0 ? "objection_handling" : "value_presentation";
}

/** Show-up log-odds added by a booked call (terms centred so an average call adds about 0). */
export function callShowLogOdds(plan: CallPlan, talkRatio: number, daysToAppointment: number, model: WorldModel): number {
  const s = model.show;
  const z = (talkRatio - B.talkRatio.peak) / B.talkRatio.width;
  const expectedZ2 = ((B.talkRatio.mean - B.talkRatio.peak) ** 2 + B.talkRatio.sd ** 2) / B.talkRatio.width ** 2;
  const soon = plan.commitmentScore >= SHOW_MODEL.soonCommitment.minCommitment && daysToAppointment <= SHOW_MODEL.soonCommitment.maxDays;
  return (
    s.hook * ((plan.hookPhrase ? 1 : 0) - B.hookPhrase.probability) +
    s.closing * ((plan.closingPhrase ? 1 : 0) - B.closingPhrase.probability) +
    s.confirmation * ((plan.confirmationStep ? 1 : 0) - B.confirmationStep.probability) +
    s.perQuestion * (plan.discoveryQuestions - B.discoveryQuestions.center) +
    (plan.objectionCount > 0 ? s.quickAck * (plan.quickAcknowledgement ? 0.5 : -0.5) : 0) +
    s.talkRatio * (z * z - expectedZ2) +
    s.commitmentPerPoint * (plan.commitmentScore - SHOW_MODEL.commitmentCenter) +
    (soon ? s.soonCommitment : 0)
  );
}

interface DraftTurn {
  speaker: Speaker;
  text: string;
  stage: CallStage;
  /** Pause before the turn, in seconds. */
  gap: number;
}

export interface BuiltTranscript {
  turns: TranscriptTurn[];
  durationSeconds: number;
  /** Measured agent words / all words. */
  talkRatio: number;
}

function wordCount(text: string): number {
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) count++;
  return count;
}

/** Writes the call turn by turn, pads it to the planned talk ratio, then times it at speaking pace. */
export function buildTranscript(plan: CallPlan, firstName: string, appointmentLabel: string | null, rng: Rng): BuiltTranscript {
  const drafts: DraftTurn[] = [];
  const say = (speaker: Speaker, text: string, stage: CallStage, gap = rng.uniform(0.4, 1.4)) => drafts.push({ speaker, text, stage, gap });

  const hook = `Hi ${firstName}, this is ${plan.agentName} from ${VENDOR}. ${rng.pick(NEUTRAL_AGENT_PHRASES.hook)}`;
  say("agent", plan.hookPhrase ? `${hook} ${B.hookPhrase.sentence}` : hook, "hook", rng.uniform(0.5, 2));
  say("lead", rng.pick(LEAD_LINES.hookReply), "hook");
  const questions = rng.shuffle(DISCOVERY_QUESTIONS);
  for (let q = 0; q < plan.discoveryQuestions; q++) {
    say("agent", questions[q % questions.length], "qualification");
    say("lead", rng.pick(LEAD_LINES.answers), "qualification");
  }
  say("agent", rng.pick(NEUTRAL_AGENT_PHRASES.value_presentation), "value_presentation");
  say("lead", rng.pick(LEAD_LINES.valueReply), "value_presentation");
  for (let o = 0; o < plan.objectionCount; o++) {
    say("lead", rng.pick(LEAD_LINES.objections), "objection_handling");
    const answer = `${rng.pick(AGENT_LINES.acknowledgements)} ${rng.pick(NEUTRAL_AGENT_PHRASES.objection_handling)}`;
    if (plan.quickAcknowledgement) {
      say("agent", answer, "objection_handling", rng.uniform(0.2, 0.8));
    } else {
      say("agent", rng.pick(AGENT_LINES.pitchContinuations), "objection_handling");
      say("lead", rng.pick(LEAD_LINES.objectionRepeat), "objection_handling");
      say("agent", answer, "objection_handling");
    }
  }
  if (!plan.reachedClosing) {
    const stage = drafts[drafts.length - 1].stage;
    say("lead", rng.pick(LEAD_LINES.earlyExit), stage);
    say("agent", rng.pick(AGENT_LINES.declineGoodbye), stage);
  } else {
    const ask = rng.pick(NEUTRAL_AGENT_PHRASES.closing);
    say("agent", plan.closingPhrase ? `${ask} ${B.closingPhrase.sentence}` : ask, "closing");
    if (!plan.booked) {
      say("lead", rng.pick(LEAD_LINES.decline), "closing");
      say("agent", rng.pick(AGENT_LINES.declineGoodbye), "closing");
    } else {
      say("lead", rng.pick(plan.closingPhrase ? LEAD_LINES.morningAfternoonAnswer : LEAD_LINES.bookedAnswer), "closing");
      const when = appointmentLabel ?? "our call";
      const recap = AGENT_LINES.recap.replace("{appointment}", when);
      say("agent", plan.confirmationStep ? `${recap} ${AGENT_LINES.confirmationQuestion.replace("{appointment}", when)}` : recap, "confirmation");
      say("lead", rng.pick(plan.confirmationStep ? LEAD_LINES.confirmYes : LEAD_LINES.confirmPlain), "confirmation");
      say("agent", rng.pick(AGENT_LINES.goodbye), "confirmation");
    }
  }

  // Pad with filler sentences until the agent's share of words matches the plan.
  let agentWords = 0;
  let leadWords = 0;
  for (const d of drafts) {
    if (d.speaker === "agent") agentWords += wordCount(d.text);
    else leadWords += wordCount(d.text);
  }
  const target = plan.plannedTalkRatio;
  const padTurns = (speaker: Speaker) => drafts.filter((d) => d.speaker === speaker && (d.stage === "qualification" || d.stage === "value_presentation"));
  if (agentWords / (agentWords + leadWords) > target) {
    const turns = padTurns("lead");
    const needed = (agentWords * (1 - target)) / target - leadWords;
    for (let added = 0, i = 0; added < needed - 4; i++) {
      const filler = rng.pick(LEAD_LINES.fillers);
      turns[i % turns.length].text += ` ${filler}`;
      added += wordCount(filler);
    }
  } else {
    const turns = padTurns("agent");
    const needed = (leadWords * target) / (1 - target) - agentWords;
    for (let added = 0, i = 0; added < needed - 5; i++) {
      const filler = rng.pick(AGENT_LINES.fillers);
      turns[i % turns.length].text += ` ${filler}`;
      added += wordCount(filler);
    }
  }

  // Time the turns: about 2.6 words per second, pauses between turns.
  agentWords = 0;
  leadWords = 0;
  const turns: TranscriptTurn[] = [];
  let clock = 0;
  for (const d of drafts) {
    const words = wordCount(d.text);
    if (d.speaker === "agent") agentWords += words;
    else leadWords += words;
    const startSeconds = Math.round((clock + d.gap) * 10) / 10;
    const endSeconds = Math.round((startSeconds + Math.max(0.6, (words / 2.6) * rng.uniform(0.85, 1.15))) * 10) / 10;
    turns.push({ speaker: d.speaker, text: d.text, startSeconds, endSeconds, stage: d.stage });
    clock = endSeconds;
  }
  return { turns, durationSeconds: Math.ceil(clock + rng.uniform(1, 3)), talkRatio: agentWords / (agentWords + leadWords) };
}

export interface CallRecordInput {
  externalId: string;
  leadExternalId: string;
  startedAt: string;
  plan: CallPlan;
  transcript: BuiltTranscript;
  includeTranscript: boolean;
  appointmentAt: string | null;
  daysToAppointment: number | null;
}

export function callRecord(input: CallRecordInput): CallRecord {
  const { plan, transcript } = input;
  const stage = stageReached(plan);
  return {
    externalId: input.externalId,
    leadExternalId: input.leadExternalId,
    startedAt: input.startedAt,
    durationSeconds: transcript.durationSeconds,
    stageReached: stage,
    transcript: input.includeTranscript ? transcript.turns : [],
    commitmentScore: plan.commitmentScore,
    funnelCompletion: Math.round((100 * (CALL_STAGES.indexOf(stage) + 1)) / CALL_STAGES.length),
    bantScore: plan.bantScore,
    objectionCount: plan.objectionCount,
    motivation: plan.motivation,
    appointmentAt: input.appointmentAt,
    daysToAppointment: input.daysToAppointment,
    promptRef: CALL_PROMPT_REF,
    model: CALL_MODEL,
    attributes: {
      booked: plan.booked,
      agentTalkRatio: Math.round(transcript.talkRatio * 1000) / 1000,
      discoveryQuestions: plan.discoveryQuestions,
      objectionAcknowledgedQuickly: plan.objectionCount > 0 ? plan.quickAcknowledgement : null,
      confirmationStep: plan.confirmationStep,
      agentVoice: plan.agentVoice,
    },
  };
}
