/** Sign-up, credentials and a user's tenants. */
import bcrypt from "bcryptjs";
import { z } from "zod";
import type { Role } from "../core/permissions";
import type { PrismaClient } from "../db";
import { ConflictError, ValidationError, zodIssues } from "./errors";
import { timeZone } from "./ingest/schemas";

const BCRYPT_COST = 12;

export const signUpInput = z.object({
  email: z.email().max(320).transform((e) => e.toLowerCase()),
  password: z.string().min(10, "use at least 10 characters").max(200),
  name: z.string().trim().min(1).max(200),
  tenantName: z.string().trim().min(2).max(100).optional(),
  /** Joining through an invitation instead of creating a tenant. */
  invitationToken: z.string().optional(),
});

export const tenantNameInput = z.object({ name: z.string().trim().min(2).max(100), timezone: timeZone.optional() });

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "team"
  );
}

async function uniqueSlug(db: PrismaClient, name: string): Promise<string> {
  const base = slugify(name);
  for (let attempt = 0; attempt < 50; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${Math.random().toString(36).slice(2, 6)}`;
    if (!(await db.tenant.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
  throw new ConflictError("could not find a free tenant slug");
}

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Creates a tenant with `userId` as its OWNER. */
export async function createTenant(db: PrismaClient, userId: string, input: z.input<typeof tenantNameInput>) {
  const { name, timezone } = tenantNameInput.parse(input);
  const slug = await uniqueSlug(db, name);
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { name, slug, timezone: timezone ?? "UTC" } });
    await tx.membership.create({ data: { tenantId: tenant.id, userId, role: "OWNER" } });
    await tx.auditLog.create({ data: { tenantId: tenant.id, actorType: "user", actorId: userId, action: "tenant.create", targetType: "tenant", targetId: tenant.id } });
    return tenant;
  });
}

export async function signUp(db: PrismaClient, raw: unknown) {
  const parsed = signUpInput.safeParse(raw);
  if (!parsed.success) throw new ValidationError("sign-up rejected", zodIssues(parsed.error));
  const input = parsed.data;
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw new ConflictError("an account with this email already exists; sign in instead");
  const user = await db.user.create({ data: { email: input.email, name: input.name, passwordHash: await hashPassword(input.password) } });
  if (input.invitationToken) {
    const { acceptInvitation } = await import("./members");
    const tenant = await acceptInvitation(db, { userId: user.id, email: user.email }, input.invitationToken);
    return { user: { id: user.id, email: user.email }, tenant };
  }
  const tenant = await createTenant(db, user.id, { name: input.tenantName ?? `${input.name}'s team` });
  return { user: { id: user.id, email: user.email }, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name } };
}

/** Returns the user when email and password match; the same answer for an unknown email and a wrong password. */
export async function verifyCredentials(db: PrismaClient, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user) {
    await bcrypt.compare(password, "$2b$12$invalidinvalidinvalidinvalidinvalidinvalidinvalidinv"); // equalize timing
    return null;
  }
  return (await bcrypt.compare(password, user.passwordHash)) ? { id: user.id, email: user.email, name: user.name } : null;
}

export interface TenantMembershipSummary {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

export async function listUserTenants(db: PrismaClient, userId: string): Promise<TenantMembershipSummary[]> {
  const memberships = await db.membership.findMany({ where: { userId }, include: { tenant: true }, orderBy: { createdAt: "asc" } });
  return memberships.map((m) => ({ tenantId: m.tenantId, slug: m.tenant.slug, name: m.tenant.name, role: m.role }));
}
