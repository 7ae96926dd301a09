/**
 * Experiments end to end on a real database: sticky hashed assignment with exposures, outcomes
 * attributed inside the window, decisions from the statistics core, approval-gated promotion
 * (the production label moves only after an ADMIN approves, or by policy), rollback, and a
 * losing or inconclusive variant never promoted. Tenants never see each other's experiments.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignArm } from "../../server/core/experiments/assignment";
import { seededRandom } from "../../server/core/stats";
import { flushExposures, queueExposure, recordExposure } from "../../server/services/experiments/exposure-log";
import type { Database } from "../../server/db";
import { createTenantWithMembers, newApiKey, callerFor, openTestDatabase, userCaller } from "../helpers/db";

let db: Database;
let a: Awaited<ReturnType<typeof createTenantWithMembers>>;
let b: Awaited<ReturnType<typeof createTenantWithMembers>>;
let promptId: string;
const versionIds: Record<number, string> = {};

const owner = () => userCaller(db, a.users.OWNER.id, a.tenant.slug);
const admin = () => userCaller(db, a.users.ADMIN.id, a.tenant.slug);
const member = () => userCaller(db, a.users.MEMBER.id, a.tenant.slug);
const viewer = () => userCaller(db, a.users.VIEWER.id, a.tenant.slug);

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** A registry item with three versions and production on v1, written directly so these tests depend only on the experiments code. */
async function seedPrompt(tenantId: string, name: string) {
  const prompt = await db.prisma.prompt.create({ data: { tenantId, name } });
  const ids: Record<number, string> = {};
  for (const version of [1, 2, 3]) {
    const row = await db.prisma.promptVersion.create({
      data: { tenantId, promptId: prompt.id, version, template: `Hi {{first_name}}, version ${version}`, variables: ["first_name"], commitMessage: `v${version}`, authorType: "system" },
    });
    ids[version] = row.id;
  }
  await db.prisma.promptLabel.create({ data: { tenantId, promptId: prompt.id, name: "production", versionId: ids[1]! } });
  return { promptId: prompt.id, ids };
}

const productionVersion = async () => {
  const label = await db.prisma.promptLabel.findUniqueOrThrow({ where: { promptId_name: { promptId, name: "production" } }, include: { version: true } });
  return label.version.version;
};

let experimentCounter = 0;
async function newExperiment(options: { start?: boolean; allocation?: "fixed" | "thompson"; minSamplePerArm?: number; maxSamplePerArm?: number; guardrails?: Array<{ metric: "no_show"; maxRelativeDrop: number }> } = {}) {
  const key = `exp-${++experimentCounter}`;
  // One running experiment per prompt at a time: stop the previous one.
  for (const running of await db.prisma.experiment.findMany({ where: { tenantId: a.tenant.id, status: "running" } })) await admin().experiments.stop({ key: running.key });
  await member().experiments.create({
    key,
    name: `Experiment ${experimentCounter}`,
    prompt: "cold-open",
    arms: [
      { key: "control", version: 1 },
      { key: "variant", version: 2 },
    ],
    primaryMetric: "booked",
    minSamplePerArm: options.minSamplePerArm ?? 100,
    maxSamplePerArm: options.maxSamplePerArm,
    allocation: options.allocation ?? "fixed",
    guardrails: options.guardrails ?? [],
    // A fixed hash seed makes each split reproducible: with a random one, about 1 run in 1,500
    // draws a split that the SRM check (rightly) flags, and the decision test would flake.
    salt: `test-salt-${key}`,
  });
  if (options.start !== false) await admin().experiments.start({ key });
  return key;
}

/**
 * Exposes `units` units through the assignment API, then sends leads and booked outcomes: each
 * unit books with its arm's rate (seeded). Exposures are back-dated two days so outcomes one
 * day ago fall inside the attribution window.
 */
async function runTraffic(key: string, units: number, rates: { control: number; variant: number }, seed: number) {
  const random = seededRandom(seed);
  const arms: Record<string, string[]> = { control: [], variant: [] };
  for (let i = 0; i < units; i++) {
    const unitId = `${key}-lead-${i}`;
    const assignment = await owner().experiments.assign({ experiment: key, unitId });
    arms[assignment.arm!]!.push(unitId);
  }
  const experiment = await db.prisma.experiment.findUniqueOrThrow({ where: { tenantId_key: { tenantId: a.tenant.id, key } } });
  await db.prisma.$executeRaw`UPDATE experiment_assignments SET first_exposed_at = now() - interval '2 days' WHERE experiment_id = ${experiment.id}::uuid`;
  const leads = Object.values(arms).flat().map((externalId) => ({ externalId }));
  for (let i = 0; i < leads.length; i += 5_000) await owner().ingest.leads({ leads: leads.slice(i, i + 5_000) });
  const occurredAt = new Date(Date.now() - 86_400_000).toISOString();
  const outcomes = Object.entries(arms).flatMap(([arm, ids]) =>
    ids.filter(() => random.next() < rates[arm as "control" | "variant"]).map((leadExternalId) => ({ externalId: `${leadExternalId}-booked`, leadExternalId, kind: "booked" as const, occurredAt })),
  );
  if (outcomes.length) await owner().ingest.outcomes({ outcomes });
  return { control: arms.control!.length, variant: arms.variant!.length, booked: outcomes.length };
}

