import { csvImportInput, importCsv } from "../../services/csv-import";
import { ingestCalls, ingestLeads, ingestOutcomes, ingestTouches } from "../../services/ingest";
import { callBatch, leadBatch, outcomeBatch, touchBatch } from "../../services/ingest/schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";

// The input schemas give clients their types; the services validate again so HTTP and CSV
// callers get identical checks and messages.
export const ingestRouter = createTRPCRouter({
  leads: tenantProcedure("data:write").input(leadBatch).mutation(({ ctx, input }) => ingestLeads(ctx.tenant, input)),
  touches: tenantProcedure("data:write").input(touchBatch).mutation(({ ctx, input }) => ingestTouches(ctx.tenant, input)),
  outcomes: tenantProcedure("data:write").input(outcomeBatch).mutation(({ ctx, input }) => ingestOutcomes(ctx.tenant, input)),
  calls: tenantProcedure("data:write").input(callBatch).mutation(({ ctx, input }) => ingestCalls(ctx.tenant, input)),
  importCsv: tenantProcedure("data:write").input(csvImportInput).mutation(({ ctx, input }) => importCsv(ctx.tenant, input)),
});
