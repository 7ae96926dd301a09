import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { createExperiment, listExperiments } from "@/server/services/experiments/manage";
import { createExperimentInput, listExperimentsInput } from "@/server/services/experiments/schemas";

export const runtime = "nodejs";

/** GET /api/v1/experiments?status=running&limit=50 */
export const GET = apiRoute("experiments:read", { kind: "query" }, (ctx, payload) => {
  const query = payload as Record<string, string>;
  const parsed = listExperimentsInput.safeParse({ ...query, ...(query.limit ? { limit: Number(query.limit) } : {}) });
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return listExperiments(ctx, parsed.data);
});

/** POST /api/v1/experiments: a draft (or, with "start": true, a running experiment). */
export const POST = apiRoute("experiments:write", { kind: "json" }, (ctx, payload) => {
  const parsed = createExperimentInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return createExperiment(ctx, parsed.data);
});
