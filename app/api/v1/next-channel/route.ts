import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { nextChannel, nextChannelInput } from "@/server/services/patterns/recommend";

export const runtime = "nodejs";

export const POST = apiRoute("data:read", { kind: "json" }, (ctx, payload) => {
  const parsed = nextChannelInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return nextChannel(ctx, parsed.data);
});
