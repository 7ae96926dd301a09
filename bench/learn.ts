/**
 * A full pattern-learning run on PostgreSQL (the four detections at once, the store and the health
 * check, as the learn job runs them) against one aggregate scan over the same touches.
 * Sizes: 100k touches / 10k leads and 1M touches / 100k leads (linear growth check).
 * Prints seconds per stage, total, the scan time, their ratio (goal ≤ 5×, ≤ 60 s) and peak RSS,
 * and how busy the machine's cores were during the run (the CPU seconds it took, and how many of
 * them were this process's: the rest is PostgreSQL's).
 * Two reference scans: the plain GROUP BY channel over the touches, and the least any learning run
 * must read: the touches joined with their lead's outcome flags (each lead's outcomes aggregated
 * once), run with JIT off as the detectors' statements are. Peak RSS is sampled during learning;
 * the RSS when learning starts (after the load, and a garbage collection) is printed beside it.
 *
 *   npm run bench:learn [-- --sizes 10000,100000] [--keep | --reuse flywheel_bench_learn_1234]
 *   (--keep leaves the loaded database in place; --reuse measures again on it without loading)
 *   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres (a fresh database is created and dropped)
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import { simulateWorldChunks } from "../server/core/simulator";
import type { Database } from "../server/db";
import { writeCalls, writeLeads, writeOutcomes, writeTouches } from "../server/services/ingest";
import { learnInline } from "../server/services/patterns/learn";
import { withScratchDatabase } from "./scratch-database";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "10000,100000" }, "touches-per-lead": { type: "string", default: "10" }, keep: { type: "boolean", default: false }, reuse: { type: "string" } },
});
const sizes = values.sizes!.split(",").map(Number);
const touchesPerLead = Number(values["touches-per-lead"]);

async function load(db: Database, leads: number, reused: boolean) {
  if (reused) {
    const tenant = await db.prisma.tenant.findFirst({ where: { name: `bench ${leads}` }, orderBy: { createdAt: "desc" } });
    if (!tenant) throw new Error(`the reused database has no tenant "bench ${leads}": load it with --keep first`);
    return { tenantId: tenant.id, touches: await db.prisma.touch.count({ where: { tenantId: tenant.id } }), loadSeconds: 0 };
  }
  const tenant = await db.prisma.tenant.create({ data: { name: `bench ${leads}`, slug: `bench-${leads}-${process.pid}` } });
  let touches = 0;
  const started = performance.now();
  for (const chunk of simulateWorldChunks({ seed: 11, leads, touchesPerLead, days: 180, start: new Date(Date.now() - 180 * 86_400_000).toISOString(), includeTranscripts: false }, 5_000)) {
    await db.prisma.$transaction(
      async (tx) => {
        await writeLeads(tx, tenant.id, chunk.leads);
        for (let i = 0; i < chunk.touches.length; i += 10_000) await writeTouches(tx, tenant.id, chunk.touches.slice(i, i + 10_000));
        if (chunk.calls.length) await writeCalls(tx, tenant.id, chunk.calls);
        for (let i = 0; i < chunk.outcomes.length; i += 10_000) await writeOutcomes(tx, tenant.id, chunk.outcomes.slice(i, i + 10_000));
      },
      { timeout: 600_000 },
    );
    // Autovacuum is off on our PostgreSQL: refresh statistics as it would while a tenant loads.
    await db.prisma.$executeRawUnsafe("ANALYZE leads, touches, outcomes, calls");
    touches += chunk.touches.length;
  }
  // What autovacuum does after a bulk load (PostgreSQL 13+ also vacuums after inserts): statistics, hint bits and the
  // visibility map, so that neither the scan nor the learning run measures the first pass over freshly written pages.
  await db.prisma.$executeRawUnsafe("VACUUM ANALYZE");
  return { tenantId: tenant.id, touches, loadSeconds: (performance.now() - started) / 1000 };
}

async function aggregateScan(db: Database, tenantId: string) {
  const sql = `SELECT channel, count(*), count(*) FILTER (WHERE replied) FROM touches WHERE tenant_id = $1::uuid GROUP BY channel`;
  await db.prisma.$queryRawUnsafe(sql, tenantId); // warm the cache, as the learning run will find it
  const started = performance.now();
  await db.prisma.$queryRawUnsafe(sql, tenantId);
  return (performance.now() - started) / 1000;
}

/** The touches with their lead's outcome flags: the minimal data a learning run reads. */
async function outcomeScan(db: Database, tenantId: string) {
  const sql = `SELECT t.channel, count(*), count(*) FILTER (WHERE t.replied), count(*) FILTER (WHERE o.booked), count(*) FILTER (WHERE o.showed), count(*) FILTER (WHERE o.converted)
    FROM touches t
    LEFT JOIN (SELECT lead_id, bool_or(kind = 'booked') AS booked, bool_or(kind = 'showed') AS showed, bool_or(kind = 'converted') AS converted
      FROM outcomes WHERE tenant_id = $1::uuid GROUP BY lead_id) o ON o.lead_id = t.lead_id
    WHERE t.tenant_id = $1::uuid GROUP BY t.channel`;
  const run = () =>
    db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL jit = off");
      return tx.$queryRawUnsafe(sql, tenantId);
    });
  await run(); // warm the cache
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/** The machine's busy and total CPU ticks since boot (Linux /proc/stat; null elsewhere): PostgreSQL works in other processes. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return null;
  }
}

// A garbage collection before learning, so the RSS it starts from is what the process holds, not the load's garbage.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

await withScratchDatabase(
  "learn",
  async (db, _url, reused) => {
    for (const leads of sizes) {
      const { tenantId, touches, loadSeconds } = await load(db, leads, reused);
      const scan = await aggregateScan(db, tenantId);
      const joinedScan = await outcomeScan(db, tenantId);
      gc();
      const startRss = process.memoryUsage().rss;
      peakRss = startRss;
      // The learning run itself (server/services/patterns/learn.ts): the four detections at once, the store, the health check.
      const started = performance.now();
      const [ticksBefore, nodeBefore] = [machineTicks(), process.cpuUsage()];
      const runId = await learnInline(db.prisma, tenantId);
      const learn = (performance.now() - started) / 1000;
      const [ticksAfter, node] = [machineTicks(), process.cpuUsage(nodeBefore)];
      // Whether the run waits or computes: the share of all cores busy while it ran (anything else running counts too).
      const busy = ticksBefore && ticksAfter ? (ticksAfter.busy - ticksBefore.busy) / Math.max(1, ticksAfter.total - ticksBefore.total) : null;
      const nodeCpu = (node.user + node.system) / 1e6;
      const cpu = busy === null ? `this process ${nodeCpu.toFixed(1)} CPU s` : `CPU ${(busy * 100).toFixed(0)}% busy on ${os.availableParallelism()} cores, ${(busy * os.availableParallelism() * learn).toFixed(1)} CPU s of which this process ${nodeCpu.toFixed(1)} s`;
      const run = await db.prisma.patternRun.findUniqueOrThrow({ where: { id: runId } });
      const perType = (run.stages as Array<{ name: string; startedAt: string; finishedAt: string }>).map(
        (s) => `${s.name.replace("detect ", "")} ${((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(2)} s`,
      );
      console.log(
        `${leads.toLocaleString()} leads / ${touches.toLocaleString()} touches (${reused ? "reused" : `loaded in ${loadSeconds.toFixed(0)} s`}): learning ${learn.toFixed(2)} s [stages, the detections at once: ${perType.join(", ")}; ${cpu}], one aggregate scan ${scan.toFixed(3)} s, ratio ${(learn / scan).toFixed(1)}× (scan with outcome flags ${joinedScan.toFixed(3)} s, ratio ${(learn / joinedScan).toFixed(1)}×), peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (${(startRss / 1024 / 1024).toFixed(0)} MB when learning started)`,
      );
    }
  },
  { keep: values.keep, reuse: values.reuse },
);
clearInterval(sampler);
