import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { backfillInput, requestPatternRun } from "@/server/services/patterns/learn";

export const runtime = "nodejs";

/** POST { from, to, stepDays? }: recompute patterns as of each week in the range (ADMIN). */
export const POST = apiRoute("patterns:manage", { kind: "json" }, async (ctx, payload) => {
  const parsed = backfillInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("backfill rejected", zodIssues(parsed.error));
  const { runId, mode } = await requestPatternRun(ctx, { kind: "backfill", ...parsed.data });
  return { runId, mode };
});
