/**
 * Experiments end to end on a real database, from creation to exposure: who may create and start
 * an experiment, sticky hashed assignment with exposures (batched, queued and retried), and the
 * lean assignment server answering like the tRPC procedure. Decisions and promotion are in
 * experiments-decisions.test.ts; the setup both share is in experiments-fixtures.ts.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignArm } from "../../server/core/experiments/assignment";
import { flushExposures, queueExposure, recordExposure } from "../../server/services/experiments/exposure-log";
import type { Database } from "../../server/db";
import { newApiKey, callerFor } from "../helpers/db";
import { a, admin, codeOf, db, member, newExperiment, owner, setUpExperimentsDatabase, viewer } from "./experiments-fixtures";

beforeAll(setUpExperimentsDatabase);
afterAll(() => db.close());

describe("creating experiments", () => {
  it("rejects versions the prompt does not have, naming the arm", async () => {
    const error = await member()
      .experiments.create({ key: "bad", name: "Bad", prompt: "cold-open", arms: [{ key: "control", version: 1 }, { key: "variant", version: 9 }], primaryMetric: "booked" })
      .catch((e: TRPCError) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toContain("do not exist");
    expect(await db.prisma.experiment.count({ where: { tenantId: a.tenant.id, key: "bad" } })).toBe(0);
  });

  it("rejects duplicate arm keys and unknown prompts, and defaults the control to the production version", async () => {
    expect(await codeOf(member().experiments.create({ key: "dup", name: "Dup", prompt: "cold-open", arms: [{ key: "x", version: 1 }, { key: "x", version: 2 }], primaryMetric: "booked" }))).toBe("BAD_REQUEST");
    expect(await codeOf(member().experiments.create({ key: "nope", name: "Nope", prompt: "missing", arms: [{ key: "x", version: 1 }, { key: "y", version: 2 }], primaryMetric: "booked" }))).toBe("BAD_REQUEST");
    const created = await member().experiments.create({ key: "control-default", name: "Default control", prompt: "cold-open", arms: [{ key: "new", version: 2 }, { key: "current", version: 1 }], primaryMetric: "replied" });
    expect(created.arms.find((arm) => arm.isControl)?.key).toBe("current");
    expect(created.status).toBe("draft");
    expect(created.config.minSamplePerArm).toBe(100);
    expect(created.config.minRelativeLift).toBe(0.05);
    expect(await codeOf(member().experiments.create({ key: "control-default", name: "Again", prompt: "cold-open", arms: [{ key: "a", version: 1 }, { key: "b", version: 2 }], primaryMetric: "booked" }))).toBe("CONFLICT");
  });

  it("only ADMIN and above start experiments; VIEWER reads", async () => {
    expect(await codeOf(member().experiments.start({ key: "control-default" }))).toBe("FORBIDDEN");
    expect(await codeOf(member().experiments.create({ key: "sneaky", name: "Start anyway", prompt: "cold-open", arms: [{ key: "a", version: 1 }, { key: "b", version: 2 }], primaryMetric: "booked", start: true }))).toBe("FORBIDDEN");
    expect(await db.prisma.experiment.count({ where: { tenantId: a.tenant.id, key: "sneaky" } })).toBe(0);
    expect(await codeOf(viewer().experiments.create({ key: "v", name: "V", prompt: "cold-open", arms: [{ key: "a", version: 1 }, { key: "b", version: 2 }], primaryMetric: "booked" }))).toBe("FORBIDDEN");
    expect((await viewer().experiments.list({})).map((e) => e.key)).toContain("control-default");
  });
});

describe("assignment", () => {
  it("is deterministic, sticky and logs exposures; a stopped experiment serves production", async () => {
    const key = await newExperiment();
    const first = await owner().experiments.assign({ experiment: key, unitId: "lead-42" });
    const again = await owner().experiments.assign({ experiment: key, unitId: "lead-42" });
    expect(first.inExperiment).toBe(true);
    expect(first.firstExposure).toBe(true);
    expect(again.firstExposure).toBe(false);
    expect(again.arm).toBe(first.arm);
    expect(first.served?.version).toBe(first.arm === "control" ? 1 : 2);
    const row = await db.prisma.experimentAssignment.findFirstOrThrow({ where: { unitId: "lead-42", experiment: { key } } });
    expect(row.exposures).toBe(2);

    // An API key with the ingest scope is what an agent uses.
    const { key: apiKey } = await newApiKey(db, a.tenant.id, a.users.OWNER.id, ["ingest"]);
    const viaKey = await callerFor(db, { kind: "api_key", key: apiKey }, null).experiments.assign({ experiment: key, unitId: "lead-42" });
    expect(viaKey.arm).toBe(first.arm);

    await admin().experiments.stop({ key });
    const stopped = await owner().experiments.assign({ experiment: key, unitId: "lead-43" });
    expect(stopped).toMatchObject({ inExperiment: false, arm: null, served: { version: 1 } });
  });

  it("splits units by the weights (no sample-ratio mismatch over 1,000 units)", async () => {
    const key = await newExperiment();
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1_000; i++) {
      const { arm } = await owner().experiments.assign({ experiment: key, unitId: `split-${i}` });
      counts[arm!] = (counts[arm!] ?? 0) + 1;
    }
    // Binomial(1000, 0.5): 99.9% of splits fall within 500 ± 52.
    expect(Math.abs(counts.control! - 500)).toBeLessThan(52);
    expect(counts.control! + counts.variant!).toBe(1_000);
    // The given hash seed is the experiment's salt, and the split is exactly the pure hash's.
    const stored = await db.prisma.experiment.findUniqueOrThrow({ where: { tenantId_key: { tenantId: a.tenant.id, key } } });
    expect(stored.salt).toBe(`test-salt-${key}`);
    let control = 0;
    for (let i = 0; i < 1_000; i++) if (assignArm(stored.salt, `split-${i}`, [1, 1]) === 0) control++;
    expect(control).toBe(counts.control);
  });

  it("concurrent calls are written together yet each gets its own answer: one first exposure per unit, every exposure counted, the stored arm kept", async () => {
    const key = await newExperiment();
    const units = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
    // Each unit three times in one burst, so duplicates share a batch.
    const calls = [...units, ...units, ...units].map((unitId) => owner().experiments.assign({ experiment: key, unitId }));
    const answers = await Promise.all(calls);
    for (const unitId of units) {
      const mine = answers.filter((r) => r.unitId === unitId);
      expect(mine.filter((r) => r.firstExposure)).toHaveLength(1);
      expect(new Set(mine.map((r) => r.arm)).size).toBe(1);
    }
    const rows = await db.prisma.experimentAssignment.findMany({ where: { experiment: { key, tenantId: a.tenant.id } } });
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.exposures === 3)).toBe(true);

    // A unit whose stored arm differs from its hash (bandit weights moved) keeps the stored arm.
    const stored = rows[0]!;
    const otherArm = await db.prisma.experimentArm.findFirstOrThrow({ where: { experimentId: stored.experimentId, id: { not: stored.armId } } });
    await db.prisma.experimentAssignment.update({ where: { id: stored.id }, data: { armId: otherArm.id } });
    const [kept] = await Promise.all([owner().experiments.assign({ experiment: key, unitId: stored.unitId }), owner().experiments.assign({ experiment: key, unitId: "burst-new" })]);
    expect(kept.arm).toBe(otherArm.key);
    expect(kept.firstExposure).toBe(false);

    // Calls in the same turn of the event loop share one statement, the same unit included.
    const exposure = { tenantId: a.tenant.id, experimentId: stored.experimentId, armId: stored.armId, unitId: "same-tick" };
    const together = await Promise.all([recordExposure(db.prisma, exposure), recordExposure(db.prisma, exposure), recordExposure(db.prisma, { ...exposure, unitId: "same-tick-2" })]);
    expect(together.map((r) => r.firstExposure)).toEqual([true, false, true]);
    expect((await db.prisma.experimentAssignment.findFirstOrThrow({ where: { experimentId: stored.experimentId, unitId: "same-tick" } })).exposures).toBe(2);
  });

  it("queued exposures survive a connection that fails twice: retried, written once, stamped with the time of the call", async () => {
    const key = await newExperiment();
    const experiment = await db.prisma.experiment.findUniqueOrThrow({ where: { tenantId_key: { tenantId: a.tenant.id, key } }, include: { arms: true } });
    let failures = 0;
    // The real database behind a connection that drops the first two statements.
    const flaky = new Proxy(db.prisma, {
      get(target, property, receiver) {
        if (property === "$queryRawUnsafe")
          return (...args: unknown[]) => (++failures <= 2 ? Promise.reject(Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" })) : (target.$queryRawUnsafe as (...a: unknown[]) => Promise<unknown>)(...args));
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const calledAt = Date.now();
    for (const unitId of ["q-1", "q-2", "q-1"]) expect(queueExposure(flaky, { tenantId: a.tenant.id, experimentId: experiment.id, armId: experiment.arms[0]!.id, unitId })).toBeUndefined();
    await flushExposures(flaky);
    expect(failures).toBeGreaterThanOrEqual(3);
    const rows = await db.prisma.experimentAssignment.findMany({ where: { experimentId: experiment.id }, orderBy: { unitId: "asc" } });
    expect(rows.map((r) => [r.unitId, r.exposures])).toEqual([["q-1", 2], ["q-2", 1]]);
    for (const row of rows) expect(Math.abs(row.firstExposedAt.getTime() - calledAt)).toBeLessThan(100);
  });
});

describe("the lean assignment server", () => {
  it("answers like the tRPC procedure: same sticky arm, same errors with field paths", async () => {
    (globalThis as unknown as { flywheelDb?: Promise<Database> }).flywheelDb = Promise.resolve(db);
    const { startAssignServer } = await import("../../server/assign-server");
    const server = await startAssignServer(0);
    const port = (server.address() as { port: number }).port;
    try {
      const key = await newExperiment();
      const { key: apiKey } = await newApiKey(db, a.tenant.id, a.users.OWNER.id, ["ingest"]);
      const post = async (body: unknown, bearer: string | null = apiKey, path = "/api/v1/experiments/assign") => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: typeof body === "string" ? body : JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const viaTrpc = await owner().experiments.assign({ experiment: key, unitId: "lean-1" });
      const viaServer = await post({ experiment: key, unitId: "lean-1" });
      expect(viaServer.status).toBe(200);
      // The lean server queues the exposure of a fixed-allocation experiment instead of awaiting it.
      expect(viaServer.body).toMatchObject({ arm: viaTrpc.arm, inExperiment: true, firstExposure: null });
      const fresh = await post({ experiment: key, unitId: "lean-queued" });
      await flushExposures(db.prisma);
      const row = await db.prisma.experimentAssignment.findFirstOrThrow({ where: { unitId: "lean-queued", experiment: { key, tenantId: a.tenant.id } }, include: { arm: true } });
      expect(row.arm.key).toBe(fresh.body.arm);
      expect(row.exposures).toBe(1);
      expect((await db.prisma.experimentAssignment.findFirstOrThrow({ where: { unitId: "lean-1", experiment: { key, tenantId: a.tenant.id } } })).exposures).toBe(2);
      expect((await post({ experiment: key, unitId: "lean-1" }, null)).status).toBe(401);
      expect((await post({ experiment: key, unitId: "lean-1" }, "fw_0123456789_" + "x".repeat(32))).status).toBe(401);
      const bad = await post({ experiment: key });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: "BAD_REQUEST", issues: [{ path: "unitId" }] } });
      expect((await post("{not json")).status).toBe(400);
      expect((await post({ experiment: "missing", unitId: "x" })).status).toBe(404);
      expect((await post({}, apiKey, "/elsewhere")).status).toBe(404);
      const { key: readOnly } = await newApiKey(db, a.tenant.id, a.users.OWNER.id, ["read"]);
      expect((await post({ experiment: key, unitId: "lean-2" }, readOnly)).status).toBe(403);
    } finally {
      server.close();
    }
  });
});
