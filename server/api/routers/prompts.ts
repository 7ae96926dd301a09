import {
  createPrompt,
  createPromptInput,
  createPromptVersion,
  createPromptVersionInput,
  diffPromptVersions,
  diffPromptVersionsInput,
  getPromptDetail,
  listPrompts,
  listPromptsInput,
  promptRefInput,
  resolvePrompt,
  resolvePromptInput,
  rollbackPromptLabel,
  rollbackPromptLabelInput,
  setPromptLabel,
  setPromptLabelInput,
  setProtectedLabels,
  setProtectedLabelsInput,
} from "../../services/prompts";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/**
 * The prompt registry. setLabel and rollback need prompts:write here; the service additionally
 * requires prompts:promote for protected labels (production and the tenant's configured ones).
 */
export const promptsRouter = createTRPCRouter({
  list: tenantProcedure("prompts:read").input(listPromptsInput).query(({ ctx, input }) => listPrompts(ctx.tenant, input)),
  get: tenantProcedure("prompts:read").input(promptRefInput).query(({ ctx, input }) => getPromptDetail(ctx.tenant, input)),
  create: tenantProcedure("prompts:write").input(createPromptInput).mutation(({ ctx, input }) => createPrompt(ctx.tenant, input)),
  createVersion: tenantProcedure("prompts:write").input(createPromptVersionInput).mutation(({ ctx, input }) => createPromptVersion(ctx.tenant, input)),
  setLabel: tenantProcedure("prompts:write").input(setPromptLabelInput).mutation(({ ctx, input }) => setPromptLabel(ctx.tenant, input)),
  rollback: tenantProcedure("prompts:write").input(rollbackPromptLabelInput).mutation(({ ctx, input }) => rollbackPromptLabel(ctx.tenant, input)),
  diff: tenantProcedure("prompts:read").input(diffPromptVersionsInput).query(({ ctx, input }) => diffPromptVersions(ctx.tenant, input)),
  resolve: tenantProcedure("prompts:read").input(resolvePromptInput).query(({ ctx, input }) => resolvePrompt(ctx.tenant, input)),
  setProtectedLabels: tenantProcedure("tenant:settings").input(setProtectedLabelsInput).mutation(({ ctx, input }) => setProtectedLabels(ctx.tenant, input)),
});
