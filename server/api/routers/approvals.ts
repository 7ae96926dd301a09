import { approvalDecisionInput, approvalPolicyInput, approveRequest, getApproval, getApprovalPolicy, listApprovals, listApprovalsInput, rejectRequest, rollbackRequest, setApprovalPolicy } from "../../services/approvals";
import { z } from "zod";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const approvalsRouter = createTRPCRouter({
  list: tenantProcedure("approvals:read").input(listApprovalsInput).query(({ ctx, input }) => listApprovals(ctx.tenant, input)),
  get: tenantProcedure("approvals:read").input(z.strictObject({ id: z.string().uuid() })).query(({ ctx, input }) => getApproval(ctx.tenant, input)),
  approve: tenantProcedure("approvals:decide").input(approvalDecisionInput).mutation(({ ctx, input }) => approveRequest(ctx.tenant, input)),
  reject: tenantProcedure("approvals:decide").input(approvalDecisionInput).mutation(({ ctx, input }) => rejectRequest(ctx.tenant, input)),
  rollback: tenantProcedure("approvals:decide").input(approvalDecisionInput).mutation(({ ctx, input }) => rollbackRequest(ctx.tenant, input)),
  policy: tenantProcedure("approvals:read").query(({ ctx }) => getApprovalPolicy(ctx.tenant)),
  setPolicy: tenantProcedure("tenant:settings").input(approvalPolicyInput).mutation(({ ctx, input }) => setApprovalPolicy(ctx.tenant, input)),
});
