import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { bestSendWindow, bestSendWindowInput } from "@/server/services/patterns/recommend";

export const runtime = "nodejs";

export const GET = apiRoute("data:read", { kind: "query" }, (ctx, payload) => {
  const parsed = bestSendWindowInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return bestSendWindow(ctx, parsed.data);
});
