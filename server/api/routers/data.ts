import { getOverview, overviewInput } from "../../services/dashboard";
import { callListInput, leadFilterOptions, leadListInput, listCalls, listLeads, listOutcomes, listTouches, outcomeListInput, touchListInput } from "../../services/data-browser";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const dataRouter = createTRPCRouter({
  overview: tenantProcedure("data:read").input(overviewInput).query(({ ctx, input }) => getOverview(ctx.tenant, input)),
  leads: tenantProcedure("data:read").input(leadListInput).query(({ ctx, input }) => listLeads(ctx.tenant, input)),
  leadFilters: tenantProcedure("data:read").query(({ ctx }) => leadFilterOptions(ctx.tenant)),
  touches: tenantProcedure("data:read").input(touchListInput).query(({ ctx, input }) => listTouches(ctx.tenant, input)),
  outcomes: tenantProcedure("data:read").input(outcomeListInput).query(({ ctx, input }) => listOutcomes(ctx.tenant, input)),
  calls: tenantProcedure("data:read").input(callListInput).query(({ ctx, input }) => listCalls(ctx.tenant, input)),
});
