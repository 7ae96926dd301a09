import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { scoreLeads, scoreLeadsInput } from "@/server/services/patterns/recommend";

export const runtime = "nodejs";

export const POST = apiRoute("data:read", { kind: "json" }, (ctx, payload) => {
  const parsed = scoreLeadsInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return scoreLeads(ctx, parsed.data);
});
