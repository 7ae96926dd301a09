import { apiRoute } from "@/server/api/http-v1";
import { listCurrentPatterns } from "@/server/services/patterns/store";

export const runtime = "nodejs";

/** GET: the current pattern of each type with version, sample size and confidence. */
export const GET = apiRoute("data:read", { kind: "query" }, (ctx) => listCurrentPatterns(ctx));