beforeAll(async () => {
  db = await openTestDatabase();
  a = await createTenantWithMembers(db, ["OWNER", "ADMIN", "MEMBER", "VIEWER"]);
  b = await createTenantWithMembers(db, ["OWNER"]);
  const seeded = await seedPrompt(a.tenant.id, "cold-open");
  promptId = seeded.promptId;
  Object.assign(versionIds, seeded.ids);
  await seedPrompt(b.tenant.id, "cold-open");
});
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

describe("decisions and promotion", () => {
  it("a clear winner is promoted only after an ADMIN approves; the audit log records who and why; rollback restores the previous version", async () => {
    const key = await newExperiment();
    await runTraffic(key, 800, { control: 0.1, variant: 0.3 }, 1);
    const evaluation = await admin().experiments.evaluate({ key });
    expect(evaluation.decision).toBe("PROMOTE");
    expect(evaluation.winner).toBe("variant");
    expect(evaluation.promoted).toBe(false);
    expect(await productionVersion()).toBe(1);

    const detail = await viewer().experiments.get({ key });
    expect(detail.status).toBe("completed");
    expect(detail.decisionReasons.length).toBeGreaterThan(0);
    expect(detail.history).toHaveLength(1);
    const approvals = await viewer().approvals.list({ status: "pending" });
    const request = approvals.items.find((r) => r.experimentId === detail.id)!;
    expect(request).toMatchObject({ status: "pending", label: "production", fromVersion: 1, toVersion: 2, promptName: "cold-open" });

    expect(await codeOf(member().approvals.approve({ id: request.id }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer().approvals.approve({ id: request.id }))).toBe("FORBIDDEN");
    expect(await productionVersion()).toBe(1);

    const approved = await admin().approvals.approve({ id: request.id, note: "clear win on bookings" });
    expect(approved.status).toBe("approved");
    expect(approved.decidedById).toBe(a.users.ADMIN.id);
    expect(approved.decidedByName).toBe("ADMIN");
    expect(approved.requestedByName).toBe("Flywheel");
    expect(await productionVersion()).toBe(2);
    expect(await codeOf(admin().approvals.approve({ id: request.id }))).toBe("CONFLICT");

    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { tenantId: a.tenant.id, action: "approval.approve", targetId: request.id } });
    expect(audit.actorId).toBe(a.users.ADMIN.id);
    expect((audit.details as { note: string }).note).toBe("clear win on bookings");
    expect(await db.prisma.promptLabelEvent.count({ where: { promptId, label: "production", source: "approval" } })).toBe(1);

    await admin().approvals.rollback({ id: request.id, note: "complaints from sales" });
    expect(await productionVersion()).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { tenantId: a.tenant.id, action: "approval.rollback", targetId: request.id } })).toBe(1);
    expect(await codeOf(admin().approvals.rollback({ id: request.id }))).toBe("CONFLICT");
  });

  it("a rejected request leaves the label where it was", async () => {
    const key = await newExperiment();
    await runTraffic(key, 800, { control: 0.1, variant: 0.3 }, 2);
    expect((await admin().experiments.evaluate({ key })).decision).toBe("PROMOTE");
    const request = (await admin().approvals.list({ status: "pending" })).items[0]!;
    await admin().approvals.reject({ id: request.id, note: "brand voice" });
    expect(await productionVersion()).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { tenantId: a.tenant.id, action: "approval.reject", targetId: request.id } })).toBe(1);
  });

  it("with the auto-approve policy a winner is promoted at once, recorded as approved by policy", async () => {
    expect(await codeOf(member().approvals.setPolicy({ autoApprovePromotions: true }))).toBe("FORBIDDEN");
    await admin().approvals.setPolicy({ autoApprovePromotions: true });
    try {
      const key = await newExperiment();
      await runTraffic(key, 800, { control: 0.1, variant: 0.3 }, 3);
      const evaluation = await admin().experiments.evaluate({ key });
      expect(evaluation).toMatchObject({ decision: "PROMOTE", promoted: true });
      expect(await productionVersion()).toBe(2);
      const request = await admin().approvals.get({ id: evaluation.approvalId! });
      expect(request.status).toBe("approved");
      expect(await db.prisma.promptLabelEvent.count({ where: { promptId, label: "production", source: "auto" } })).toBe(1);
      await admin().approvals.rollback({ id: request.id });
      expect(await productionVersion()).toBe(1);
    } finally {
      await admin().approvals.setPolicy({ autoApprovePromotions: false });
    }
  });

  it("a losing variant is rejected and never promoted", async () => {
    const key = await newExperiment();
    await runTraffic(key, 800, { control: 0.3, variant: 0.1 }, 4);
    const evaluation = await admin().experiments.evaluate({ key });
    expect(evaluation.decision).toBe("REJECT");
    expect(evaluation.approvalId).toBeNull();
    expect(await productionVersion()).toBe(1);
    expect((await viewer().experiments.get({ key })).status).toBe("completed");
  });

  it("an inconclusive variant keeps running, and below the minimum sample it says how many units are missing", async () => {
    const key = await newExperiment({ minSamplePerArm: 500 });
    await runTraffic(key, 300, { control: 0.2, variant: 0.2 }, 5);
    const early = await admin().experiments.evaluate({ key });
    expect(early.decision).toBe("CONTINUE");
    const detail = await viewer().experiments.get({ key });
    expect(detail.status).toBe("running");
    expect(detail.decisionReasons.map((r) => r.message).join(" ")).toMatch(/more units/);
    expect(await productionVersion()).toBe(1);
    expect(await db.prisma.approvalRequest.count({ where: { experimentId: detail.id } })).toBe(0);
  });

  it("counts only outcomes inside the attribution window after exposure", async () => {
    const key = await newExperiment();
    const experiment = await db.prisma.experiment.findUniqueOrThrow({ where: { tenantId_key: { tenantId: a.tenant.id, key } } });
    await owner().experiments.assign({ experiment: key, unitId: `${key}-w` });
    await db.prisma.$executeRaw`UPDATE experiment_assignments SET first_exposed_at = now() - interval '30 days' WHERE experiment_id = ${experiment.id}::uuid`;
    await owner().ingest.leads({ leads: [{ externalId: `${key}-w` }] });
    const day = 86_400_000;
    await owner().ingest.outcomes({
      outcomes: [
        { externalId: `${key}-before`, leadExternalId: `${key}-w`, kind: "booked", occurredAt: new Date(Date.now() - 31 * day).toISOString() },
        { externalId: `${key}-late`, leadExternalId: `${key}-w`, kind: "replied", occurredAt: new Date(Date.now() - 2 * day).toISOString() },
        { externalId: `${key}-inside`, leadExternalId: `${key}-w`, kind: "showed", occurredAt: new Date(Date.now() - 25 * day).toISOString() },
      ],
    });
    const { armStatistics } = await import("../../server/services/experiments/arm-stats");
    const [stats] = await armStatistics(db.prisma, a.tenant.id, experiment.id, 14);
    expect(stats).toMatchObject({ units: 1, counts: { booked: 0, replied: 0, showed: 1 } });
  });

  it("bandit mode moves traffic toward the better arm while it keeps running", async () => {
    const key = await newExperiment({ allocation: "thompson", minSamplePerArm: 5_000 });
    await runTraffic(key, 400, { control: 0.1, variant: 0.3 }, 6);
    expect((await admin().experiments.evaluate({ key })).decision).toBe("CONTINUE");
    const arms = (await viewer().experiments.get({ key })).arms;
    expect(arms.find((arm) => arm.key === "variant")!.weight).toBeGreaterThan(arms.find((arm) => arm.key === "control")!.weight);
  });
});

