import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { evaluateExperimentByKey } from "@/server/services/experiments/evaluate";
import { experimentRefInput } from "@/server/services/experiments/schemas";

export const runtime = "nodejs";

/** POST /api/v1/experiments/{key}/evaluate: evaluate now instead of waiting for the schedule. */
export const POST = apiRoute("experiments:run", { kind: "text" }, (ctx, _payload, request) => {
  const parsed = experimentRefInput.safeParse({ key: decodeURIComponent(new URL(request.url).pathname.split("/").at(-2) ?? "") });
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return evaluateExperimentByKey(ctx, parsed.data);
});
