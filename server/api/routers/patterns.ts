import { z } from "zod";
import { PATTERN_TYPES } from "../../core/patterns/types";
import { backfillInput, getPatternRun, listPatternRuns, requestPatternRun } from "../../services/patterns/learn";
import { bestSendWindow, bestSendWindowInput, nextChannel, nextChannelInput, scoreLeads, scoreLeadsInput } from "../../services/patterns/recommend";
import { getPatternSettings, updatePatternSettings, updatePatternSettingsInput } from "../../services/patterns/settings";
import { getCurrentPattern, getPatternHistory, latestHealthCheck, listCurrentPatterns } from "../../services/patterns/store";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const typeInput = z.object({ type: z.enum(PATTERN_TYPES) });

export const patternsRouter = createTRPCRouter({
  list: tenantProcedure("data:read").query(({ ctx }) => listCurrentPatterns(ctx.tenant)),
  settings: tenantProcedure("data:read").query(({ ctx }) => getPatternSettings(ctx.tenant)),
  updateSettings: tenantProcedure("patterns:manage").input(updatePatternSettingsInput).mutation(({ ctx, input }) => updatePatternSettings(ctx.tenant, input)),
  get: tenantProcedure("data:read").input(typeInput).query(({ ctx, input }) => getCurrentPattern(ctx.tenant, input.type)),
  history: tenantProcedure("data:read")
    .input(typeInput.extend({ limit: z.number().int().min(1).max(200).default(26) }))
    .query(({ ctx, input }) => getPatternHistory(ctx.tenant, input)),
  health: tenantProcedure("data:read").query(({ ctx }) => latestHealthCheck(ctx.tenant)),
  runs: tenantProcedure("data:read")
    .input(z.object({ limit: z.number().int().min(1).max(50).default(10) }))
    .query(({ ctx, input }) => listPatternRuns(ctx.tenant, input.limit)),
  run: tenantProcedure("data:read").input(z.object({ runId: z.string().uuid() })).query(({ ctx, input }) => getPatternRun(ctx.tenant, input.runId)),
  learnNow: tenantProcedure("patterns:manage").mutation(async ({ ctx }) => {
    const { runId, mode } = await requestPatternRun(ctx.tenant, { kind: "learn" });
    return { runId, mode };
  }),
  backfill: tenantProcedure("patterns:manage")
    .input(backfillInput)
    .mutation(async ({ ctx, input }) => {
      const { runId, mode } = await requestPatternRun(ctx.tenant, { kind: "backfill", ...input });
      return { runId, mode };
    }),
  scoreLeads: tenantProcedure("data:read").input(scoreLeadsInput).query(({ ctx, input }) => scoreLeads(ctx.tenant, input)),
  bestSendWindow: tenantProcedure("data:read").input(bestSendWindowInput).query(({ ctx, input }) => bestSendWindow(ctx.tenant, input)),
  nextChannel: tenantProcedure("data:read").input(nextChannelInput).query(({ ctx, input }) => nextChannel(ctx.tenant, input)),
});
