import { callRefInput, excellenceOverview, generateReport, generateReportInput, getCallExcellence, getReport, listCallsInput, listScoredCalls, reportRefInput } from "../../services/excellence/report";
import { proposeVariants, proposeVariantsInput } from "../../services/excellence/variants";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const excellenceRouter = createTRPCRouter({
  overview: tenantProcedure("excellence:read").query(({ ctx }) => excellenceOverview(ctx.tenant)),
  calls: tenantProcedure("excellence:read").input(listCallsInput).query(({ ctx, input }) => listScoredCalls(ctx.tenant, input)),
  callDetail: tenantProcedure("excellence:read").input(callRefInput).query(({ ctx, input }) => getCallExcellence(ctx.tenant, input)),
  report: tenantProcedure("excellence:read").input(reportRefInput).query(({ ctx, input }) => getReport(ctx.tenant, input)),
  generate: tenantProcedure("excellence:run").input(generateReportInput).mutation(({ ctx, input }) => generateReport(ctx.tenant, input)),
  proposeVariants: tenantProcedure("excellence:run").input(proposeVariantsInput).mutation(({ ctx, input }) => proposeVariants(ctx.tenant, input)),
});
