import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { predictConversion, predictConversionInput } from "@/server/services/models/serve";

export const runtime = "nodejs";

/** POST /api/v1/models/predict/conversion { leadExternalId } or { features }: as show-up, for a lead's conversion. */
export const POST = apiRoute("models:predict", { kind: "json" }, (ctx, payload) => {
  const parsed = predictConversionInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return predictConversion(ctx, parsed.data);
});
