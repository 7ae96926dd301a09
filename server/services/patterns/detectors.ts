import type { DetectOptions, PatternSet, PatternTarget, PatternType } from "../../core/patterns/types";
import type { PrismaClient } from "../../db";
import { detectHow } from "./how";
import { detectWhat } from "./what";
import { detectWhen } from "./when";
import { detectWho } from "./who";

export type Detector = (db: PrismaClient, tenantId: string, options: DetectOptions) => Promise<PatternSet>;

export const DETECTORS: Record<PatternType, Detector> = {
  who: detectWho as Detector,
  what: detectWhat as Detector,
  when: detectWhen as Detector,
  how: detectHow as Detector,
};

/** The outcomes each detector learns for; the first is its primary target (its sample size). */
export const DETECTOR_TARGETS: Record<PatternType, PatternTarget[]> = {
  who: ["booked", "replied", "showed", "converted"],
  what: ["replied", "booked", "converted"],
  when: ["replied", "booked", "converted"],
  how: ["booked", "converted"],
};
