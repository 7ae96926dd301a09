/** Overview funnel and weekly series computed from a small hand-made data set. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db";
import { createTenantWithMembers, openTestDatabase, userCaller } from "../helpers/db";

let db: Database;
let caller: ReturnType<typeof userCaller>;
const daysAgo = (d: number, hour = 15) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - d, hour)).toISOString();

beforeAll(async () => {
  db = await openTestDatabase();
  const { tenant, users } = await createTenantWithMembers(db, ["VIEWER", "OWNER"]);
  const owner = userCaller(db, users.OWNER.id, tenant.slug);
  caller = userCaller(db, users.VIEWER.id, tenant.slug);
  await owner.ingest.leads({ leads: ["a", "b", "c", "d"].map((id) => ({ externalId: id })) });
  await owner.ingest.touches({
    touches: [
      { externalId: "t1", leadExternalId: "a", channel: "email", sentAt: daysAgo(10), replied: true, repliedAt: daysAgo(9) },
      { externalId: "t2", leadExternalId: "a", channel: "sms", sentAt: daysAgo(8) },
      { externalId: "t3", leadExternalId: "b", channel: "email", sentAt: daysAgo(10) },
      { externalId: "t4", leadExternalId: "c", channel: "email", sentAt: daysAgo(3) },
      { externalId: "old", leadExternalId: "d", channel: "email", sentAt: daysAgo(200) },
    ],
  });
  await owner.ingest.outcomes({
    outcomes: [
      { externalId: "o1", leadExternalId: "b", kind: "replied", occurredAt: daysAgo(9) },
      { externalId: "o2", leadExternalId: "a", kind: "booked", occurredAt: daysAgo(7) },
      { externalId: "o3", leadExternalId: "b", kind: "booked", occurredAt: daysAgo(7) },
      { externalId: "o4", leadExternalId: "a", kind: "showed", occurredAt: daysAgo(5) },
      { externalId: "o5", leadExternalId: "a", kind: "converted", occurredAt: daysAgo(2), value: 1200 },
    ],
  });
});
afterAll(() => db.close());

describe("overview", () => {
  it("counts distinct leads per funnel stage within the period", async () => {
    const overview = await caller.data.overview({ days: 30 });
    expect(overview.funnel.map((s) => [s.key, s.leads])).toEqual([
      ["touched", 3],
      ["replied", 2],
      ["booked", 2],
      ["showed", 1],
      ["converted", 1],
    ]);
    expect(overview.funnel[1]!.fromPrevious).toBeCloseTo(2 / 3, 12);
    expect(overview.totals).toEqual({ touches: 4, leads: 4, revenue: 1200 });
  });

  it("groups touches and replies by week and channel", async () => {
    const overview = await caller.data.overview({ days: 30 });
    const sum = (channel: string, key: "touches" | "replies") => overview.weeklyByChannel.filter((r) => r.channel === channel).reduce((acc, r) => acc + r[key], 0);
    expect([sum("email", "touches"), sum("email", "replies"), sum("sms", "touches")]).toEqual([3, 1, 1]);
    expect(overview.channels).toEqual(["email", "sms"]);
    expect(overview.weeklyByChannel.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.week))).toBe(true);
  });

  it("a longer period includes older touches", async () => {
    expect((await caller.data.overview({ days: 365 })).totals.touches).toBe(5);
  });
});

describe("data browser", () => {
  it("filters and paginates newest first", async () => {
    const first = await caller.data.touches({ limit: 2, channel: "email" });
    expect(first.items[0]!.externalId).toBe("t4");
    const second = await caller.data.touches({ limit: 2, channel: "email", cursor: first.nextCursor! });
    const all = [...first.items, ...second.items].map((t) => t.externalId);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(["old", "t1", "t3", "t4"]);
    expect((await caller.data.outcomes({ limit: 10, kind: "booked" })).items.map((o) => o.lead.externalId).sort()).toEqual(["a", "b"]);
    expect((await caller.data.leads({ limit: 10, search: "c" })).items.map((l) => l.externalId)).toEqual(["c"]);
  });
});
