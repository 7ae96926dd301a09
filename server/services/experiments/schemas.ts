/**
 * Inputs of the experiments capability, shared by tRPC, the HTTP API and jobs. Defaults follow
 * the seeds: at least 100 units per arm before any decision (seed 002) and a +5% relative lift
 * to deploy (seed 004).
 */
import { z } from "zod";

/** Metrics an experiment can be judged on: the share of exposed units with an outcome, or revenue per unit. */
export const EXPERIMENT_METRICS = ["replied", "booked", "showed", "converted", "revenue"] as const;
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];
/** Guardrails may also watch outcomes where more is worse. */
export const GUARDRAIL_METRICS = [...EXPERIMENT_METRICS, "no_show", "lost"] as const;
export type GuardrailMetric = (typeof GUARDRAIL_METRICS)[number];
export const LOWER_IS_BETTER: ReadonlySet<GuardrailMetric> = new Set(["no_show", "lost"]);

const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-_.]{0,63}$/, "lowercase letters, digits, '-', '_' or '.', at most 64 characters");

export const armInput = z.strictObject({
  key,
  name: z.string().trim().min(1).max(100).optional(),
  /** Version number of the experiment's prompt (or config item) this arm serves. */
  version: z.number().int().min(1),
  weight: z.number().positive().max(1000).default(1),
  isControl: z.boolean().optional(),
});

export const guardrailInput = z.strictObject({
  metric: z.enum(GUARDRAIL_METRICS),
  /** Largest tolerated relative worsening, e.g. 0.02 = a 2% drop (or rise, for no_show/lost). */
  maxRelativeDrop: z.number().min(0).max(1).default(0),
});

export const createExperimentInput = z
  .strictObject({
    key,
    name: z.string().trim().min(1).max(200),
    hypothesis: z.string().trim().max(2000).optional(),
    prompt: z.string().trim().min(1).max(100),
    arms: z.array(armInput).min(2).max(8),
    primaryMetric: z.enum(EXPERIMENT_METRICS),
    guardrails: z.array(guardrailInput).max(10).default([]),
    minSamplePerArm: z.number().int().min(10).max(10_000_000).default(100),
    maxSamplePerArm: z.number().int().min(10).max(100_000_000).optional(),
    minRelativeLift: z.number().min(0).max(10).default(0.05),
    alpha: z.number().gt(0).max(0.2).default(0.05),
    method: z.enum(["sequential", "fixed"]).default("sequential"),
    correction: z.enum(["holm", "fdr_bh"]).default("holm"),
    allocation: z.enum(["fixed", "thompson"]).default("fixed"),
    attributionWindowDays: z.number().int().min(1).max(365).default(14),
    /** Hash seed of the split; random by default. Reusing one reproduces an earlier split (and its imbalance), so only set it on purpose. */
    salt: z.string().trim().regex(/^[A-Za-z0-9_.-]{4,64}$/, "4 to 64 letters, digits, '-', '_' or '.'").optional(),
    start: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    const keys = new Set<string>();
    input.arms.forEach((arm, i) => {
      if (keys.has(arm.key)) ctx.addIssue({ code: "custom", path: ["arms", i, "key"], message: `duplicate arm key ${arm.key}` });
      keys.add(arm.key);
    });
    const controls = input.arms.filter((a) => a.isControl).length;
    if (controls > 1) ctx.addIssue({ code: "custom", path: ["arms"], message: "exactly one arm may be the control" });
    if (input.maxSamplePerArm !== undefined && input.maxSamplePerArm < input.minSamplePerArm) {
      ctx.addIssue({ code: "custom", path: ["maxSamplePerArm"], message: "must be at least minSamplePerArm" });
    }
    input.guardrails.forEach((g, i) => {
      if (g.metric === input.primaryMetric) ctx.addIssue({ code: "custom", path: ["guardrails", i, "metric"], message: "the primary metric cannot also be a guardrail" });
    });
  });
export type CreateExperimentInput = z.infer<typeof createExperimentInput>;

export const experimentRefInput = z.strictObject({ key });
export const listExperimentsInput = z.strictObject({
  status: z.enum(["draft", "running", "stopped", "completed"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const assignInput = z.strictObject({
  experiment: key,
  /** The unit randomised: the lead's external id, as agents already send it with touches. */
  unitId: z.string().trim().min(1).max(200),
});
export type AssignInput = z.infer<typeof assignInput>;

export const stopExperimentInput = z.strictObject({ key, reason: z.string().trim().max(500).optional() });
