import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { predictShowUp, predictShowUpInput } from "@/server/services/models/serve";

export const runtime = "nodejs";

/**
 * POST /api/v1/models/predict/show-up { callExternalId } or { features }: the production show-up
 * model's probability with the features that moved it most; stored, so its error is known later.
 */
export const POST = apiRoute("models:predict", { kind: "json" }, (ctx, payload) => {
  const parsed = predictShowUpInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return predictShowUp(ctx, parsed.data);
});
