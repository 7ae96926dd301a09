import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { assignUnit } from "@/server/services/experiments/assign";
import { assignInput } from "@/server/services/experiments/schemas";

export const runtime = "nodejs";

/**
 * POST /api/v1/experiments/assign { experiment, unitId }: the arm and the version to use for
 * this unit (sticky), with the exposure logged. When the experiment is not running the answer
 * is the production version with inExperiment false, so agents can always call it.
 */
export const POST = apiRoute("experiments:assign", { kind: "json" }, (ctx, payload) => {
  const parsed = assignInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return assignUnit(ctx, parsed.data);
});
