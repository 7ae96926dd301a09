/** Members, roles and invitations of a tenant. */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { canAssignRole, ROLES } from "../core/permissions";
import type { PrismaClient } from "../db";
import { recordAudit } from "./audit";
import type { TenantContext } from "./context";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";

const INVITATION_DAYS = 14;

export const inviteInput = z.object({ email: z.email().max(320).transform((e) => e.toLowerCase()), role: z.enum(ROLES) });
export const updateRoleInput = z.object({ userId: z.string().uuid(), role: z.enum(ROLES) });
export const memberIdInput = z.object({ userId: z.string().uuid() });
export const invitationIdInput = z.object({ invitationId: z.string().uuid() });

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function listMembers(ctx: TenantContext) {
  const [members, invitations] = await Promise.all([
    ctx.db.membership.findMany({ where: { tenantId: ctx.tenantId }, include: { user: { select: { id: true, email: true, name: true } } }, orderBy: { createdAt: "asc" } }),
    ctx.db.invitation.findMany({ where: { tenantId: ctx.tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: "desc" } }),
  ]);
  return {
    members: members.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, since: m.createdAt })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt, createdAt: i.createdAt })),
  };
}

/** Creates an invitation; the token is returned once (the link to share) and stored hashed. */
export async function inviteMember(ctx: TenantContext, input: z.infer<typeof inviteInput>) {
  if (!canAssignRole(ctx.role, input.role)) throw new ForbiddenError(`a ${ctx.role} cannot invite a ${input.role}`);
  const existing = await ctx.db.membership.findFirst({ where: { tenantId: ctx.tenantId, user: { email: input.email } } });
  if (existing) throw new ConflictError(`${input.email} is already a member`);
  const token = randomBytes(24).toString("base64url");
  const invitation = await ctx.db.invitation.create({
    data: {
      tenantId: ctx.tenantId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedById: ctx.actor.type === "user" ? ctx.actor.userId : null,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    },
  });
  await recordAudit(ctx, ctx.db, { action: "member.invite", targetType: "invitation", targetId: invitation.id, details: { email: input.email, role: input.role } });
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, token, path: `/invite/${token}` };
}

export async function revokeInvitation(ctx: TenantContext, input: z.infer<typeof invitationIdInput>) {
  const { count } = await ctx.db.invitation.updateMany({ where: { id: input.invitationId, tenantId: ctx.tenantId, acceptedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new NotFoundError("invitation not found");
  await recordAudit(ctx, ctx.db, { action: "member.invitation_revoke", targetType: "invitation", targetId: input.invitationId });
}

/** Looks an invitation up by its token (for the accept page); tenant name and role only. */
export async function describeInvitation(db: PrismaClient, token: string) {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { tenant: true } });
  if (!invitation || invitation.revokedAt || invitation.acceptedAt || invitation.expiresAt < new Date()) return null;
  return { email: invitation.email, role: invitation.role, tenantName: invitation.tenant.name };
}

export async function acceptInvitation(db: PrismaClient, user: { userId: string; email: string }, token: string) {
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { tenant: true } });
    if (!invitation || invitation.revokedAt || invitation.acceptedAt || invitation.expiresAt < new Date()) throw new NotFoundError("this invitation is invalid, used or expired; ask for a new one");
    if (invitation.email !== user.email.toLowerCase()) throw new ForbiddenError(`this invitation is for ${invitation.email}; sign in with that address`);
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: invitation.tenantId, userId: user.userId } },
      create: { tenantId: invitation.tenantId, userId: user.userId, role: invitation.role },
      update: {},
    });
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    await tx.auditLog.create({ data: { tenantId: invitation.tenantId, actorType: "user", actorId: user.userId, action: "member.join", targetType: "user", targetId: user.userId, details: { role: invitation.role } } });
    return { id: invitation.tenant.id, slug: invitation.tenant.slug, name: invitation.tenant.name };
  });
}

async function findMember(ctx: TenantContext, userId: string) {
  const target = await ctx.db.membership.findUnique({ where: { tenantId_userId: { tenantId: ctx.tenantId, userId } } });
  if (!target) throw new NotFoundError("member not found");
  return target;
}

async function requireAnotherOwner(ctx: TenantContext, target: { role: string }) {
  if (target.role !== "OWNER") return;
  const owners = await ctx.db.membership.count({ where: { tenantId: ctx.tenantId, role: "OWNER" } });
  if (owners <= 1) throw new ConflictError("a tenant needs at least one owner; make someone else owner first");
}

export async function updateMemberRole(ctx: TenantContext, input: z.infer<typeof updateRoleInput>) {
  const target = await findMember(ctx, input.userId);
  if (!canAssignRole(ctx.role, input.role) || !canAssignRole(ctx.role, target.role)) throw new ForbiddenError(`a ${ctx.role} cannot change a ${target.role} to ${input.role}`);
  if (input.role !== "OWNER") await requireAnotherOwner(ctx, target);
  await ctx.db.membership.update({ where: { id: target.id }, data: { role: input.role } });
  await recordAudit(ctx, ctx.db, { action: "member.role_change", targetType: "user", targetId: input.userId, details: { from: target.role, to: input.role } });
}

export async function removeMember(ctx: TenantContext, input: z.infer<typeof memberIdInput>) {
  const target = await findMember(ctx, input.userId);
  if (!canAssignRole(ctx.role, target.role)) throw new ForbiddenError(`a ${ctx.role} cannot remove a ${target.role}`);
  await requireAnotherOwner(ctx, target);
  await ctx.db.membership.delete({ where: { id: target.id } });
  await recordAudit(ctx, ctx.db, { action: "member.remove", targetType: "user", targetId: input.userId, details: { role: target.role } });
}