describe("tenants never see each other's experiments", () => {
  it("tenant B cannot read, assign, evaluate or approve tenant A's experiments", async () => {
    const ownerB = userCaller(db, b.users.OWNER.id, b.tenant.slug);
    const keys = (await owner().experiments.list({})).map((e) => e.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(await ownerB.experiments.list({})).toEqual([]);
    expect(await codeOf(ownerB.experiments.get({ key: keys[0]! }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerB.experiments.assign({ experiment: keys[0]!, unitId: "x" }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerB.experiments.evaluate({ key: keys[0]! }))).toBe("NOT_FOUND");
    const requestOfA = await db.prisma.approvalRequest.findFirstOrThrow({ where: { tenantId: a.tenant.id } });
    expect(await codeOf(ownerB.approvals.get({ id: requestOfA.id }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerB.approvals.approve({ id: requestOfA.id }))).toBe("NOT_FOUND");
    expect((await ownerB.approvals.list({})).items).toEqual([]);
    // The same experiment key in tenant B is a different experiment.
    await ownerB.experiments.create({ key: keys[0]!, name: "B's own", prompt: "cold-open", arms: [{ key: "control", version: 1 }, { key: "variant", version: 3 }], primaryMetric: "booked" });
    expect((await ownerB.experiments.get({ key: keys[0]! })).name).toBe("B's own");
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
