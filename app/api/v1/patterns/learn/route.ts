import { apiRoute } from "@/server/api/http-v1";
import { requestPatternRun } from "@/server/services/patterns/learn";

export const runtime = "nodejs";

/** POST: start a learning run now (ADMIN); poll the run in the dashboard or via tRPC patterns.run. */
export const POST = apiRoute("patterns:manage", { kind: "text" }, async (ctx) => {
  const { runId, mode } = await requestPatternRun(ctx, { kind: "learn" });
  return { runId, mode };
});
