/**
 * What happens after outcomes (or calls) arrive, whatever the entry point (tRPC, HTTP, CSV):
 * running experiments are re-evaluated, stored predictions learn their errors (and may trigger
 * retraining), and excellence scores of the affected calls are refreshed. Each is debounced per
 * tenant, because outcomes arrive in bursts of batches.
 */
import type { PrismaClient } from "../db";
import { outcomesArrived } from "./experiments/evaluate";
import { excellenceOutcomesArrived } from "./excellence/report";
import { predictionsOutcomesArrived } from "./models/feedback";

export async function afterOutcomesIngested(db: PrismaClient, tenantId: string) {
  await Promise.all([outcomesArrived(db, tenantId), predictionsOutcomesArrived(db, tenantId), excellenceOutcomesArrived(db, tenantId)]);
}

export async function afterCallsIngested(db: PrismaClient, tenantId: string) {
  await excellenceOutcomesArrived(db, tenantId);
}
