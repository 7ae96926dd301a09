import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { getExperiment } from "@/server/services/experiments/manage";
import { experimentRefInput } from "@/server/services/experiments/schemas";

export const runtime = "nodejs";

/** GET /api/v1/experiments/{key}: configuration, arms, the latest result and decision. */
export const GET = apiRoute("experiments:read", { kind: "query" }, (ctx, _payload, request) => {
  const parsed = experimentRefInput.safeParse({ key: decodeURIComponent(new URL(request.url).pathname.split("/").at(-1) ?? "") });
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return getExperiment(ctx, parsed.data);
});
