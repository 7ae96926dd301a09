/**
 * Prompt registry on a real database: versions and their numbering under concurrency, labels
 * and the protected-label role matrix, rollback with its events and audit, resolve (cache,
 * rendering, errors that say what exists), diffs, two-tenant isolation and the HTTP API.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db";
import { formatPath, ValidationError } from "../../server/services/errors";
import { clearPromptCache, movePromptLabel, previousLabelVersion, promptCacheStats } from "../../server/services/prompts";
import { callerFor, createTenantWithMembers, newApiKey, openTestDatabase, userCaller } from "../helpers/db";

let db: Database;
let a: Awaited<ReturnType<typeof createTenantWithMembers>>;
let b: Awaited<ReturnType<typeof createTenantWithMembers>>;
let owner: ReturnType<typeof userCaller>;
let admin: ReturnType<typeof userCaller>;
let member: ReturnType<typeof userCaller>;
let viewer: ReturnType<typeof userCaller>;
let ownerB: ReturnType<typeof userCaller>;

const TEMPLATE_V1 = "Hi {{first_name}}, I saw {{company}} is hiring.\nWorth a chat?";

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; paths: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as unknown;
    const paths =
      cause instanceof ValidationError
        ? cause.issues.map((i) => i.path)
        : cause && typeof cause === "object" && "issues" in cause
          ? (cause as { issues: Array<{ path: PropertyKey[] }> }).issues.map((i) => formatPath(i.path))
          : [];
    return { code: error.code, message: error.message, paths };
  }
  throw new Error("expected the call to be rejected");
}

beforeAll(async () => {
  db = await openTestDatabase();
  a = await createTenantWithMembers(db, ["OWNER", "ADMIN", "MEMBER", "VIEWER"]);
  b = await createTenantWithMembers(db, ["OWNER"]);
  owner = userCaller(db, a.users.OWNER.id, a.tenant.slug);
  admin = userCaller(db, a.users.ADMIN.id, a.tenant.slug);
  member = userCaller(db, a.users.MEMBER.id, a.tenant.slug);
  viewer = userCaller(db, a.users.VIEWER.id, a.tenant.slug);
  ownerB = userCaller(db, b.users.OWNER.id, b.tenant.slug);
});
afterAll(() => db.close());

describe("prompts and versions", () => {
  it("creates a prompt with version 1, variables from the template, latest and initial labels", async () => {
    const created = await member.prompts.create({ name: "email/cold-open", description: "First email", template: TEMPLATE_V1, model: "gpt-4o-mini", parameters: { temperature: 0.7 }, commitMessage: "first draft", labels: ["staging"] });
    expect(created).toMatchObject({ name: "email/cold-open", kind: "text", version: 1, variables: ["first_name", "company"], labels: ["latest", "staging"] });

    const v2 = await member.prompts.createVersion({ promptId: created.id, template: "Hello {{first_name}}!", commitMessage: "shorter" });
    expect(v2).toMatchObject({ version: 2, variables: ["first_name"] });
    const detail = await viewer.prompts.get({ promptId: created.id });
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(detail.versions[1]).toMatchObject({ template: TEMPLATE_V1, model: "gpt-4o-mini", parameters: { temperature: 0.7 }, commitMessage: "first draft", labels: ["staging"], author: { type: "user", id: a.users.MEMBER.id } });
    expect(detail.versions[0]!.labels).toEqual(["latest"]);
    expect(detail.labels.map((l) => [l.name, l.version])).toEqual([
      ["staging", 1],
      ["latest", 2],
    ]);
    expect(detail.events).toMatchObject([{ label: "staging", fromVersion: null, toVersion: 1, source: "manual" }]);

    const list = await viewer.prompts.list();
    const row = list.items.find((p) => p.name === "email/cold-open")!;
    expect(row).toMatchObject({ kind: "text", versionCount: 2, latestVersion: { version: 2, commitMessage: "shorter" } });
    expect(row.labels.map((l) => l.name)).toEqual(["staging", "latest"]);
    expect(list.protectedLabels).toEqual(["production"]);
  });

  it("concurrent creates get distinct consecutive numbers (row lock), latest follows the newest", async () => {
    const { id } = await member.prompts.create({ name: "race", template: "v1" });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => member.prompts.createVersion({ name: "race", template: `v${i + 2}`, commitMessage: `c${i}` })));
    expect(results.map((r) => r.version).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6]);
    const detail = await member.prompts.get({ promptId: id });
    expect(detail.versions.map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(detail.labels.find((l) => l.name === "latest")?.version).toBe(6);
  });

  it("a duplicate name is a CONFLICT, also when two creates race", async () => {
    await member.prompts.create({ name: "dup", template: "x" });
    expect((await rejection(member.prompts.create({ name: "dup", template: "y" }))).code).toBe("CONFLICT");
    const raced = await Promise.allSettled([member.prompts.create({ name: "dup-race", template: "1" }), member.prompts.create({ name: "dup-race", template: "2" })]);
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = raced.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as TRPCError).code).toBe("CONFLICT");
  });

  it("config items hold JSON values; diffs compare them key-order-insensitively", async () => {
    const created = await member.prompts.create({ name: "send-window", kind: "config", config: { weekdays: [1, 2, 3], from: 9, to: 11 }, commitMessage: "mornings" });
    await member.prompts.createVersion({ promptId: created.id, config: { to: 12, from: 9, weekdays: [1, 2, 3] }, commitMessage: "until noon" });
    const diff = await viewer.prompts.diff({ promptId: created.id, from: 1, to: 2 });
    expect(diff.kind).toBe("config");
    expect(diff.content).toMatchObject({ added: 1, removed: 1 });
    expect(diff.content.hunks[0]!.lines.filter((l) => l.kind !== "unchanged").map((l) => [l.kind, l.text])).toEqual([
      ["removed", '  "to": 11,'],
      ["added", '  "to": 12,'],
    ]);
    const resolved = await viewer.prompts.resolve({ name: "send-window", version: 2, variables: { x: "ignored" } });
    expect(resolved).toMatchObject({ kind: "config", config: { from: 9, to: 12 }, template: null, label: null });
    expect(resolved.rendered).toBeUndefined();
  });

  it("diffs two text versions line by line with variable changes", async () => {
    const diff = await viewer.prompts.diff({ name: "email/cold-open", from: 1, to: 2 });
    expect(diff.content).toMatchObject({ added: 1, removed: 2, identical: false });
    expect(diff.variables).toEqual({ added: [], removed: ["company"] });
    expect(diff.model).toEqual({ from: "gpt-4o-mini", to: null, changed: true });
    expect(diff.parameters.removed).toBeGreaterThan(0);
    const missing = await rejection(viewer.prompts.diff({ name: "email/cold-open", from: 1, to: 9 }));
    expect(missing).toMatchObject({ code: "NOT_FOUND", message: "prompt email/cold-open has no version 9; versions: 1–2" });
  });

  it("bad input names the field path", async () => {
    expect(await rejection(member.prompts.create({ name: "Bad Name", template: "x" }))).toMatchObject({ code: "BAD_REQUEST", paths: ["name"] });
    expect((await rejection(member.prompts.create({ name: "cfg", kind: "config" }))).paths).toEqual(["config"]);
    expect((await rejection(member.prompts.create({ name: "txt", template: "  " }))).paths).toEqual(["template"]);
    expect((await rejection(member.prompts.create({ name: "p", template: "x", parameters: [] as never }))).paths).toEqual(["parameters"]);
    expect((await rejection(member.prompts.create({ name: "p", template: "x", labels: ["Prod!"] }))).paths).toEqual(["labels[0]"]);
    expect(await rejection(member.prompts.createVersion({ name: "email/cold-open", config: { a: 1 } }))).toMatchObject({ code: "BAD_REQUEST", paths: ["template", "config"] });
    expect((await rejection(member.prompts.createVersion({ template: "x" }))).paths).toEqual(["name"]);
    expect((await rejection(member.prompts.setLabel({ name: "email/cold-open", label: "staging", version: 0 }))).paths).toEqual(["version"]);
  });
});

describe("labels", () => {
  it("protected labels: MEMBER cannot move production, ADMIN can; MEMBER moves staging; VIEWER moves nothing", async () => {
    await member.prompts.createVersion({ name: "email/cold-open", template: "v3 {{first_name}}", commitMessage: "v3" });
    const denied = await rejection(member.prompts.setLabel({ name: "email/cold-open", label: "production", version: 1 }));
    expect(denied.code).toBe("FORBIDDEN");
    expect(denied.message).toContain("production is protected");
    expect(await rejection(member.prompts.create({ name: "born-in-prod", template: "x", labels: ["production"] }))).toMatchObject({ code: "FORBIDDEN", paths: [] });
    expect(await db.prisma.prompt.count({ where: { tenantId: a.tenant.id, name: "born-in-prod" } })).toBe(0);

    await expect(admin.prompts.setLabel({ name: "email/cold-open", label: "production", version: 1 })).resolves.toMatchObject({ fromVersion: null, toVersion: 1, changed: true });
    await expect(member.prompts.setLabel({ name: "email/cold-open", label: "staging", version: 3 })).resolves.toMatchObject({ fromVersion: 1, toVersion: 3 });
    expect((await rejection(viewer.prompts.setLabel({ name: "email/cold-open", label: "staging", version: 2 }))).code).toBe("FORBIDDEN");
    expect(await rejection(admin.prompts.setLabel({ name: "email/cold-open", label: "latest", version: 1 }))).toMatchObject({ code: "BAD_REQUEST", paths: ["label"] });
    // Moving a label to where it already points records nothing.
    const before = await db.prisma.promptLabelEvent.count({ where: { tenantId: a.tenant.id } });
    await expect(member.prompts.setLabel({ name: "email/cold-open", label: "staging", version: 3 })).resolves.toMatchObject({ changed: false });
    expect(await db.prisma.promptLabelEvent.count({ where: { tenantId: a.tenant.id } })).toBe(before);
  });

  it("API keys: ingest creates versions and moves open labels but not production; read only reads", async () => {
    const ingest = callerFor(db, { kind: "api_key", key: (await newApiKey(db, a.tenant.id, a.users.OWNER.id, ["ingest"])).key }, null);
    const read = callerFor(db, { kind: "api_key", key: (await newApiKey(db, a.tenant.id, a.users.OWNER.id, ["read"])).key }, null);
    const v = await ingest.prompts.createVersion({ name: "email/cold-open", template: "from a key {{first_name}}", commitMessage: "agent proposal" });
    expect(v.version).toBe(4);
    expect((await rejection(ingest.prompts.setLabel({ name: "email/cold-open", label: "production", version: 4 }))).message).toContain("API keys cannot");
    expect((await rejection(ingest.prompts.createVersion({ name: "email/cold-open", template: "x", labels: ["production"] }))).code).toBe("FORBIDDEN");
    await expect(ingest.prompts.setLabel({ name: "email/cold-open", label: "canary", version: 4 })).resolves.toMatchObject({ toVersion: 4 });
    expect((await rejection(read.prompts.createVersion({ name: "email/cold-open", template: "x" }))).code).toBe("FORBIDDEN");
    await expect(read.prompts.resolve({ name: "email/cold-open" })).resolves.toMatchObject({ version: 1, label: "production" });
    const detail = await viewer.prompts.get({ name: "email/cold-open" });
    expect(detail.versions[0]!.author).toMatchObject({ type: "api_key", name: 'API key "test key"' });
  });

  it("tenant-configured protected labels need ADMIN too; only settings admins configure them", async () => {
    expect((await rejection(member.prompts.setProtectedLabels({ labels: ["canary"] }))).code).toBe("FORBIDDEN");
    await expect(owner.prompts.setProtectedLabels({ labels: ["canary", "production"] })).resolves.toEqual({ protectedLabels: ["production", "canary"] });
    expect((await rejection(member.prompts.setLabel({ name: "email/cold-open", label: "canary", version: 3 }))).code).toBe("FORBIDDEN");
    await expect(admin.prompts.setLabel({ name: "email/cold-open", label: "canary", version: 3 })).resolves.toMatchObject({ toVersion: 3 });
    expect((await viewer.prompts.get({ name: "email/cold-open" })).labels.find((l) => l.name === "canary")?.protected).toBe(true);
    expect((await rejection(owner.prompts.setProtectedLabels({ labels: ["latest"] }))).paths).toEqual(["labels[0]"]);
    await owner.prompts.setProtectedLabels({ labels: [] });
  });

  it("rollback returns a label to its previous version with events and audit; MEMBER cannot roll back production", async () => {
    await admin.prompts.setLabel({ name: "email/cold-open", label: "production", version: 2, reason: "v2 won" });
    expect((await rejection(member.prompts.rollback({ name: "email/cold-open", label: "production" }))).code).toBe("FORBIDDEN");
    const rolled = await admin.prompts.rollback({ name: "email/cold-open", label: "production", reason: "replies dropped" });
    expect(rolled).toMatchObject({ fromVersion: 2, toVersion: 1 });
    await expect(viewer.prompts.resolve({ name: "email/cold-open" })).resolves.toMatchObject({ version: 1 });

    const detail = await viewer.prompts.get({ name: "email/cold-open" });
    expect(detail.events.filter((e) => e.label === "production").map((e) => [e.source, e.fromVersion, e.toVersion, e.reason])).toEqual([
      ["rollback", 2, 1, "replies dropped"],
      ["manual", 1, 2, "v2 won"],
      ["manual", null, 1, null],
    ]);
    expect(detail.events[0]!.actor).toMatchObject({ type: "user", id: a.users.ADMIN.id, name: expect.stringContaining(a.users.ADMIN.email) });
    // A second rollback undoes the rollback (the label's previous version is 2 again).
    expect(detail.labels.find((l) => l.name === "production")).toMatchObject({ version: 1, rollbackTo: 2, protected: true });

    const audit = await db.prisma.auditLog.findMany({ where: { tenantId: a.tenant.id, action: "prompt.label.move", targetId: detail.id }, orderBy: { createdAt: "asc" } });
    expect(audit.filter((e) => (e.details as { label: string }).label === "production").map((e) => e.details)).toEqual([
      { prompt: "email/cold-open", label: "production", fromVersion: null, toVersion: 1, source: "manual", reason: null },
      { prompt: "email/cold-open", label: "production", fromVersion: 1, toVersion: 2, source: "manual", reason: "v2 won" },
      { prompt: "email/cold-open", label: "production", fromVersion: 2, toVersion: 1, source: "rollback", reason: "replies dropped" },
    ]);

    // staging moved v1 → v3: a MEMBER may roll it back; a label set once has nothing to return to.
    await expect(member.prompts.rollback({ name: "email/cold-open", label: "staging" })).resolves.toMatchObject({ fromVersion: 3, toVersion: 1 });
    await member.prompts.create({ name: "once", template: "x", labels: ["staging"] });
    expect((await rejection(member.prompts.rollback({ name: "once", label: "staging" }))).code).toBe("CONFLICT");
    expect(await rejection(member.prompts.rollback({ name: "once", label: "nope" }))).toMatchObject({ code: "NOT_FOUND", message: "prompt once has no label nope; labels: latest, staging" });
    expect((await rejection(admin.prompts.rollback({ name: "once", label: "latest" }))).code).toBe("BAD_REQUEST");
  });

  it("movePromptLabel and previousLabelVersion work inside a caller's transaction (approvals)", async () => {
    const detail = await viewer.prompts.get({ name: "email/cold-open" });
    const v4 = detail.versions.find((v) => v.version === 4)!;
    const v1 = detail.versions.find((v) => v.version === 1)!;
    const ctx = { tenantId: a.tenant.id, actor: { type: "system" as const } };

    await expect(
      db.prisma.$transaction(async (tx) => {
        await movePromptLabel(tx, ctx, { promptId: detail.id, label: "production", toVersionId: v4.id, source: "approval", reason: "approved" });
        throw new Error("approval aborted");
      }),
    ).rejects.toThrow("approval aborted");
    await expect(viewer.prompts.resolve({ name: "email/cold-open" })).resolves.toMatchObject({ version: 1 });

    const moved = await db.prisma.$transaction((tx) => movePromptLabel(tx, ctx, { promptId: detail.id, label: "production", toVersionId: v4.id, source: "approval", reason: "approved" }));
    expect(moved).toEqual({ fromVersionId: v1.id, toVersionId: v4.id });
    expect(await previousLabelVersion(db.prisma, a.tenant.id, detail.id, "production")).toBe(v1.id);
    await expect(viewer.prompts.resolve({ name: "email/cold-open" })).resolves.toMatchObject({ version: 4 });
    const event = await db.prisma.promptLabelEvent.findFirstOrThrow({ where: { promptId: detail.id, label: "production" }, orderBy: { createdAt: "desc" } });
    expect(event).toMatchObject({ source: "approval", actorType: "system", fromVersionId: v1.id, toVersionId: v4.id });

    // A version of another prompt, or another tenant's prompt, is not found.
    const race = await viewer.prompts.get({ name: "race" });
    await expect(movePromptLabel(db.prisma, ctx, { promptId: detail.id, label: "production", toVersionId: race.versions[0]!.id, source: "manual" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(movePromptLabel(db.prisma, { tenantId: b.tenant.id, actor: ctx.actor }, { promptId: detail.id, label: "production", toVersionId: v1.id, source: "manual" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("resolve", () => {
  it("by label (production by default) or version, rendering variables; errors say what exists", async () => {
    const { id } = await member.prompts.create({ name: "sms/follow-up", template: "Hey {{first_name}}, still keen on {{topic}}?", model: "gpt-4o", parameters: { max_tokens: 60 }, labels: ["staging"] });
    await member.prompts.createVersion({ promptId: id, template: "Hi {{first_name}} — quick follow-up on {{topic}}." });
    await admin.prompts.setLabel({ promptId: id, label: "production", version: 1 });

    await expect(viewer.prompts.resolve({ name: "sms/follow-up" })).resolves.toMatchObject({ name: "sms/follow-up", kind: "text", version: 1, label: "production", variables: ["first_name", "topic"], model: "gpt-4o", parameters: { max_tokens: 60 } });
    await expect(viewer.prompts.resolve({ name: "sms/follow-up", label: "latest" })).resolves.toMatchObject({ version: 2, label: "latest" });
    const rendered = await viewer.prompts.resolve({ name: "sms/follow-up", version: 2, variables: { first_name: "Ann", topic: "pricing", unused: "x" } });
    expect(rendered).toMatchObject({ version: 2, label: null, rendered: "Hi Ann — quick follow-up on pricing." });

    const missing = await rejection(viewer.prompts.resolve({ name: "sms/follow-up", variables: { first_name: "Ann" } }));
    expect(missing).toMatchObject({ code: "BAD_REQUEST", message: "missing variables for sms/follow-up version 1: topic", paths: ["variables.topic"] });
    expect(await rejection(viewer.prompts.resolve({ name: "sms/follow-up", label: "qa" }))).toMatchObject({ code: "NOT_FOUND", message: "prompt sms/follow-up has no label qa; labels: latest, production, staging" });
    expect((await rejection(viewer.prompts.resolve({ name: "sms/follow-up", version: 7 }))).message).toBe("prompt sms/follow-up has no version 7; versions: 1–2");
    expect((await rejection(viewer.prompts.resolve({ name: "sms/folow-up" }))).message).toMatch(/^no prompt named sms\/folow-up; prompts: .*sms\/follow-up/);
    expect((await rejection(viewer.prompts.resolve({ name: "sms/follow-up", label: "staging", version: 1 }))).paths).toEqual(["label"]);
  });

  it("serves repeated reads from the cache and sees a label move at once", async () => {
    const { id } = await member.prompts.create({ name: "cached", template: "one" });
    await member.prompts.createVersion({ promptId: id, template: "two" });
    await admin.prompts.setLabel({ promptId: id, label: "production", version: 1 });
    clearPromptCache(); // as if the post-move window had passed

    await expect(viewer.prompts.resolve({ name: "cached" })).resolves.toMatchObject({ version: 1, template: "one" });
    const afterFirst = promptCacheStats();
    await expect(viewer.prompts.resolve({ name: "cached" })).resolves.toMatchObject({ version: 1 });
    expect(promptCacheStats().hits).toBe(afterFirst.hits + 1);

    await admin.prompts.setLabel({ promptId: id, label: "production", version: 2 });
    await expect(viewer.prompts.resolve({ name: "cached" })).resolves.toMatchObject({ version: 2, template: "two" });
    await admin.prompts.rollback({ promptId: id, label: "production" });
    await expect(viewer.prompts.resolve({ name: "cached" })).resolves.toMatchObject({ version: 1, template: "one" });

    // Version reads are cached even right after a move (versions are immutable), and frozen:
    // a caller cannot corrupt what the next agent reads.
    await viewer.prompts.resolve({ name: "cached", version: 2 });
    const hits = promptCacheStats().hits;
    const value = await viewer.prompts.resolve({ name: "cached", version: 2 });
    expect(promptCacheStats().hits).toBe(hits + 1);
    expect(Object.isFrozen(value.parameters)).toBe(true);
  });
});

describe("two tenants", () => {
  it("the same name in two tenants stays separate; neither sees nor touches the other's prompt", async () => {
    await ownerB.prompts.create({ name: "email/cold-open", template: "Tenant B's own opener", labels: ["production"] });
    await expect(ownerB.prompts.resolve({ name: "email/cold-open" })).resolves.toMatchObject({ version: 1, template: "Tenant B's own opener" });
    await expect(viewer.prompts.resolve({ name: "email/cold-open" })).resolves.toMatchObject({ version: 4 });
    expect((await ownerB.prompts.list()).items.map((p) => p.name)).toEqual(["email/cold-open"]);

    const aPrompt = await viewer.prompts.get({ name: "email/cold-open" });
    expect((await rejection(ownerB.prompts.get({ promptId: aPrompt.id }))).code).toBe("NOT_FOUND");
    expect((await rejection(ownerB.prompts.resolve({ name: "sms/follow-up" }))).message).toBe("no prompt named sms/follow-up; prompts: email/cold-open");
    expect((await rejection(ownerB.prompts.setLabel({ promptId: aPrompt.id, label: "production", version: 1 }))).code).toBe("NOT_FOUND");
    expect((await rejection(ownerB.prompts.createVersion({ promptId: aPrompt.id, template: "hijack" }))).code).toBe("NOT_FOUND");
    expect((await rejection(ownerB.prompts.rollback({ promptId: aPrompt.id, label: "production" }))).code).toBe("NOT_FOUND");
    expect((await rejection(ownerB.prompts.diff({ promptId: aPrompt.id, from: 1, to: 2 }))).code).toBe("NOT_FOUND");
    expect((await rejection(userCaller(db, b.users.OWNER.id, a.tenant.slug).prompts.list())).code).toBe("FORBIDDEN");
    expect((await viewer.prompts.get({ promptId: aPrompt.id })).versionCount).toBe(4);
  });
});

describe("HTTP API /api/v1/prompts", () => {
  async function call(method: "GET" | "POST", path: string, key: string, body?: unknown) {
    (globalThis as unknown as { flywheelDb?: Promise<Database> }).flywheelDb = Promise.resolve(db);
    const route = path.split("?")[0] === "/api/v1/prompts" ? await import("../../app/api/v1/prompts/route") : await import("../../app/api/v1/prompts/[...path]/route");
    const handler = (route as Record<string, unknown>)[method] as (request: Request) => Promise<Response>;
    const response = await handler(new Request(`http://localhost${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
    return { status: response.status, body: (await response.json()) as Record<string, never> };
  }

  it("agents list, create, add versions, move open labels and resolve by name (with or without encoding)", async () => {
    const { key } = await newApiKey(db, a.tenant.id, a.users.OWNER.id, ["ingest", "read"]);
    expect(await call("POST", "/api/v1/prompts", key, { name: "agents/sdr/system", template: "You are {{agent}}.", labels: ["staging"] })).toMatchObject({ status: 200, body: { version: 1 } });
    expect(await call("POST", "/api/v1/prompts/agents/sdr/system/versions", key, { template: "You are {{agent}}, brief.", commitMessage: "brevity" })).toMatchObject({ status: 200, body: { version: 2 } });
    expect(await call("POST", "/api/v1/prompts/agents%2Fsdr%2Fsystem/labels", key, { label: "staging", version: 2 })).toMatchObject({ status: 200, body: { fromVersion: 1, toVersion: 2 } });
    expect(await call("POST", "/api/v1/prompts/agents/sdr/system/labels", key, { label: "production", version: 2 })).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });

    expect(await call("GET", "/api/v1/prompts/agents/sdr/system?label=staging&var.agent=Sam", key)).toMatchObject({ status: 200, body: { name: "agents/sdr/system", version: 2, label: "staging", rendered: "You are Sam, brief." } });
    expect(await call("GET", "/api/v1/prompts/agents%2Fsdr%2Fsystem?version=1", key)).toMatchObject({ status: 200, body: { version: 1, template: "You are {{agent}}." } });
    expect(await call("GET", "/api/v1/prompts/agents/sdr/system", key)).toMatchObject({ status: 404, body: { error: { message: "prompt agents/sdr/system has no label production; labels: latest, staging" } } });
    expect(await call("GET", "/api/v1/prompts/agents/sdr/system?label=staging&var.nobody=x", key)).toMatchObject({ status: 400, body: { error: { issues: [{ path: "variables.agent" }] } } });
    expect(await call("POST", "/api/v1/prompts/agents/sdr/system/versions", key, { config: { a: 1 } })).toMatchObject({ status: 400, body: { error: { issues: [{ path: "template" }, { path: "config" }] } } });
    expect((await call("POST", "/api/v1/prompts/agents/sdr/system/publish", key, {})).status).toBe(400);

    const list = await call("GET", "/api/v1/prompts?search=agents", key);
    expect(list).toMatchObject({ status: 200, body: { items: [{ name: "agents/sdr/system", latestVersion: { version: 2 } }], truncated: false } });
  });
});
