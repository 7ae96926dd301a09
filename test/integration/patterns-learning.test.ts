/**
 * Learning runs end to end on a real database: every type stored with history and drift, a
 * failed step leaves the previous patterns in place, runs report progress, the tRPC surface
 * and the recommendations read the stored patterns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateWorld } from "../../server/core/simulator";
import type { PatternSet } from "../../server/core/patterns/types";
import type { Database } from "../../server/db";
import { writeCalls, writeLeads, writeOutcomes, writeTouches } from "../../server/services/ingest";
import { inlineStep, type JobStep } from "../../server/services/jobs";
import { executeLearningRun, learnInline } from "../../server/services/patterns/learn";
import type { WhoDetails } from "../../server/services/patterns/who";
import { createTenantWithMembers, openTestDatabase, userCaller } from "../helpers/db";

let db: Database;
let tenant: Awaited<ReturnType<typeof createTenantWithMembers>>;
const world = simulateWorld({ seed: 5, leads: 1_500, start: new Date(Date.now() - 120 * 86_400_000).toISOString(), days: 120 });

/** Writes a simulated world's records for a tenant, in one transaction. */
async function writeWorld(tenantId: string, records: Pick<typeof world, "leads" | "touches" | "calls" | "outcomes">) {
  await db.prisma.$transaction(
    async (tx) => {
      await writeLeads(tx, tenantId, records.leads);
      await writeTouches(tx, tenantId, records.touches);
      await writeCalls(tx, tenantId, records.calls);
      await writeOutcomes(tx, tenantId, records.outcomes);
    },
    { timeout: 300_000 },
  );
}

beforeAll(async () => {
  db = await openTestDatabase();
  (globalThis as unknown as { flywheelDb?: Promise<Database> }).flywheelDb = Promise.resolve(db);
  tenant = await createTenantWithMembers(db, ["OWNER", "ADMIN", "VIEWER"]);
  await writeWorld(tenant.tenant.id, world);
});
afterAll(() => db.close());

const currentVersions = async () =>
  Object.fromEntries((await db.prisma.conversionPattern.findMany({ where: { tenantId: tenant.tenant.id } })).map((r) => [r.type, r.version]));

describe("learning runs", () => {
  it("stores the four pattern types with history, a health check and a finished run", async () => {
    const runId = await learnInline(db.prisma, tenant.tenant.id);
    expect(await currentVersions()).toEqual({ who: 1, what: 1, when: 1, how: 1 });
    expect(await db.prisma.conversionPatternHistory.count({ where: { tenantId: tenant.tenant.id } })).toBe(4);
    const run = await db.prisma.patternRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("succeeded");
    expect(run.progress).toBe(1);
    expect((run.stages as Array<{ status: string }>).every((s) => s.status === "done")).toBe(true);
    expect(await db.prisma.patternHealthCheck.count({ where: { tenantId: tenant.tenant.id } })).toBe(1);
  });

  it("a failed step leaves the previous patterns in place and marks the run failed", async () => {
    const failing: JobStep = { run: (id, fn) => (id === "detect-how" ? Promise.reject(new Error("simulated crash")) : inlineStep.run(id, fn)) };
    const run = await db.prisma.patternRun.create({ data: { tenantId: tenant.tenant.id, kind: "learn", status: "queued" } });
    await expect(executeLearningRun(db.prisma, { tenantId: tenant.tenant.id, runId: run.id }, failing)).rejects.toThrow("simulated crash");
    expect(await currentVersions()).toEqual({ who: 1, what: 1, when: 1, how: 1 });
    expect(await db.prisma.conversionPatternHistory.count({ where: { tenantId: tenant.tenant.id } })).toBe(4);
    const failed = await db.prisma.patternRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("detect how: simulated crash");
  });

  it("a second run moves every type to version 2 and records drift against version 1", async () => {
    await learnInline(db.prisma, tenant.tenant.id);
    expect(await currentVersions()).toEqual({ who: 2, what: 2, when: 2, how: 2 });
    const history = await userCaller(db, tenant.users.VIEWER.id, tenant.tenant.slug).patterns.history({ type: "who", limit: 10 });
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    expect(history[0]!.drift?.previousVersion).toBe(1);
    expect(history[0]!.drift?.level).toBe("stable");
  });
});

