/**
 * An experiment's file (shaped like MineThatData's e-mail test: three arms, a visit and a
 * conversion column, the spend, pandas' index) imported in one step and learned: WHO compares each
 * arm with the control arm, not with the other arms mixed with it, and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PatternSet } from "../../server/core/patterns/types";
import type { Database } from "../../server/db";
import { learnInline } from "../../server/services/patterns/learn";
import type { WhoDetails } from "../../server/services/patterns/who";
import { createTenantWithMembers, openTestDatabase, userCaller } from "../helpers/db";

let db: Database;
let who: PatternSet<WhoDetails>;

/** 3,000 customers, 1,000 per arm; visits 18% (men's e-mail), 15% (women's), 10.5% (none) of each arm, exactly. */
function experimentCsv(): string {
  const visits: Record<string, number> = { "Mens E-Mail": 180, "Womens E-Mail": 150, "No E-Mail": 105 };
  const lines = [",recency,segment,visit,conversion,spend"];
  let row = 0;
  for (const [segment, visited] of Object.entries(visits))
    for (let i = 0; i < 1000; i++) {
      const visit = i < visited ? 1 : 0;
      const conversion = visit && i % 10 === 0 ? 1 : 0;
      lines.push(`${row},${1 + ((row * 7) % 12)},${segment},${visit},${conversion},${conversion ? (20 + (i % 50)).toFixed(2) : 0}`);
      row += 1;
    }
  return lines.join("\n");
}

beforeAll(async () => {
  db = await openTestDatabase();
  const tenant = await createTenantWithMembers(db, ["OWNER"]);
  const owner = userCaller(db, tenant.users.OWNER.id, tenant.tenant.slug);
  await owner.ingest.importCsv({
    kind: "leads",
    csv: experimentCsv(),
    generateIds: true,
    outcomeColumns: [
      { column: "visit", values: ["1"], kind: "booked" },
      { column: "conversion", values: ["1"], kind: "converted", valueColumn: "spend" },
    ],
  });
  await learnInline(db.prisma, tenant.tenant.id);
  who = (await owner.patterns.get({ type: "who" })).patterns as PatternSet<WhoDetails>;
}, 120_000);
afterAll(() => db.close());

describe("WHO on an experiment's file", () => {
  it("compares each arm with the control arm, and says so", () => {
    const booked = who.results.find((r) => r.target === "booked")!;
    const arms = booked.findings.filter((f) => f.dimension === "attributes.segment");
    expect(arms.map((f) => [f.value, f.reference, f.n, f.conversions, f.restRate])).toEqual([
      ["Mens E-Mail", "No E-Mail", 1000, 180, 0.105],
      ["Womens E-Mail", "No E-Mail", 1000, 150, 0.105],
    ]);
    // Against the control the women's e-mail lifts visits by 1.43×; against the rest (men's and none mixed) it would have looked like 1.05×.
    const womens = arms.find((f) => f.value === "Womens E-Mail")!;
    expect(womens.lift).toBeCloseTo(150 / 105, 12);
    expect([womens.significant, womens.direction]).toEqual([true, "positive"]);
    expect(who.details.references).toEqual({ "attributes.segment": "No E-Mail" });
    expect(who.notes).toContain('Compared with their control value instead of the rest: segment against "No E-Mail".');
    // Only what was known before the outcome is an attribute: visit, conversion and spend are outcomes, the index is left out.
    expect(who.details.attributes.map((a) => a.attribute).filter((a) => a.startsWith("attributes."))).toEqual(["attributes.recency", "attributes.segment"]);
  });
});
