/**
 * A public dataset in one file, as a user brings it: a CSV shaped like Kaggle's marketing A/B test
 * (pandas' unnamed index, "user id", the treatment group, "converted" True/False, ad counts, the
 * day and hour of most ads), imported in one step (the id column by name, the outcome column) and
 * learned. Rows are generated with planted effects (more ads, the "ad" group, Mondays, 14–16 h
 * convert more), so the run also prints what WHO concluded.
 * Prints, per size: the import's seconds and rows/s, the learning run's seconds and stages, peak
 * RSS of each, on the embedded default (PGlite in a temporary directory) and, with --postgres, on
 * PostgreSQL (a scratch database).
 *
 *   npm run bench:dataset [-- --rows 100000,588101] [--postgres]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "../server/db";
import { migrateDatabase } from "../server/db/migrate";
import type { PatternSet } from "../server/core/patterns/types";
import { importCsv } from "../server/services/csv-import";
import { learnInline } from "../server/services/patterns/learn";
import type { WhoDetails } from "../server/services/patterns/who";
import { withScratchDatabase } from "./scratch-database";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000,588101" }, postgres: { type: "boolean", default: false } } });
const sizes = values.rows!.split(",").map(Number);

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** xorshift32: the same file for the same size on every run. */
function generate(rows: number): string {
  let state = 12345;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const lines = [",user id,test group,converted,total ads,most ads day,most ads hour"];
  for (let i = 0; i < rows; i++) {
    const ad = random() < 0.96;
    const total = Math.max(1, Math.round(-Math.log(1 - random()) * 25));
    const day = DAYS[Math.floor(random() * 7)]!;
    const hour = Math.floor(random() * 24);
    const p = (ad ? 0.018 : 0.013) * (0.5 + Math.min(total, 200) / 40) * (day === "Monday" ? 1.3 : 1) * (hour >= 14 && hour <= 16 ? 1.25 : 1);
    lines.push(`${i},${900_000 + i * 3},${ad ? "ad" : "psa"},${random() < p ? "True" : "False"},${total},${day},${hour}`);
  }
  return `${lines.join("\n")}\n`;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function measure(db: Database, label: string) {
  for (const rows of sizes) {
    const csv = generate(rows);
    const tenant = await db.prisma.tenant.create({ data: { name: `dataset ${rows}`, slug: `dataset-${rows}-${process.pid}` } });
    const ctx = { db: db.prisma, tenantId: tenant.id, role: "OWNER" as const, actor: { type: "system" as const } };
    peakRss = process.memoryUsage().rss;
    let started = performance.now();
    const imported = await importCsv(ctx, { kind: "leads", csv, idColumn: "user id", outcomeColumns: [{ column: "converted", values: ["true"], kind: "converted" }] });
    const importSeconds = (performance.now() - started) / 1000;
    const importRss = peakRss;
    peakRss = process.memoryUsage().rss;
    started = performance.now();
    const runId = await learnInline(db.prisma, tenant.id);
    const learnSeconds = (performance.now() - started) / 1000;
    const run = await db.prisma.patternRun.findUniqueOrThrow({ where: { id: runId } });
    const stages = (run.stages as Array<{ name: string; startedAt: string; finishedAt: string }>).map((s) => `${s.name.replace("detect ", "")} ${((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1)} s`);
    console.log(
      `${label}, ${rows.toLocaleString("en-US")} rows (${mb(csv.length)} of CSV): import ${importSeconds.toFixed(1)} s (${Math.round(rows / importSeconds).toLocaleString("en-US")} rows/s, ${imported.outcomes!.received.toLocaleString("en-US")} outcomes, peak RSS ${mb(importRss)}); learning ${learnSeconds.toFixed(1)} s [${stages.join(", ")}], peak RSS ${mb(peakRss)}`,
    );
    const who = (await db.prisma.conversionPattern.findFirstOrThrow({ where: { tenantId: tenant.id, type: "who" } })).patterns as unknown as PatternSet<WhoDetails>;
    const significant = who.results[0]!.findings.filter((f) => f.significant && f.mirrorOf === undefined).map((f) => `${f.label} ${f.lift.toFixed(2)}×`);
    const trends = (who.details.trends ?? []).map((t) => `${t.attribute.replace("attributes.", "")}: ${t.curved ? "curved" : t.direction}`);
    console.log(`  WHO: ${significant.join("; ")}\n  trends: ${trends.join("; ")}`);
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), "flywheel-bench-dataset-"));
try {
  const db = await openDatabase({ dataDir: dir });
  await migrateDatabase(db);
  await measure(db, "embedded PGlite");
  await db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (values.postgres) await withScratchDatabase("dataset", (db) => measure(db, "PostgreSQL"));
clearInterval(sampler);
