/**
 * Seed 002's weekly optimization for one tenant, every stage a step: scores refreshed, the
 * Excellence Report written, the predictors retrained where the data allows (a too-small target is
 * skipped with its reason), and a failed stage leaves what the earlier ones stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateWorld } from "../../server/core/simulator";
import type { Database } from "../../server/db";
import { writeCalls, writeLeads, writeOutcomes, writeTouches } from "../../server/services/ingest";
import { inlineStep, type JobStep } from "../../server/services/jobs";
import { runWeeklyOptimization } from "../../server/services/optimization";
import { createTenantWithMembers, openTestDatabase } from "../helpers/db";

let db: Database;
let tenant: Awaited<ReturnType<typeof createTenantWithMembers>>;
const world = simulateWorld({ seed: 8, leads: 4_000, callShare: 0.9, start: new Date(Date.now() - 150 * 86_400_000).toISOString(), days: 150 });

beforeAll(async () => {
  db = await openTestDatabase();
  (globalThis as unknown as { flywheelDb?: Promise<Database> }).flywheelDb = Promise.resolve(db);
  tenant = await createTenantWithMembers(db, ["OWNER"]);
  await db.prisma.$transaction(
    async (tx) => {
      await writeLeads(tx, tenant.tenant.id, world.leads);
      for (let i = 0; i < world.touches.length; i += 10_000) await writeTouches(tx, tenant.tenant.id, world.touches.slice(i, i + 10_000));
      await writeCalls(tx, tenant.tenant.id, world.calls);
      await writeOutcomes(tx, tenant.tenant.id, world.outcomes);
    },
    { timeout: 300_000 },
  );
}, 300_000);
afterAll(() => db.close());

describe("weekly optimization", () => {
  it("scores, reports and retrains in steps, and says why a target was skipped", async () => {
    const steps: string[] = [];
    const recording: JobStep = { run: (id, fn) => (steps.push(id), inlineStep.run(id, fn)) };
    const result = await runWeeklyOptimization(db.prisma, tenant.tenant.id, recording);
    expect(steps.slice(0, 4)).toEqual(["recompute-excellence-scores", "excellence-report", "propose-prompt-variants", "prediction-feedback"]);
    expect(result.scores.scored).toBe(world.calls.length);
    expect(await db.prisma.excellenceReport.count({ where: { tenantId: tenant.tenant.id } })).toBe(1);
    // No registry prompt carries the calls' promptRef, so there is nothing to vary, and it says so.
    expect(result.proposal).toMatchObject({ skipped: expect.stringContaining("promptRef") });
    const byTarget = Object.fromEntries(result.trained.map((t) => [t.target, t.outcome]));
    expect(byTarget.conversion).toMatch(/^v1: /);
    const conversion = await db.prisma.modelVersion.findFirstOrThrow({ where: { tenantId: tenant.tenant.id, target: "conversion" } });
    expect(conversion.trainRows + conversion.holdoutRows).toBeGreaterThan(1_000);
    expect(await db.prisma.modelTrainingRun.count({ where: { tenantId: tenant.tenant.id, reason: "weekly", status: "succeeded" } })).toBeGreaterThanOrEqual(1);
    expect(byTarget.show_up).toBeDefined();
  }, 240_000);

  it("a failed stage leaves the earlier stages' results and stores nothing after it", async () => {
    const reports = await db.prisma.excellenceReport.count({ where: { tenantId: tenant.tenant.id } });
    const versions = await db.prisma.modelVersion.count({ where: { tenantId: tenant.tenant.id } });
    const failing: JobStep = { run: (id, fn) => (id === "prediction-feedback" ? Promise.reject(new Error("simulated crash")) : inlineStep.run(id, fn)) };
    await expect(runWeeklyOptimization(db.prisma, tenant.tenant.id, failing)).rejects.toThrow("simulated crash");
    expect(await db.prisma.excellenceReport.count({ where: { tenantId: tenant.tenant.id } })).toBe(reports + 1);
    expect(await db.prisma.modelVersion.count({ where: { tenantId: tenant.tenant.id } })).toBe(versions);
  }, 240_000);
});
