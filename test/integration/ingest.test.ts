/**
 * Ingestion rules: a bad batch is rejected whole with the path of every problem and writes
 * nothing; replays create no duplicates; unknown references are errors; HTTP and CSV follow
 * the same rules as tRPC.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db";
import { ValidationError } from "../../server/services/errors";
import { MAX_BATCH } from "../../server/services/ingest/schemas";
import { callerFor, createTenantWithMembers, newApiKey, openTestDatabase, tenantRowCounts, userCaller } from "../helpers/db";

let db: Database;
let tenant: Awaited<ReturnType<typeof createTenantWithMembers>>;
let owner: ReturnType<typeof userCaller>;

const lead = (id: string, extra: Record<string, unknown> = {}) => ({ externalId: id, company: `Co ${id}`, industry: "SaaS", companySize: 50, timezone: "America/New_York", ...extra });
const touch = (id: string, leadId: string, extra: Record<string, unknown> = {}) => ({ externalId: id, leadExternalId: leadId, channel: "email", sentAt: "2026-03-02T14:00:00Z", subject: "Quick question", body: "Hi there", ...extra });

async function rejection(promise: Promise<unknown>): Promise<{ code: string; paths: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) {
      const cause = error.cause;
      const paths = cause instanceof ValidationError ? cause.issues.map((i) => i.path) : "issues" in (cause ?? {}) ? (cause as unknown as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join(".")) : [];
      return { code: error.code, paths };
    }
    throw error;
  }
  throw new Error("expected the call to be rejected");
}

beforeAll(async () => {
  db = await openTestDatabase();
  tenant = await createTenantWithMembers(db, ["OWNER"]);
  owner = userCaller(db, tenant.users.OWNER.id, tenant.tenant.slug);
  await owner.ingest.leads({ leads: [lead("L1"), lead("L2")] });
});
afterAll(() => db.close());

describe("happy path and replay", () => {
  it("upserts leads, keeping omitted fields and clearing explicit nulls", async () => {
    await owner.ingest.leads({ leads: [lead("U1", { title: "VP Sales", attributes: { plan: "pro" } })] });
    const second = await owner.ingest.leads({ leads: [{ externalId: "U1", industry: null, attributes: { seats: 12 } }] });
    expect(second).toEqual({ received: 1, inserted: 0, updated: 1 });
    const stored = await db.prisma.lead.findFirstOrThrow({ where: { tenantId: tenant.tenant.id, externalId: "U1" } });
    expect(stored).toMatchObject({ company: "Co U1", title: "VP Sales", industry: null, attributes: { plan: "pro", seats: 12 } });
  });

  it("replaying the same batches creates no duplicates", async () => {
    const leads = Array.from({ length: 300 }, (_, i) => lead(`R${i}`));
    const touches = leads.map((l, i) => touch(`RT${i}`, l.externalId, { painPoints: ["churn", "cost"], costUsd: 0.002 }));
    const outcomes = leads.slice(0, 40).map((l, i) => ({ externalId: `RO${i}`, leadExternalId: l.externalId, kind: "booked" as const, occurredAt: "2026-03-03T10:00:00Z", touchExternalId: `RT${i}` }));
    const first = [await owner.ingest.leads({ leads }), await owner.ingest.touches({ touches: touches as never }), await owner.ingest.outcomes({ outcomes })];
    const before = await tenantRowCounts(db, tenant.tenant.id);
    const replay = [await owner.ingest.leads({ leads }), await owner.ingest.touches({ touches: touches as never }), await owner.ingest.outcomes({ outcomes })];
    expect(await tenantRowCounts(db, tenant.tenant.id)).toEqual(before);
    expect(first.map((r) => r.inserted)).toEqual([300, 300, 40]);
    expect(replay.map((r) => r.inserted)).toEqual([0, 0, 0]);
    expect(replay.map((r) => r.updated)).toEqual([300, 300, 40]);
    const stored = await db.prisma.touch.findFirstOrThrow({ where: { tenantId: tenant.tenant.id, externalId: "RT0" } });
    expect(stored.painPoints).toEqual(["churn", "cost"]);
  });

  it("a reply outcome credited to a touch marks the touch replied", async () => {
    await owner.ingest.touches({ touches: [touch("RP1", "L1")] as never });
    await owner.ingest.outcomes({ outcomes: [{ externalId: "RPO1", leadExternalId: "L1", kind: "replied", occurredAt: "2026-03-02T16:00:00Z", touchExternalId: "RP1" }] });
    const stored = await db.prisma.touch.findFirstOrThrow({ where: { tenantId: tenant.tenant.id, externalId: "RP1" } });
    expect(stored.replied).toBe(true);
    expect(stored.repliedAt?.toISOString()).toBe("2026-03-02T16:00:00.000Z");
  });

  it("stores calls with transcripts and derives days to appointment", async () => {
    const result = await owner.ingest.calls({
      calls: [
        {
          externalId: "C1",
          leadExternalId: "L2",
          startedAt: "2026-03-02T15:00:00Z",
          durationSeconds: 240,
          stageReached: "confirmation",
          commitmentScore: 80,
          appointmentAt: "2026-03-05T15:00:00Z",
          transcript: [
            { speaker: "agent", text: "Hi, I noticed that your team is hiring", startSeconds: 0, endSeconds: 6, stage: "hook" },
            { speaker: "lead", text: "Yes, we are", startSeconds: 6, endSeconds: 8, stage: "hook" },
          ],
        },
      ],
    });
    expect(result.inserted).toBe(1);
    const call = await db.prisma.call.findFirstOrThrow({ where: { tenantId: tenant.tenant.id, externalId: "C1" } });
    expect(call.daysToAppointment).toBeCloseTo(3, 9);
    expect((call.transcript as unknown[]).length).toBe(2);
  });
});

describe("malformed batches are rejected whole with field paths and write nothing", () => {
  const good = touch("ok-1", "L1");
  const corpus: Array<{ name: string; procedure: "leads" | "touches" | "outcomes" | "calls"; input: unknown; paths: string[] }> = [
    { name: "unknown channel", procedure: "touches", input: { touches: [good, touch("b1", "L1", { channel: "fax" })] }, paths: ["touches.1.channel"] },
    { name: "wrong type", procedure: "touches", input: { touches: [touch("b2", "L1", { costUsd: "cheap" })] }, paths: ["touches.0.costUsd"] },
    { name: "missing field", procedure: "touches", input: { touches: [{ externalId: "b3", leadExternalId: "L1", channel: "sms" }] }, paths: ["touches.0.sentAt"] },
    { name: "date without offset", procedure: "touches", input: { touches: [touch("b4", "L1", { sentAt: "2026-03-02 14:00" })] }, paths: ["touches.0.sentAt"] },
    { name: "misspelled field", procedure: "leads", input: { leads: [{ externalId: "b5", compnay: "Typo Inc" }] }, paths: ["leads.0"] },
    { name: "bad time zone", procedure: "leads", input: { leads: [lead("b6", { timezone: "Mars/Olympus" })] }, paths: ["leads.0.timezone"] },
    { name: "negative company size", procedure: "leads", input: { leads: [lead("b7", { companySize: -3 })] }, paths: ["leads.0.companySize"] },
    { name: "empty external id", procedure: "leads", input: { leads: [lead("")] }, paths: ["leads.0.externalId"] },
    { name: "unknown outcome kind", procedure: "outcomes", input: { outcomes: [{ externalId: "b8", leadExternalId: "L1", kind: "maybe", occurredAt: "2026-03-02T14:00:00Z" }] }, paths: ["outcomes.0.kind"] },
    { name: "commitment out of range", procedure: "calls", input: { calls: [{ externalId: "b9", leadExternalId: "L1", startedAt: "2026-03-02T14:00:00Z", durationSeconds: 10, transcript: [], commitmentScore: 140 }] }, paths: ["calls.0.commitmentScore"] },
    { name: "bad speaker", procedure: "calls", input: { calls: [{ externalId: "b10", leadExternalId: "L1", startedAt: "2026-03-02T14:00:00Z", durationSeconds: 10, transcript: [{ speaker: "robot", text: "x", startSeconds: 0, endSeconds: 1 }] }] }, paths: ["calls.0.transcript.0.speaker"] },
    { name: "not an array", procedure: "leads", input: { leads: { externalId: "x" } }, paths: ["leads"] },
    { name: "empty batch", procedure: "leads", input: { leads: [] }, paths: ["leads"] },
    { name: "oversize batch", procedure: "leads", input: { leads: Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ externalId: `big-${i}` })) }, paths: ["leads"] },
  ];

  it.each(corpus)("$name → BAD_REQUEST at $paths", async ({ procedure, input, paths }) => {
    const before = await tenantRowCounts(db, tenant.tenant.id);
    const result = await rejection((owner.ingest[procedure] as (i: unknown) => Promise<unknown>)(input));
    expect(result.code).toBe("BAD_REQUEST");
    for (const path of paths) expect(result.paths).toContain(path);
    expect(await tenantRowCounts(db, tenant.tenant.id)).toEqual(before);
  });

  it("the services name paths the way clients write them, e.g. touches[17].channel", async () => {
    const { ingestTouches } = await import("../../server/services/ingest");
    const ctx = { db: db.prisma, tenantId: tenant.tenant.id, role: "OWNER" as const, actor: { type: "system" as const } };
    const touches = Array.from({ length: 20 }, (_, i) => touch(`p${i}`, "L1", i === 17 ? { channel: "carrier-pigeon" } : {}));
    const error = await ingestTouches(ctx, { touches }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(["touches[17].channel"]);
  });

  it("a touch for an unknown lead rejects the whole batch and names it", async () => {
    const before = await tenantRowCounts(db, tenant.tenant.id);
    const result = await rejection(owner.ingest.touches({ touches: [touch("u1", "L1"), touch("u2", "nobody")] as never }));
    expect(result).toEqual({ code: "BAD_REQUEST", paths: ["touches[1].leadExternalId"] });
    expect(await tenantRowCounts(db, tenant.tenant.id)).toEqual(before);
  });

  it("an outcome naming an unknown touch or call is rejected", async () => {
    const result = await rejection(owner.ingest.outcomes({ outcomes: [{ externalId: "o-x", leadExternalId: "L1", kind: "booked", occurredAt: "2026-03-02T14:00:00Z", touchExternalId: "no-touch", callExternalId: "no-call" }] }));
    expect(result.paths.sort()).toEqual(["outcomes[0].callExternalId", "outcomes[0].touchExternalId"]);
  });

  it("duplicate external ids within a batch are named", async () => {
    const result = await rejection(owner.ingest.leads({ leads: [lead("d1"), lead("d2"), lead("d1")] }));
    expect(result).toEqual({ code: "BAD_REQUEST", paths: ["leads[2].externalId"] });
  });
});

describe("batches of 5,000", () => {
  it("ingest 5,000 leads and 5,000 touches in one call each", async () => {
    const leads = Array.from({ length: 5_000 }, (_, i) => lead(`big${i}`));
    expect((await owner.ingest.leads({ leads })).inserted).toBe(5_000);
    const touches = leads.map((l, i) => touch(`bigt${i}`, l.externalId, { channel: ["email", "sms", "linkedin", "voice"][i % 4] }));
    expect((await owner.ingest.touches({ touches: touches as never })).inserted).toBe(5_000);
  });
});

describe("CSV import", () => {
  it("imports leads with extra columns as attributes, then outcomes", async () => {
    const csv = "external_id,company,industry,company_size,timezone,plan\ncsv-1,Acme,SaaS,120,Europe/Berlin,pro\ncsv-2,Globex,Retail,,UTC,\n";
    await expect(owner.ingest.importCsv({ kind: "leads", csv })).resolves.toMatchObject({ inserted: 2, updated: 0 });
    const stored = await db.prisma.lead.findFirstOrThrow({ where: { tenantId: tenant.tenant.id, externalId: "csv-1" } });
    expect(stored).toMatchObject({ companySize: 120, timezone: "Europe/Berlin", attributes: { plan: "pro" } });
    const outcomes = "externalId,leadExternalId,kind,occurredAt,value\ncsv-o1,csv-1,converted,2026-03-04T10:00:00Z,4500\n";
    await expect(owner.ingest.importCsv({ kind: "outcomes", csv: outcomes })).resolves.toMatchObject({ inserted: 1 });
  });

  it("stores an extra column as numbers when every value in it is one, and keeps codes and mixed columns as text", async () => {
    const csv = "external_id,age,balance,zip,tier\nnum-1,58,-2143.5,00501,2\nnum-2,44,,10001,gold\nnum-3,,0,94105,3\n";
    await expect(owner.ingest.importCsv({ kind: "leads", csv })).resolves.toMatchObject({ inserted: 3 });
    const stored = await db.prisma.lead.findMany({ where: { tenantId: tenant.tenant.id, externalId: { startsWith: "num-" } }, orderBy: { externalId: "asc" } });
    expect(stored.map((l) => l.attributes)).toEqual([
      { age: 58, balance: -2143.5, zip: "00501", tier: "2" },
      { age: 44, zip: "10001", tier: "gold" },
      { balance: 0, zip: "94105", tier: "3" },
    ]);
  });

  // A public dataset as published: ";"-separated, CRLF, quoted fields, no id column, the outcome in column "y".
  const DATASET = 'age;job;"marital status";y\r\n58;management;married;no\r\n44;"technician; senior";single;yes\r\n33;entrepreneur;"married";YES\r\n47;blue-collar;married;no\r\n';

  it("imports a dataset in one file: detected delimiter, generated ids, the outcome column as outcomes (not an attribute), idempotently", async () => {
    const input = { kind: "leads" as const, csv: DATASET, generateIds: true, outcomeColumns: [{ column: "y", values: ["yes"], kind: "converted" as const, occurredAt: "2026-02-01T00:00:00Z" }] };
    await expect(owner.ingest.importCsv(input)).resolves.toEqual({
      kind: "leads",
      received: 4,
      inserted: 4,
      updated: 0,
      outcomes: { received: 2, inserted: 2, updated: 0, withdrawn: 0 },
      columns: { attributes: ["age", "job", "marital_status"], ignored: [{ column: "y", reason: "records converted" }] },
    });
    const leads = (await db.prisma.lead.findMany({ where: { tenantId: tenant.tenant.id, externalId: { startsWith: "csv-" } }, orderBy: { externalId: "asc" } })).filter((l) => /^csv-[0-9a-f]{10}-\d+$/.test(l.externalId));
    expect(leads).toHaveLength(4);
    const prefix = leads[0]!.externalId.replace(/-\d+$/, "");
    expect(leads.map((l) => [l.externalId, l.attributes])).toEqual([
      [`${prefix}-2`, { age: 58, job: "management", marital_status: "married" }],
      [`${prefix}-3`, { age: 44, job: "technician; senior", marital_status: "single" }],
      [`${prefix}-4`, { age: 33, job: "entrepreneur", marital_status: "married" }],
      [`${prefix}-5`, { age: 47, job: "blue-collar", marital_status: "married" }],
    ]);
    const outcomes = await db.prisma.outcome.findMany({ where: { tenantId: tenant.tenant.id, externalId: { startsWith: prefix } }, orderBy: { externalId: "asc" }, include: { lead: true } });
    expect(outcomes.map((o) => [o.externalId, o.lead.externalId, o.kind, o.occurredAt.toISOString()])).toEqual([
      [`${prefix}-3:converted`, `${prefix}-3`, "converted", "2026-02-01T00:00:00.000Z"],
      [`${prefix}-4:converted`, `${prefix}-4`, "converted", "2026-02-01T00:00:00.000Z"],
    ]);
    // The same file again: the same ids, so rows are updated, never duplicated.
    await expect(owner.ingest.importCsv(input)).resolves.toMatchObject({ inserted: 0, updated: 4, outcomes: { inserted: 0, updated: 2 } });
  });

  const badDataset: Array<{ name: string; input: Record<string, unknown>; path: string }> = [
    { name: "no id column and no generated ids", input: { csv: DATASET }, path: "header.external_id" },
    { name: "an outcome column the file does not have", input: { csv: DATASET, generateIds: true, outcomeColumns: [{ column: "subscribed", values: ["yes"] }] }, path: "outcomeColumns[0].column" },
    { name: "an outcome value no row has", input: { csv: DATASET, generateIds: true, outcomeColumns: [{ column: "y", values: ["1"] }] }, path: "outcomeColumns[0].values" },
    { name: "generated ids for a file with its own", input: { csv: "external_id,age\nq1,30\n", generateIds: true }, path: "header.external_id" },
    { name: "an outcome column on an outcomes file", input: { kind: "outcomes", csv: DATASET, outcomeColumns: [{ column: "y", values: ["yes"] }] }, path: "outcomeColumns" },
    { name: "an id column the file does not have", input: { csv: DATASET, idColumn: "customer" }, path: "idColumn" },
    { name: "an id column and generated ids", input: { csv: DATASET, idColumn: "age", generateIds: true }, path: "idColumn" },
    { name: "an id column with repeated values", input: { csv: DATASET, idColumn: "marital status" }, path: "line 4, column marital status" },
    { name: "an ignored column the file does not have", input: { csv: DATASET, generateIds: true, ignoreColumns: ["age", "colour"] }, path: "ignoreColumns[1]" },
    { name: "two columns recording the same outcome", input: { csv: DATASET, generateIds: true, outcomeColumns: [{ column: "y", values: ["yes"] }, { column: "job", values: ["student"] }] }, path: "outcomeColumns.1.kind" },
    { name: "a value column the file does not have", input: { csv: DATASET, generateIds: true, outcomeColumns: [{ column: "y", values: ["yes"], valueColumn: "spend" }] }, path: "outcomeColumns[0].valueColumn" },
    { name: "a value that is not a number", input: { csv: DATASET, generateIds: true, outcomeColumns: [{ column: "y", values: ["yes"], valueColumn: "job" }] }, path: "line 3, column job" },
    { name: "two columns read under one name", input: { csv: "external_id,Plan,plan\nd1,a,b\n" }, path: "header.plan" },
  ];
  it.each(badDataset)("rejects $name at $path and writes nothing", async ({ input, path }) => {
    const before = await tenantRowCounts(db, tenant.tenant.id);
    const result = await rejection(owner.ingest.importCsv({ kind: "leads", ...input } as never));
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.paths).toContain(path);
    expect(await tenantRowCounts(db, tenant.tenant.id)).toEqual(before);
  });

  it("says which values the outcome column holds when none matches", async () => {
    const error = await owner.ingest.importCsv({ kind: "leads", csv: DATASET, generateIds: true, outcomeColumns: [{ column: "y", values: ["1"] }] }).catch((e: TRPCError) => e);
    expect(((error as TRPCError).cause as ValidationError).issues).toEqual([{ path: "outcomeColumns[0].values", message: 'no row has y = "1"; the column holds "no" (2), "yes" (1), "YES" (1)' }]);
  });

  // Shaped like MineThatData's e-mail experiment (Hillstrom): a visit and a purchase column, the spend, and pandas' unnamed index.
  const EXPERIMENT = ",customer id,recency,segment,visit,conversion,spend,zip code\n0,h-17,10,Womens E-Mail,0,0,0,Surburban\n1,h-18,6,No E-Mail,1,0,0,Rural\n2,h-19,7,Mens E-Mail,1,1,29.99,Urban\n";

  it("imports several outcome columns with a value, ids from a named column, and leaves out what the user ignores and the unnamed index", async () => {
    const input = {
      kind: "leads" as const,
      csv: EXPERIMENT,
      idColumn: "customer id",
      ignoreColumns: ["zip code"],
      outcomeColumns: [
        { column: "visit", values: ["1"], kind: "booked" as const, occurredAt: "2026-03-01T00:00:00Z" },
        { column: "conversion", values: ["1"], kind: "converted" as const, occurredAt: "2026-03-02T00:00:00Z", valueColumn: "spend" },
      ],
    };
    await expect(owner.ingest.importCsv(input)).resolves.toEqual({
      kind: "leads",
      received: 3,
      inserted: 3,
      updated: 0,
      outcomes: { received: 3, inserted: 3, updated: 0, withdrawn: 0 },
      columns: {
        attributes: ["recency", "segment"],
        ignored: [
          { column: "(column 1, unnamed)", reason: "no name (a row number, as pandas writes its index)" },
          { column: "visit", reason: "records booked" },
          { column: "conversion", reason: "records converted" },
          { column: "spend", reason: "the value of converted" },
          { column: "zip code", reason: "ignored on import" },
        ],
      },
    });
    const leads = await db.prisma.lead.findMany({ where: { tenantId: tenant.tenant.id, externalId: { startsWith: "h-" } }, orderBy: { externalId: "asc" }, include: { outcomes: { orderBy: { kind: "asc" } } } });
    expect(leads.map((l) => [l.externalId, l.attributes, l.outcomes.map((o) => [o.externalId, o.kind, o.value, o.occurredAt.toISOString()])])).toEqual([
      ["h-17", { recency: 10, segment: "Womens E-Mail" }, []],
      ["h-18", { recency: 6, segment: "No E-Mail" }, [["h-18:booked", "booked", null, "2026-03-01T00:00:00.000Z"]]],
      [
        "h-19",
        { recency: 7, segment: "Mens E-Mail" },
        [
          ["h-19:booked", "booked", null, "2026-03-01T00:00:00.000Z"],
          ["h-19:converted", "converted", 29.99, "2026-03-02T00:00:00.000Z"],
        ],
      ],
    ]);
    // The file again: its own ids, so nothing is added twice.
    await expect(owner.ingest.importCsv(input)).resolves.toMatchObject({ inserted: 0, updated: 3, outcomes: { inserted: 0, updated: 3, withdrawn: 0 } });
    // A corrected file: h-19 did not buy after all (its conversion is withdrawn); h-18's visit is unknown (kept as it was).
    const corrected = EXPERIMENT.replace("2,h-19,7,Mens E-Mail,1,1,29.99,Urban", "2,h-19,7,Mens E-Mail,1,0,0,Urban").replace("1,h-18,6,No E-Mail,1,0,0,Rural", "1,h-18,6,No E-Mail,,0,0,Rural");
    // No row converted at all: rejected as a likely mistake (a wrong value), and nothing is withdrawn.
    const before = await tenantRowCounts(db, tenant.tenant.id);
    await expect(owner.ingest.importCsv({ ...input, csv: corrected })).rejects.toThrow("No row records the outcome");
    expect(await tenantRowCounts(db, tenant.tenant.id)).toEqual(before);
    const withVisit = corrected.replace("0,h-17,10,Womens E-Mail,0,0,0,Surburban", "0,h-17,10,Womens E-Mail,0,1,15,Surburban");
    await expect(owner.ingest.importCsv({ ...input, csv: withVisit })).resolves.toMatchObject({ outcomes: { received: 2, inserted: 1, updated: 1, withdrawn: 1 } });
    const after = await db.prisma.outcome.findMany({ where: { tenantId: tenant.tenant.id, externalId: { startsWith: "h-" } }, orderBy: { externalId: "asc" } });
    expect(after.map((o) => [o.externalId, o.value])).toEqual([
      ["h-17:converted", 15],
      ["h-18:booked", null],
      ["h-19:booked", null],
    ]);
  });

  // An e-mail tool's export: its own id column, a channel as the tool names it, local send times, labels of its own.
  const SENT = [
    "message_id,lead_external_id,channel,sent_at,subject,body,pain_points,replied,replied_at,variant,cost_usd",
    "m-1,tl-1,Email,2026-03-02 09:30,Quick question,Hi there?,budget|timing,yes,2026-03-02T11:00:00Z,A,0.002",
    "m-2,tl-1,linkedin,2026-03-04,,Following up,,no,,B,",
    "m-3,tl-2,SMS,2026-03-05T10:00:00+01:00,,Hey,,,,A,0.01",
  ].join("\n");

  it("imports touches from a CSV: the id column by name, local times in the tenant's zone, lists, yes/no, labels as attributes", async () => {
    const other = await createTenantWithMembers(db, ["OWNER"]);
    await db.prisma.tenant.update({ where: { id: other.tenant.id }, data: { timezone: "America/New_York" } });
    const otherOwner = userCaller(db, other.users.OWNER.id, other.tenant.slug);
    await otherOwner.ingest.importCsv({ kind: "leads", csv: "external_id\ntl-1\ntl-2\n" });
    const input = { kind: "touches" as const, csv: SENT, idColumn: "message_id" };
    await expect(otherOwner.ingest.importCsv(input)).resolves.toEqual({ kind: "touches", received: 3, inserted: 3, updated: 0, columns: { attributes: ["variant"], ignored: [] } });
    const touches = await db.prisma.touch.findMany({ where: { tenantId: other.tenant.id }, orderBy: { externalId: "asc" } });
    expect(touches.map((t) => [t.externalId, t.channel, t.sentAt.toISOString(), t.painPoints, t.replied, t.repliedAt?.toISOString() ?? null, t.attributes, t.costUsd])).toEqual([
      // 09:30 in New York on 2 March (EST, UTC−5) is 14:30 UTC; a date alone is midnight there.
      ["m-1", "email", "2026-03-02T14:30:00.000Z", ["budget", "timing"], true, "2026-03-02T11:00:00.000Z", { variant: "A" }, 0.002],
      ["m-2", "linkedin", "2026-03-04T05:00:00.000Z", [], false, null, { variant: "B" }, null],
      ["m-3", "sms", "2026-03-05T09:00:00.000Z", [], false, null, { variant: "A" }, 0.01],
    ]);
    // The same file again updates.
    await expect(otherOwner.ingest.importCsv(input)).resolves.toMatchObject({ inserted: 0, updated: 3 });
    // Not this tenant's leads: the other tenant's touches never reach them.
    await expect(owner.ingest.importCsv(input)).rejects.toThrow(/touch batch rejected/);
  });

  const badTouches: Array<{ name: string; csv: string; path: string }> = [
    { name: "a channel Flywheel does not know", csv: SENT.replace("Email,", "Fax,"), path: "line 2, column channel" },
    { name: "a lead the tenant does not have", csv: SENT.replace("m-3,tl-2", "m-3,tl-9"), path: "line 4, column lead_external_id" },
    { name: "a yes/no that is neither", csv: SENT.replace(",yes,", ",maybe,"), path: "line 2, column replied" },
    { name: "a date in another format", csv: SENT.replace("2026-03-04,", "03/04/2026,"), path: "line 3, column sent_at" },
    { name: "a day the month does not have", csv: SENT.replace("2026-03-04,", "2026-02-30,"), path: "line 3, column sent_at" },
    { name: "no send time column", csv: SENT.replace("sent_at", "sent"), path: "header.sent_at" },
  ];
  it.each(badTouches)("rejects a touches CSV with $name at $path and writes nothing", async ({ csv, path }) => {
    await owner.ingest.importCsv({ kind: "leads", csv: "external_id\ntl-1\ntl-2\n" });
    const before = await tenantRowCounts(db, tenant.tenant.id);
    const result = await rejection(owner.ingest.importCsv({ kind: "touches", csv, idColumn: "message_id" }));
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.paths).toContain(path);
    expect(await tenantRowCounts(db, tenant.tenant.id)).toEqual(before);
  });

  const badCsv: Array<{ name: string; kind: "leads" | "outcomes"; csv: string; path: string }> = [
    { name: "missing required column", kind: "outcomes", csv: "external_id,kind,occurred_at\nx,booked,2026-03-04T10:00:00Z\n", path: "header.lead_external_id" },
    { name: "non-numeric size", kind: "leads", csv: "external_id,company_size\nz1,lots\n", path: "line 2, column company_size" },
    { name: "unknown enum", kind: "outcomes", csv: "external_id,lead_external_id,kind,occurred_at\nz2,L1,won,2026-03-04T10:00:00Z\n", path: "line 2, column kind" },
    { name: "unknown lead", kind: "outcomes", csv: "external_id,lead_external_id,kind,occurred_at\nz3,L1,booked,2026-03-04T10:00:00Z\nz4,ghost,booked,2026-03-04T10:00:00Z\n", path: "line 3, column lead_external_id" },
    { name: "ragged row", kind: "leads", csv: 'external_id,company\nz5,"Acme\nz6\n', path: "csv" },
    { name: "header only", kind: "leads", csv: "external_id,company\n", path: "csv" },
    { name: "unknown outcome column", kind: "outcomes", csv: "external_id,lead_external_id,kind,occurred_at,colour\nz7,L1,booked,2026-03-04T10:00:00Z,red\n", path: "header.colour" },
  ];
  it.each(badCsv)("rejects $name at $path and writes nothing", async ({ kind, csv, path }) => {
    const before = await tenantRowCounts(db, tenant.tenant.id);
    const result = await rejection(owner.ingest.importCsv({ kind, csv }));
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.paths).toContain(path);
    expect(await tenantRowCounts(db, tenant.tenant.id)).toEqual(before);
  });
});

describe("HTTP API /api/v1", () => {
  async function post(route: "leads" | "touches" | "outcomes" | "calls", body: unknown, key: string | null) {
    (globalThis as unknown as { flywheelDb?: Promise<Database> }).flywheelDb = Promise.resolve(db);
    const handler = (await import(`../../app/api/v1/${route}/route`)).POST as (request: Request) => Promise<Response>;
    const request = new Request(`http://localhost/api/v1/${route}`, { method: "POST", headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: typeof body === "string" ? body : JSON.stringify(body) });
    const response = await handler(request);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("ingests with an API key and answers 400 with paths for a bad batch", async () => {
    const { key } = await newApiKey(db, tenant.tenant.id, tenant.users.OWNER.id, ["ingest"]);
    expect(await post("leads", { leads: [lead("http-1")] }, key)).toEqual({ status: 200, body: { received: 1, inserted: 1, updated: 0 } });
    expect(await post("touches", { touches: [touch("http-t1", "http-1")] }, key)).toMatchObject({ status: 200, body: { inserted: 1 } });
    const before = await tenantRowCounts(db, tenant.tenant.id);
    const bad = await post("touches", { touches: [touch("http-t2", "http-1"), touch("http-t3", "http-1", { channel: "fax" })] }, key);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "BAD_REQUEST", issues: [{ path: "touches[1].channel" }] } });
    expect(await tenantRowCounts(db, tenant.tenant.id)).toEqual(before);
    expect((await post("leads", "{not json", key)).status).toBe(400);
  });

  it("imports a dataset in one file over HTTP, its options in the query string", async () => {
    const { key } = await newApiKey(db, tenant.tenant.id, tenant.users.OWNER.id, ["ingest"]);
    (globalThis as unknown as { flywheelDb?: Promise<Database> }).flywheelDb = Promise.resolve(db);
    const handler = (await import("../../app/api/v1/import/[kind]/route")).POST as (request: Request) => Promise<Response>;
    const send = async (query: string) => {
      const response = await handler(new Request(`http://localhost/api/v1/import/leads?${query}`, { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${key}` }, body: "plan|converted\npro|TRUE\nfree|FALSE\nfree|true\n" }));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await send("generate_ids=true&outcome_column=converted&outcome_values=true&outcome_kind=booked")).toEqual({
      status: 200,
      body: {
        kind: "leads",
        received: 3,
        inserted: 3,
        updated: 0,
        outcomes: { received: 2, inserted: 2, updated: 0, withdrawn: 0 },
        columns: { attributes: ["plan"], ignored: [{ column: "converted", reason: "records booked" }] },
      },
    });
    const bad = await send("generate_ids=true&outcome_column=converted&outcome_values=");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { issues: [{ path: "outcomeColumns[0].values" }] } });
    // Two outcome columns: values and kind once per column; a value column once per outcome column.
    const two = await send("generate_ids=true&outcome_column=converted&outcome_values=true&outcome_kind=booked&outcome_column=plan&outcome_values=pro&outcome_kind=converted");
    expect(two).toMatchObject({ status: 200, body: { updated: 3, outcomes: { received: 3, inserted: 1, updated: 2 }, columns: { attributes: [] } } });
    const ambiguous = await send("generate_ids=true&outcome_column=converted&outcome_kind=booked&outcome_column=plan&outcome_kind=converted&outcome_values=true&outcome_value_column=plan");
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body).toMatchObject({ error: { issues: [{ path: "outcome_value_column" }] } });
  });

  it("answers 401 without a key or with a revoked key, 403 for a read-only key", async () => {
    expect((await post("leads", { leads: [lead("h-x")] }, null)).status).toBe(401);
    const readOnly = await newApiKey(db, tenant.tenant.id, tenant.users.OWNER.id, ["read"]);
    expect((await post("leads", { leads: [lead("h-y")] }, readOnly.key)).status).toBe(403);
    // Revoking through the product drops the verified-key cache at once in this process.
    await owner.apiKeys.revoke({ id: readOnly.id });
    expect((await post("leads", { leads: [lead("h-z")] }, readOnly.key)).status).toBe(401);
  });

  it("a key only ever writes into its own tenant", async () => {
    const other = await createTenantWithMembers(db, ["OWNER"]);
    const { key } = await newApiKey(db, other.tenant.id, other.users.OWNER.id, ["ingest"]);
    await post("leads", { leads: [lead("cross-1")] }, key);
    expect(await db.prisma.lead.count({ where: { tenantId: tenant.tenant.id, externalId: "cross-1" } })).toBe(0);
    expect(await db.prisma.lead.count({ where: { tenantId: other.tenant.id, externalId: "cross-1" } })).toBe(1);
    const viaKeyCaller = callerFor(db, { kind: "api_key", key }, null);
    await expect(viaKeyCaller.ingest.touches({ touches: [touch("cross-t", "L1")] as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