describe("patterns API", () => {
  it("lists and reads the current patterns with sample size and confidence", async () => {
    const viewer = userCaller(db, tenant.users.VIEWER.id, tenant.tenant.slug);
    const list = await viewer.patterns.list();
    expect(list.map((p) => [p.type, p.available])).toEqual([["who", true], ["what", true], ["when", true], ["how", true]]);
    const who = await viewer.patterns.get({ type: "who" });
    expect(who.patterns.type).toBe("who");
    expect(who.sampleSize).toBeGreaterThan(0);
    expect(who.confidence).toBeGreaterThanOrEqual(0);
    expect(who.confidence).toBeLessThanOrEqual(1);
    expect((await viewer.patterns.health())?.findings).toBeDefined();
  });

  it("only ADMIN+ may learn; the run is visible with its progress until it finishes", async () => {
    await expect(userCaller(db, tenant.users.VIEWER.id, tenant.tenant.slug).patterns.learnNow()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = userCaller(db, tenant.users.ADMIN.id, tenant.tenant.slug);
    const { runId, mode } = await admin.patterns.learnNow();
    expect(mode).toBe("embedded");
    await expect(admin.patterns.learnNow()).rejects.toMatchObject({ code: "CONFLICT" });
    let run = await admin.patterns.run({ runId });
    for (let i = 0; i < 240 && (run.status === "queued" || run.status === "running"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      run = await admin.patterns.run({ runId });
    }
    expect(run.status).toBe("succeeded");
    expect(await currentVersions()).toEqual({ who: 3, what: 3, when: 3, how: 3 });
    const health = await admin.patterns.health();
    expect(health!.checkedAt.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime());
  });

  it("scores leads with the current weights and names the version", async () => {
    const viewer = userCaller(db, tenant.users.VIEWER.id, tenant.tenant.slug);
    const ids = world.leads.slice(0, 5).map((l) => l.externalId);
    const result = await viewer.patterns.scoreLeads({ leadExternalIds: [...ids, "nobody"], leads: [{ ref: "prospect", industry: "SaaS", seniority: "VP", companySize: 120 }] });
    expect(result.weightsVersion).toBe(3);
    expect(result.scores).toHaveLength(6);
    expect(result.unknownLeadExternalIds).toEqual(["nobody"]);
    for (const s of result.scores) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(100);
      expect(s.probability).toBeGreaterThan(0);
    }
  });

  it("recommends a send window in the lead's zone and a next channel, or says why not", async () => {
    const viewer = userCaller(db, tenant.users.VIEWER.id, tenant.tenant.slug);
    const lead = world.leads.find((l) => l.timezone)!;
    const window = await viewer.patterns.bestSendWindow({ leadExternalId: lead.externalId });
    expect(window.timezone).toBe(lead.timezone);
    expect(window.recommendation !== null || window.reason !== null).toBe(true);
    if (window.recommendation) expect(new Date(window.recommendation.end).getTime()).toBeGreaterThan(new Date(window.recommendation.start).getTime());
    const next = await viewer.patterns.nextChannel({ history: ["email"] });
    expect(next.history).toEqual(["email"]);
    expect(next.advice === null ? next.reason : next.advice.channel).toBeTruthy();
    const forLead = await viewer.patterns.nextChannel({ leadExternalId: lead.externalId });
    expect(forLead.history.length).toBeGreaterThan(0);
    await expect(viewer.patterns.nextChannel({ leadExternalId: "nobody" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("the same answers over HTTP with a read-scoped API key", async () => {
    const { newApiKey } = await import("../helpers/db");
    const { key } = await newApiKey(db, tenant.tenant.id, tenant.users.OWNER.id, ["read"]);
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const { POST: score } = await import("../../app/api/v1/score-leads/route");
    const scored = await score(new Request("http://localhost/api/v1/score-leads", { method: "POST", headers, body: JSON.stringify({ leadExternalIds: [world.leads[0]!.externalId] }) }));
    expect(scored.status).toBe(200);
    expect(((await scored.json()) as { scores: unknown[] }).scores).toHaveLength(1);
    const { GET: windowRoute } = await import("../../app/api/v1/best-send-window/route");
    const bad = await windowRoute(new Request("http://localhost/api/v1/best-send-window?timezone=Mars/Base", { headers }));
    expect(bad.status).toBe(400);
    const { GET: patternRoute } = await import("../../app/api/v1/patterns/[type]/route");
    expect((await patternRoute(new Request("http://localhost/api/v1/patterns/when", { headers }))).status).toBe(200);
    expect((await patternRoute(new Request("http://localhost/api/v1/patterns/why", { headers }))).status).toBe(400);
    const { POST: learn } = await import("../../app/api/v1/patterns/learn/route");
    expect((await learn(new Request("http://localhost/api/v1/patterns/learn", { method: "POST", headers }))).status).toBe(403);
  });

  it("learning settings: anyone reads them, admins change them (validated, audited), and the next run uses them", async () => {
    const viewer = userCaller(db, tenant.users.VIEWER.id, tenant.tenant.slug);
    const admin = userCaller(db, tenant.users.ADMIN.id, tenant.tenant.slug);
    const read = await viewer.patterns.settings();
    expect(read.settings).toEqual({ lookbackDays: 365, alpha: 0.05, minConversions: 10, confounders: ["source", "days_to_appointment", "channel_mix"], excludedAttributes: [] });
    expect(read.confounderChoices.map((c) => c.name)).toEqual(expect.arrayContaining(["source", "channel_mix", "days_to_appointment", "industry", "attributes.crm"]));
    await expect(viewer.patterns.updateSettings({ alpha: 0.01 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.patterns.updateSettings({ confounders: ["source", "attributes.crm'; DROP TABLE leads; --"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.patterns.updateSettings({ alpha: 0.5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.patterns.updateSettings({ excludedAttributes: ["attributes.bad key"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await viewer.patterns.settings()).settings.alpha).toBe(0.05);

    const updated = await admin.patterns.updateSettings({ alpha: 0.01, confounders: ["source", "industry"] });
    expect(updated).toEqual({ lookbackDays: 365, alpha: 0.01, minConversions: 10, confounders: ["source", "industry"], excludedAttributes: [] });
    expect(await db.prisma.auditLog.count({ where: { tenantId: tenant.tenant.id, action: "patterns.settings_updated" } })).toBe(1);
    await learnInline(db.prisma, tenant.tenant.id);
    const who = (await viewer.patterns.get({ type: "who" })).patterns as PatternSet<WhoDetails>;
    expect(who.details.confounders).toEqual(["source", "industry"]);
    // Each finding is re-checked within industry strata, except industry itself.
    const notes = who.results[0]!.findings.flatMap((f) => (f.confounding ? [[f.dimension, f.confounding.confounder] as const] : []));
    expect(notes.some(([, c]) => c === "industry")).toBe(true);
    expect(notes.some(([d, c]) => d === "industry" && c === "industry")).toBe(false);
    await admin.patterns.updateSettings({ alpha: 0.05, confounders: ["source", "days_to_appointment", "channel_mix"] });
  });

  it("an archive imported years later is learned from its own last year, not from an empty year ending today", async () => {
    const archive = await createTenantWithMembers(db, ["OWNER"]);
    const old = simulateWorld({ seed: 9, leads: 400, start: new Date(Date.now() - 4 * 365 * 86_400_000).toISOString(), days: 90 });
    await writeWorld(archive.tenant.id, old);
    await learnInline(db.prisma, archive.tenant.id);
    const caller = userCaller(db, archive.users.OWNER.id, archive.tenant.slug);
    const who = (await caller.patterns.get({ type: "who" })).patterns;
    const what = (await caller.patterns.get({ type: "what" })).patterns;
    expect(who.results[0]!.n).toBe(400);
    expect(what.results[0]!.n).toBeGreaterThan(1000);
    const newestSent = Math.max(...old.touches.map((t) => new Date(t.sentAt).getTime()));
    const newestLead = Math.max(...old.leads.map((l) => new Date(l.createdAt ?? 0).getTime()));
    expect(new Date(who.window.from!).getTime()).toBe(Math.max(newestSent, newestLead) - 365 * 86_400_000);
  });

  it("a tenant that records only deals (no replies, no bookings) gets every type learned for deals", async () => {
    const deals = await createTenantWithMembers(db, ["OWNER"]);
    const dealsOnly = simulateWorld({ seed: 12, leads: 1_500, start: new Date(Date.now() - 120 * 86_400_000).toISOString(), days: 120 });
    await writeWorld(deals.tenant.id, {
      ...dealsOnly,
      touches: dealsOnly.touches.map((t) => ({ ...t, replied: false, repliedAt: null })),
      outcomes: dealsOnly.outcomes.filter((o) => o.kind === "converted"),
    });
    await learnInline(db.prisma, deals.tenant.id);
    const caller = userCaller(db, deals.users.OWNER.id, deals.tenant.slug);
    for (const type of ["who", "what", "when", "how"] as const) {
      const set = (await caller.patterns.get({ type })).patterns;
      expect(set.results.map((r) => r.target), type).toEqual(["converted"]);
      expect(set.sampleSize, type).toBeGreaterThan(0);
      expect(set.notes.some((n) => n.startsWith("No ") && n.includes('"booked"')), type).toBe(true);
    }
  });

  it("another tenant sees none of it", async () => {
    const other = await createTenantWithMembers(db, ["OWNER"]);
    const caller = userCaller(db, other.users.OWNER.id, other.tenant.slug);
    expect((await caller.patterns.list()).every((p) => !p.available)).toBe(true);
    await expect(caller.patterns.get({ type: "who" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { runId } = await userCaller(db, tenant.users.ADMIN.id, tenant.tenant.slug).patterns.runs({ limit: 1 }).then((r) => ({ runId: r[0]!.id }));
    await expect(caller.patterns.run({ runId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Its settings are its own: changing them leaves this tenant's alone.
    await caller.patterns.updateSettings({ minConversions: 50 });
    expect((await caller.patterns.settings()).settings.minConversions).toBe(50);
    expect((await userCaller(db, tenant.users.VIEWER.id, tenant.tenant.slug).patterns.settings()).settings.minConversions).toBe(10);
  });
});
