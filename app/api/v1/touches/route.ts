import { apiRoute } from "@/server/api/http-v1";
import { ingestTouches } from "@/server/services/ingest";

export const runtime = "nodejs";

/** POST { "touches": [...] } — upsert by externalId; a bad batch is rejected whole with field paths. */
export const POST = apiRoute("data:write", { kind: "json" }, (ctx, payload) => ingestTouches(ctx, payload));
