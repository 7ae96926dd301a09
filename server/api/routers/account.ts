import { z } from "zod";
import { createTenant, listUserTenants, signUp, tenantNameInput } from "../../services/accounts";
import { acceptInvitation } from "../../services/members";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";

/** The signed-in user's own account: not tenant-scoped. */
export const accountRouter = createTRPCRouter({
  signUp: publicProcedure.input(z.unknown()).mutation(({ ctx, input }) => signUp(ctx.db, input)),
  tenants: authedProcedure.query(({ ctx }) => listUserTenants(ctx.db, ctx.userId)),
  createTenant: authedProcedure.input(tenantNameInput).mutation(({ ctx, input }) => createTenant(ctx.db, ctx.userId, input)),
  acceptInvitation: authedProcedure.input(z.object({ token: z.string().min(10) })).mutation(async ({ ctx, input }) => {
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.userId }, select: { email: true } });
    return acceptInvitation(ctx.db, { userId: ctx.userId, email: user.email }, input.token);
  }),
});
