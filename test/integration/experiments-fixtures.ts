/**
 * Setup and helpers shared by the experiments integration tests (experiments-*.test.ts). Each test
 * file calls setUpExperimentsDatabase from its own beforeAll: vitest loads this module afresh per
 * file, so every file gets its own database, tenants and prompt, as the single file had. Not
 * named *.test.ts, so vitest does not collect it.
 */
import type { Database } from "../../server/db";
import { createTenantWithMembers, openTestDatabase, userCaller } from "../helpers/db";
export { codeOf } from "../helpers/trpc";

export let db: Database;
export let a: Awaited<ReturnType<typeof createTenantWithMembers>>;
export let b: Awaited<ReturnType<typeof createTenantWithMembers>>;
export let promptId: string;
const versionIds: Record<number, string> = {};

export const owner = () => userCaller(db, a.users.OWNER.id, a.tenant.slug);
export const admin = () => userCaller(db, a.users.ADMIN.id, a.tenant.slug);
export const member = () => userCaller(db, a.users.MEMBER.id, a.tenant.slug);
export const viewer = () => userCaller(db, a.users.VIEWER.id, a.tenant.slug);

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

let experimentCounter = 0;
export async function newExperiment(options: { start?: boolean; allocation?: "fixed" | "thompson"; minSamplePerArm?: number; maxSamplePerArm?: number; guardrails?: Array<{ metric: "no_show"; maxRelativeDrop: number }> } = {}) {
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

/** Opens this file's database with tenant A (every role) and tenant B (owner only), each with the "cold-open" prompt. */
export async function setUpExperimentsDatabase() {
  db = await openTestDatabase();
  a = await createTenantWithMembers(db, ["OWNER", "ADMIN", "MEMBER", "VIEWER"]);
  b = await createTenantWithMembers(db, ["OWNER"]);
  const seeded = await seedPrompt(a.tenant.id, "cold-open");
  promptId = seeded.promptId;
  Object.assign(versionIds, seeded.ids);
  await seedPrompt(b.tenant.id, "cold-open");
}
