/**
 * The demo tenant: a user, a tenant and a simulated world (server/core/simulator) with
 * planted truths, written through the same set-based writers as real ingestion.
 * Idempotent: running it again finds the tenant and leaves it as it is.
 */
import { simulateWorldChunks } from "../core/simulator";
import type { PrismaClient } from "../db";
import { hashPassword } from "./accounts";
import { writeCalls, writeLeads, writeOutcomes, writeTouches } from "./ingest";

export const DEMO_USER = { email: "demo@flywheel.local", password: "flywheel-demo", name: "Demo Operator" } as const;
export const DEMO_TENANT = { slug: "demo", name: "Demo Agency", timezone: "America/New_York" } as const;

export interface DemoSeedOptions {
  leads?: number;
  seed?: number;
  onProgress?: (message: string) => void;
}

export async function ensureDemoTenant(db: PrismaClient, options: DemoSeedOptions = {}) {
  const log = options.onProgress ?? (() => {});
  const user =
    (await db.user.findUnique({ where: { email: DEMO_USER.email } })) ??
    (await db.user.create({ data: { email: DEMO_USER.email, name: DEMO_USER.name, passwordHash: await hashPassword(DEMO_USER.password) } }));
  let tenant = await db.tenant.findUnique({ where: { slug: DEMO_TENANT.slug } });
  if (tenant && (tenant.settings as { demoSeeded?: boolean }).demoSeeded) {
    log("demo tenant already seeded");
    return { user, tenant, created: false };
  }
  tenant ??= await db.tenant.create({ data: { ...DEMO_TENANT } });
  const tenantId = tenant.id;
  await db.membership.upsert({ where: { tenantId_userId: { tenantId, userId: user.id } }, create: { tenantId, userId: user.id, role: "OWNER" }, update: {} });

  const leads = options.leads ?? 3_000;
  const days = 120;
  const start = new Date(Date.now() - days * 86_400_000).toISOString();
  const counts = { leads: 0, touches: 0, outcomes: 0, calls: 0 };
  const started = Date.now();
  for (const chunk of simulateWorldChunks({ seed: options.seed ?? 42, leads, start, days }, 1_000)) {
    // Each chunk in its own transaction: a crash leaves whole chunks, and a rerun replaces them by externalId.
    await db.$transaction(
      async (tx) => {
        await writeLeads(tx, tenantId, chunk.leads);
        for (let i = 0; i < chunk.touches.length; i += 5_000) await writeTouches(tx, tenantId, chunk.touches.slice(i, i + 5_000));
        if (chunk.calls.length) await writeCalls(tx, tenantId, chunk.calls);
        for (let i = 0; i < chunk.outcomes.length; i += 5_000) await writeOutcomes(tx, tenantId, chunk.outcomes.slice(i, i + 5_000));
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
    counts.leads += chunk.leads.length;
    counts.touches += chunk.touches.length;
    counts.outcomes += chunk.outcomes.length;
    counts.calls += chunk.calls.length;
    log(`demo world: ${counts.leads}/${leads} leads, ${counts.touches} touches, ${counts.outcomes} outcomes, ${counts.calls} calls`);
  }
  tenant = await db.tenant.update({ where: { id: tenantId }, data: { settings: { ...(tenant.settings as object), demoSeeded: true, demoSeed: options.seed ?? 42 } } });
  await db.auditLog.create({ data: { tenantId, actorType: "system", action: "demo.seed", details: { ...counts, seconds: (Date.now() - started) / 1000 } } });
  return { user, tenant, created: true };
}

/**
 * The demo tenant's prompt registry and one experiment. The simulated agents already split
 * their first emails between cold-open v3 and v4 at random per lead, so the experiment's
 * assignments come from that history (first exposure = the lead's first such email) and it is
 * evaluated week by week, which fills the lift-over-time chart. The simulator plants no
 * difference between the two versions: the honest outcome is "not promoted".
 * Idempotent: skipped once the tenant has any prompt.
 */
export async function ensureDemoRegistry(db: PrismaClient, tenantId: string, log: (message: string) => void = () => {}) {
  if ((await db.prompt.count({ where: { tenantId } })) > 0) return { created: false };
  const coldOpen = [
    "Hi {{first_name}}, noticed {{company}} is growing its sales team. Worth a quick chat about booking more meetings?",
    "Hi {{first_name}} — teams like {{company}} lose deals to slow follow-up. Open to 15 minutes this week?",
    "Hi {{first_name}}, {{company}} came up while we were looking at {{industry}} teams that answer leads within five minutes. Curious how you handle it today?",
    "{{first_name}}, quick question: how many of {{company}}'s inbound leads get a reply within the hour? We help {{industry}} teams get that to 100%.",
  ];
  const prompt = await db.prompt.create({ data: { tenantId, name: "cold-open", kind: "text", description: "First email of the outbound sequence." } });
  const versions = [];
  for (const [i, template] of coldOpen.entries()) {
    versions.push(
      await db.promptVersion.create({
        data: { tenantId, promptId: prompt.id, version: i + 1, template, variables: [...new Set([...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!))], model: "gpt-4o-mini", parameters: { temperature: 0.7 }, commitMessage: ["first draft", "pain-point angle", "industry hook", "question opener"][i]!, authorType: "system" },
      }),
    );
  }
  for (const [name, index] of [["production", 2], ["staging", 3], ["latest", 3]] as const) {
    await db.promptLabel.create({ data: { tenantId, promptId: prompt.id, name, versionId: versions[index]!.id } });
    // "latest" follows the newest version by itself; it has no history of moves.
    if (name !== "latest") await db.promptLabelEvent.create({ data: { tenantId, promptId: prompt.id, label: name, toVersionId: versions[index]!.id, source: "manual", reason: "demo setup", actorType: "system" } });
  }
  const sendWindow = await db.prompt.create({ data: { tenantId, name: "send-window", kind: "config", description: "When outreach agents send first touches (lead's local time)." } });
  const windowVersion = await db.promptVersion.create({
    data: { tenantId, promptId: sendWindow.id, version: 1, config: { weekdays: ["Tue", "Wed", "Thu"], hours: [9, 10, 11] }, variables: [], commitMessage: "from the WHEN patterns", authorType: "system" },
  });
  await db.promptLabel.create({ data: { tenantId, promptId: sendWindow.id, name: "production", versionId: windowVersion.id } });

  const experiment = await db.experiment.create({
    data: {
      tenantId,
      key: "cold-open-v4",
      name: "Cold open: question opener (v4) vs industry hook (v3)",
      hypothesis: "Opening with a question about response time gets more replies than the industry hook.",
      promptId: prompt.id,
      status: "running",
      salt: "demo-cold-open",
      primaryMetric: "replied",
      guardrails: [{ metric: "booked", maxRelativeDrop: 0.05 }],
      arms: {
        create: [
          { tenantId, key: "control", name: "v3 industry hook", isControl: true, weight: 1, promptVersionId: versions[2]!.id, position: 0 },
          { tenantId, key: "question", name: "v4 question opener", isControl: false, weight: 1, promptVersionId: versions[3]!.id, position: 1 },
        ],
      },
    },
    include: { arms: true },
  });
  const [control, variant] = experiment.arms.sort((a, b) => a.position - b.position);
  await db.$executeRaw`
    INSERT INTO experiment_assignments (tenant_id, experiment_id, arm_id, unit_id, first_exposed_at, last_exposed_at, exposures)
    SELECT ${tenantId}::uuid, ${experiment.id}::uuid,
           CASE WHEN t.prompt_ref = 'cold-open@v3' THEN ${control!.id}::uuid ELSE ${variant!.id}::uuid END,
           l.external_id, min(t.sent_at), max(t.sent_at), count(*)
    FROM touches t JOIN leads l ON l.id = t.lead_id
    WHERE t.tenant_id = ${tenantId}::uuid AND t.prompt_ref IN ('cold-open@v3', 'cold-open@v4')
    GROUP BY 1, 2, 3, 4`;
  const span = await db.experimentAssignment.aggregate({ where: { experimentId: experiment.id }, _min: { firstExposedAt: true }, _max: { firstExposedAt: true } });
  const first = span._min.firstExposedAt;
  if (!first) return { created: true };
  await db.experiment.update({ where: { id: experiment.id }, data: { startedAt: first } });
  const { evaluateExperiment } = await import("./experiments/evaluate");
  const week = 7 * 86_400_000;
  let evaluations = 0;
  for (let at = first.getTime() + 2 * week; at <= Date.now(); at += week) {
    const outcome = await evaluateExperiment(db, tenantId, experiment.id, { type: "system" }, new Date(at));
    evaluations++;
    if (outcome.decision !== "CONTINUE" || outcome.skipped) break;
  }
  log(`demo registry: prompts cold-open (v1–v4) and send-window, experiment cold-open-v4 evaluated ${evaluations} times`);
  return { created: true };
}

const BOOKING_CALL_SCRIPT = `You are {{agent_name}}, calling {{first_name}} at {{company}} to book a 30-minute discovery call.

## Hook
Introduce yourself and say why you are calling in one sentence.

## Qualification
Ask about their current process for following up with inbound leads.

## Value
Explain how faster follow-up books more meetings.

## Objections
Listen, then answer.

## Closing
Propose a time for the discovery call.

## Confirmation
Repeat the day and time before you hang up.`;

/**
 * The demo tenant's excellence analysis and show-up model: every call scored, an Excellence Report
 * over the simulated period, the call agent's prompt (booking-call, the promptRef the simulated
 * calls carry) and, when there are enough booked calls with a known show-up, a show-up model
 * trained and promoted as the baseline (recorded as approved by the demo setup).
 * Idempotent: skipped once the tenant has a report.
 */
export async function ensureDemoExcellence(db: PrismaClient, tenantId: string, log: (message: string) => void = () => {}) {
  if ((await db.excellenceReport.count({ where: { tenantId } })) > 0) return { created: false };
  const { recomputeExcellenceScores } = await import("./excellence/scores");
  const { generateExcellenceReport } = await import("./excellence/report");
  const scored = await recomputeExcellenceScores(db, tenantId, { all: true });
  if (!(await db.prompt.findUnique({ where: { tenantId_name: { tenantId, name: "booking-call" } } }))) {
    const prompt = await db.prompt.create({ data: { tenantId, name: "booking-call", kind: "text", description: "The voice agent's script for booking calls." } });
    const version = await db.promptVersion.create({
      data: { tenantId, promptId: prompt.id, version: 5, template: BOOKING_CALL_SCRIPT, variables: ["agent_name", "first_name", "company"], model: "gpt-4o", parameters: { temperature: 0.4 }, commitMessage: "current script", authorType: "system" },
    });
    for (const name of ["production", "latest"]) await db.promptLabel.create({ data: { tenantId, promptId: prompt.id, name, versionId: version.id } });
  }
  const report = await generateExcellenceReport(db, tenantId, { lookbackDays: 180 });
  log(`demo excellence: ${scored.scored} calls scored, report over ${report.callCount} calls`);

  const { showUpTrainingSet } = await import("./models/datasets");
  const { datasetProblem, executeTrainingRun } = await import("./models/registry");
  const problem = datasetProblem(await showUpTrainingSet(db, tenantId));
  if (problem) {
    log(`demo models: no show-up model (${problem})`);
    return { created: true };
  }
  const { inlineStep } = await import("./jobs");
  const run = await db.modelTrainingRun.create({ data: { tenantId, target: "show_up", reason: "manual", stage: "queued", message: "demo setup" } });
  const registered = await executeTrainingRun(db, { tenantId, runId: run.id }, inlineStep);
  if (registered?.approvalId && !registered.promoted) {
    const { approveRequest } = await import("./approvals");
    await approveRequest({ db, tenantId, role: "OWNER", actor: { type: "system" } }, { id: registered.approvalId, note: "baseline model of the demo setup" });
  }
  log(`demo models: show-up model v${registered?.version ?? "?"} ${registered ? `(${registered.comparison.reason})` : "failed"}`);
  return { created: true };
}
