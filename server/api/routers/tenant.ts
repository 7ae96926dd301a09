import { z } from "zod";
import { apiKeyIdInput, createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from "../../services/api-keys";
import { listAudit } from "../../services/audit";
import { invitationIdInput, inviteInput, inviteMember, listMembers, memberIdInput, removeMember, revokeInvitation, updateMemberRole, updateRoleInput } from "../../services/members";
import { getTenant, updateTenant, updateTenantInput } from "../../services/tenants";
import { createTRPCRouter, tenantProcedure } from "../trpc";

export const tenantRouter = createTRPCRouter({
  get: tenantProcedure("data:read").query(({ ctx }) => getTenant(ctx.tenant)),
  update: tenantProcedure("tenant:settings").input(updateTenantInput).mutation(({ ctx, input }) => updateTenant(ctx.tenant, input)),
  auditLog: tenantProcedure("audit:read")
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), cursor: z.string().uuid().optional() }))
    .query(({ ctx, input }) => listAudit(ctx.tenant, input)),
});

export const membersRouter = createTRPCRouter({
  list: tenantProcedure("members:read").query(({ ctx }) => listMembers(ctx.tenant)),
  invite: tenantProcedure("members:manage").input(inviteInput).mutation(({ ctx, input }) => inviteMember(ctx.tenant, input)),
  revokeInvitation: tenantProcedure("members:manage").input(invitationIdInput).mutation(({ ctx, input }) => revokeInvitation(ctx.tenant, input)),
  updateRole: tenantProcedure("members:manage").input(updateRoleInput).mutation(({ ctx, input }) => updateMemberRole(ctx.tenant, input)),
  remove: tenantProcedure("members:manage").input(memberIdInput).mutation(({ ctx, input }) => removeMember(ctx.tenant, input)),
});

export const apiKeysRouter = createTRPCRouter({
  list: tenantProcedure("apiKeys:manage").query(({ ctx }) => listApiKeys(ctx.tenant)),
  create: tenantProcedure("apiKeys:manage").input(createApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx.tenant, input)),
  revoke: tenantProcedure("apiKeys:manage").input(apiKeyIdInput).mutation(({ ctx, input }) => revokeApiKey(ctx.tenant, input)),
});
