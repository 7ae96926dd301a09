import { accountRouter } from "./routers/account";
import { dataRouter } from "./routers/data";
import { ingestRouter } from "./routers/ingest";
import { approvalsRouter } from "./routers/approvals";
import { excellenceRouter } from "./routers/excellence";
import { experimentsRouter } from "./routers/experiments";
import { modelsRouter } from "./routers/models";
import { patternsRouter } from "./routers/patterns";
import { promptsRouter } from "./routers/prompts";
import { apiKeysRouter, membersRouter, tenantRouter } from "./routers/tenant";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  tenant: tenantRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  ingest: ingestRouter,
  data: dataRouter,
  patterns: patternsRouter,
  prompts: promptsRouter,
  experiments: experimentsRouter,
  approvals: approvalsRouter,
  models: modelsRouter,
  excellence: excellenceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

/** Procedures that are deliberately not tenant-scoped; every other procedure must carry tenant meta. */
export const NON_TENANT_PROCEDURES = ["account.signUp", "account.tenants", "account.createTenant", "account.acceptInvitation"] as const;
