import { apiRoute } from "@/server/api/http-v1";
import { ingestOutcomes } from "@/server/services/ingest";

export const runtime = "nodejs";

/** POST { "outcomes": [...] } — upsert by externalId; a bad batch is rejected whole with field paths. */
export const POST = apiRoute("data:write", { kind: "json" }, (ctx, payload) => ingestOutcomes(ctx, payload));
