import { z } from "zod";
import { apiRoute } from "@/server/api/http-v1";
import { PATTERN_TYPES } from "@/server/core/patterns/types";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { getCurrentPattern } from "@/server/services/patterns/store";

export const runtime = "nodejs";

/** GET /api/v1/patterns/who|what|when|how: the full current pattern set. */
export const GET = apiRoute("data:read", { kind: "query" }, (ctx, _payload, request) => {
  const parsed = z.enum(PATTERN_TYPES).safeParse(new URL(request.url).pathname.split("/").at(-1));
  if (!parsed.success) throw new ValidationError("unknown pattern type", zodIssues(parsed.error, ["type"]));
  return getCurrentPattern(ctx, parsed.data);
});
