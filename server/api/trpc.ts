/**
 * tRPC setup, in three parts: (1) context, (2) initialisation with error formatting,
 * (3) procedures — public, authenticated (a signed-in user) and tenant (the one gate every
 * tenant-scoped procedure passes: caller resolved, membership and role or key scope checked,
 * tenantId in ctx; tenant identity never comes from input).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Permission } from "../core/permissions";
import type { PrismaClient } from "../db";
import { DomainError, ValidationError, zodIssues, type FieldIssue } from "../services/errors";
import { resolveTenantAccess, type Caller } from "../services/tenant-access";

// 1. Context -----------------------------------------------------------------------------
export interface InnerContext {
  db: PrismaClient;
  caller: Caller;
  /** Tenant slug or id named by the request (x-flywheel-tenant header). */
  tenantSelector: string | null;
}

/** Pure context for tests and server-side callers: no request needed. */
export function createInnerContext(options: InnerContext): InnerContext {
  return options;
}

// 2. Initialisation ------------------------------------------------------------------------
export interface ProcedureMeta {
  /** Set on every tenant-scoped procedure; the cross-tenant test enumerates by it. */
  tenantPermission?: Permission;
}

const t = initTRPC
  .context<InnerContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      let issues: FieldIssue[] | undefined;
      if (error.cause instanceof ValidationError) issues = error.cause.issues;
      else if (error.cause instanceof ZodError) issues = zodIssues(error.cause);
      const hidden = error.code === "INTERNAL_SERVER_ERROR";
      return { ...shape, message: hidden ? "Internal error; it has been logged" : shape.message, data: { ...shape.data, stack: undefined, issues } };
    },
  });

const TRPC_CODE = { BAD_REQUEST: "BAD_REQUEST", NOT_FOUND: "NOT_FOUND", FORBIDDEN: "FORBIDDEN", UNAUTHORIZED: "UNAUTHORIZED", CONFLICT: "CONFLICT" } as const;

/** Maps service errors to tRPC codes once, for every procedure. */
const withErrorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") console.error("[trpc]", result.error.cause ?? result.error);
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures ----------------------------------------------------------------------------
export const publicProcedure = t.procedure.use(withErrorMapping);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.caller.kind !== "session") throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  return next({ ctx: { ...ctx, userId: ctx.caller.userId } });
});

/** A procedure acting on one tenant, allowed for callers holding `permission` there. */
export function tenantProcedure(permission: Permission) {
  return publicProcedure.meta({ tenantPermission: permission }).use(async ({ ctx, next }) => {
    const tenant = await resolveTenantAccess(ctx.db, ctx.caller, ctx.tenantSelector, permission);
    return next({ ctx: { ...ctx, tenant } });
  });
}
