import { z } from "zod";
import { MODEL_TARGETS } from "../../services/models/datasets";
import { triggerStatus } from "../../services/models/feedback";
import { csvTrainInput, trainFromCsv } from "../../services/models/csv";
import { getModel, getModelPolicy, getRun, listModels, listModelsInput, modelPolicyInput, modelRefInput, promoteModel, requestTraining, rollbackModel, setModelPolicy, trainInput } from "../../services/models/registry";
import { predictConversion, predictConversionInput, predictShowUp, predictShowUpInput } from "../../services/models/serve";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const decisionNote = z.string().trim().max(1000).optional();

export const modelsRouter = createTRPCRouter({
  list: tenantProcedure("models:read").input(listModelsInput).query(({ ctx, input }) => listModels(ctx.tenant, input)),
  get: tenantProcedure("models:read").input(modelRefInput).query(({ ctx, input }) => getModel(ctx.tenant, input)),
  run: tenantProcedure("models:read").input(z.strictObject({ id: z.string().uuid() })).query(({ ctx, input }) => getRun(ctx.tenant, input)),
  triggers: tenantProcedure("models:read")
    .input(z.strictObject({ target: z.enum(MODEL_TARGETS) }))
    .query(({ ctx, input }) => triggerStatus(ctx.tenant.db, ctx.tenant.tenantId, input.target)),
  train: tenantProcedure("models:train")
    .input(trainInput)
    .mutation(async ({ ctx, input }) => (await requestTraining(ctx.tenant, input)).run),
  trainCsv: tenantProcedure("models:train").input(csvTrainInput).mutation(({ ctx, input }) => trainFromCsv(ctx.tenant, input)),
  promote: tenantProcedure("models:promote")
    .input(modelRefInput.extend({ note: decisionNote }))
    .mutation(({ ctx, input }) => promoteModel(ctx.tenant, input)),
  rollback: tenantProcedure("models:promote")
    .input(z.strictObject({ target: z.string().trim().min(1).max(100), note: decisionNote }))
    .mutation(({ ctx, input }) => rollbackModel(ctx.tenant, input)),
  policy: tenantProcedure("models:read").query(({ ctx }) => getModelPolicy(ctx.tenant)),
  setPolicy: tenantProcedure("models:promote").input(modelPolicyInput).mutation(({ ctx, input }) => setModelPolicy(ctx.tenant, input)),
  predictShowUp: tenantProcedure("models:predict").input(predictShowUpInput).mutation(({ ctx, input }) => predictShowUp(ctx.tenant, input)),
  predictConversion: tenantProcedure("models:predict").input(predictConversionInput).mutation(({ ctx, input }) => predictConversion(ctx.tenant, input)),
});
