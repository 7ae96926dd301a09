import { assignUnit } from "../../services/experiments/assign";
import { evaluateExperimentByKey } from "../../services/experiments/evaluate";
import { createExperiment, getExperiment, listExperiments, startExperiment, stopExperiment } from "../../services/experiments/manage";
import { assignInput, createExperimentInput, experimentRefInput, listExperimentsInput, stopExperimentInput } from "../../services/experiments/schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const experimentsRouter = createTRPCRouter({
  list: tenantProcedure("experiments:read").input(listExperimentsInput).query(({ ctx, input }) => listExperiments(ctx.tenant, input)),
  get: tenantProcedure("experiments:read").input(experimentRefInput).query(({ ctx, input }) => getExperiment(ctx.tenant, input)),
  create: tenantProcedure("experiments:write").input(createExperimentInput).mutation(({ ctx, input }) => createExperiment(ctx.tenant, input)),
  start: tenantProcedure("experiments:run").input(experimentRefInput).mutation(({ ctx, input }) => startExperiment(ctx.tenant, input)),
  stop: tenantProcedure("experiments:run").input(stopExperimentInput).mutation(({ ctx, input }) => stopExperiment(ctx.tenant, input)),
  evaluate: tenantProcedure("experiments:run").input(experimentRefInput).mutation(({ ctx, input }) => evaluateExperimentByKey(ctx.tenant, input)),
  assign: tenantProcedure("experiments:assign").input(assignInput).mutation(({ ctx, input }) => assignUnit(ctx.tenant, input)),
});
