/**
 * Experiment decisions end to end on a real database: outcomes attributed inside the window,
 * decisions from the statistics core, approval-gated promotion (the production label moves only
 * after an ADMIN approves, or by policy), rollback, and a losing or inconclusive variant never
 * promoted; tenant B sees none of tenant A's experiments or approval requests. Creation and
 * assignment are in experiments-create-assign.test.ts; the setup both share is in
 * experiments-fixtures.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../server/core/stats";
import { userCaller } from "../helpers/db";
import { a, admin, b, codeOf, db, member, newExperiment, owner, promptId, setUpExperimentsDatabase, viewer } from "./experiments-fixtures";

const productionVersion = async () => {
  const label = await db.prisma.promptLabel.findUniqueOrThrow({ where: { promptId_name: { promptId, name: "production" } }, include: { version: true } });
  return label.version.version;
};

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

beforeAll(setUpExperimentsDatabase);
afterAll(() => db.close());

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
    // Its own running experiment and pending approval request in tenant A: this test does not depend on the ones above.
    const key = await newExperiment();
    const experiment = await db.prisma.experiment.findUniqueOrThrow({ where: { tenantId_key: { tenantId: a.tenant.id, key } } });
    const requestOfA = await db.prisma.approvalRequest.create({
      data: { tenantId: a.tenant.id, kind: "experiment_proposal", title: "A's request", summary: "for tenant A only", experimentId: experiment.id, requestedByType: "system" },
    });
    const keys = (await owner().experiments.list({})).map((e) => e.key);
    expect(keys).toContain(key);
    expect(await ownerB.experiments.list({})).toEqual([]);
    expect(await codeOf(ownerB.experiments.get({ key }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerB.experiments.assign({ experiment: key, unitId: "x" }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerB.experiments.evaluate({ key }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerB.approvals.get({ id: requestOfA.id }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerB.approvals.approve({ id: requestOfA.id }))).toBe("NOT_FOUND");
    expect((await ownerB.approvals.list({})).items).toEqual([]);
    // The same experiment key in tenant B is a different experiment.
    await ownerB.experiments.create({ key, name: "B's own", prompt: "cold-open", arms: [{ key: "control", version: 1 }, { key: "variant", version: 3 }], primaryMetric: "booked" });
    expect((await ownerB.experiments.get({ key })).name).toBe("B's own");
  });
});
