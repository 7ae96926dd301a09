/**
 * The assignment API under load: POST /api/v1/experiments/assign on a production server
 * (`next start`, PostgreSQL) at a fixed arrival rate — open loop, so a slow answer does not slow
 * the senders — with an API key, as an agent calls it. Half the calls repeat a unit already
 * assigned (sticky path), half are new units (insert path).
 * Prints p50/p90/p99/max latency, errors and the achieved rate. Goal: p99 ≤ 5 ms, 0 errors at 500/s.
 * Two servers, same route handler: `next start` (needs `npm run build` first) and the lean
 * node:http server in server/assign-server.ts (`npm run assign-server`).
 *
 *   npm run bench:assign [-- --rate 500 --seconds 30 --targets node,next]
 */
import { spawn } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createApiKey } from "../server/services/api-keys";
import { withScratchDatabase } from "./scratch-database";

const { values } = parseArgs({ options: { rate: { type: "string", default: "500" }, seconds: { type: "string", default: "30" }, port: { type: "string", default: "3310" }, targets: { type: "string", default: "node,next" } } });
const targets = values.targets!.split(",") as Array<"node" | "next">;
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const port = Number(values.port);

function quantile(sorted: Float64Array, q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

await withScratchDatabase("assign", async (db, url) => {
  const tenant = await db.prisma.tenant.create({ data: { name: "bench assign", slug: `bench-assign-${process.pid}` } });
  const prompt = await db.prisma.prompt.create({ data: { tenantId: tenant.id, name: "cold-open" } });
  const versions = [];
  for (const version of [1, 2]) versions.push(await db.prisma.promptVersion.create({ data: { tenantId: tenant.id, promptId: prompt.id, version, template: `Hello {{name}} v${version}`, variables: ["name"], commitMessage: `v${version}`, authorType: "system" } }));
  await db.prisma.promptLabel.create({ data: { tenantId: tenant.id, promptId: prompt.id, name: "production", versionId: versions[0]!.id } });
  await db.prisma.experiment.create({
    data: {
      tenantId: tenant.id,
      key: "bench",
      name: "bench",
      promptId: prompt.id,
      status: "running",
      salt: "bench-salt",
      primaryMetric: "booked",
      startedAt: new Date(),
      arms: { create: versions.map((v, i) => ({ tenantId: tenant.id, key: i === 0 ? "control" : "variant", name: `v${v.version}`, isControl: i === 0, weight: 1, promptVersionId: v.id, position: i })) },
    },
  });
  const { key } = await createApiKey({ db: db.prisma, tenantId: tenant.id, role: "OWNER", actor: { type: "system" } }, { name: "bench", scopes: ["ingest", "read"] });

  for (const target of targets) {
    const server =
      target === "next"
        ? spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], { env: { ...process.env, DATABASE_URL: url, FLYWHEEL_DISABLE_SCHEDULER: "1", NEXTAUTH_SECRET: "bench-secret-0123456789", NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] })
        : spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", "scripts/assign-server.ts"], { env: { ...process.env, DATABASE_URL: url, PORT: String(port), NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] });
    const exposuresBefore = await exposureCount(db);
    let answered = 0;
    try {
      answered = await measure(target, key);
    } finally {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    // Every answered call is one exposure in the database once the server has stopped (the lean server queues them and writes the queue on SIGTERM).
    console.log(`${target}: exposures written: ${((await exposureCount(db)) - exposuresBefore).toLocaleString()} of ${answered.toLocaleString()} answered calls`);
  }
});

async function exposureCount(db: { prisma: { experimentAssignment: { aggregate(args: { _sum: { exposures: true } }): Promise<{ _sum: { exposures: number | null } }> } } }) {
  return (await db.prisma.experimentAssignment.aggregate({ _sum: { exposures: true } }))._sum.exposures ?? 0;
}

/** Resolves with the number of calls answered 200 (probes included). */
async function measure(target: string, key: string) {
  let answered = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const call = (unitId: string) =>
    new Promise<{ ms: number; serverMs: number; ok: boolean }>((resolve) => {
      const started = performance.now();
      const payload = JSON.stringify({ experiment: "bench", unitId });
      const req = httpRequest(
        { host: "127.0.0.1", port, path: "/api/v1/experiments/assign", method: "POST", agent, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          const timing = /dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""));
          res.on("end", () => resolve({ ms: performance.now() - started, serverMs: timing ? Number(timing[1]) : Number.NaN, ok: res.statusCode === 200 && text.includes('"arm"') }));
        },
      );
      req.on("error", () => resolve({ ms: Number.POSITIVE_INFINITY, serverMs: Number.NaN, ok: false }));
      req.end(payload);
    });
  for (let i = 0; ; i++) {
    if (i > 120) throw new Error(`${target} server did not answer within 60 s${target === "next" ? " (did you run `npm run build`?)" : ""}`);
    if ((await call("probe")).ok) {
      answered++;
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  // Warm-up (compile paths, fill the pool and the caches), then one call at a time: the floor.
  const sequential = new Float64Array(600);
  for (let i = 0; i < sequential.length; i++) {
    const r = await call(`${target}-warm-${i}`);
    sequential[i] = r.ms;
    if (r.ok) answered++;
  }
  const floor = sequential.slice(200).sort();
  console.log(`${target}: one call at a time: p50 ${quantile(floor, 0.5).toFixed(2)} ms, p99 ${quantile(floor, 0.99).toFixed(2)} ms`);

  // A few seconds at the target rate first, discarded: the connection pools (client sockets,
  // PostgreSQL connections) grow to the concurrency the rate needs, as on a serving host.
  const ramp = await openLoop(call, `${target}-ramp`, rate, 3);
  answered += ramp.total - ramp.errors;
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const { total, latencies, serverLatencies, errors, elapsed } = await openLoop(call, target, rate, seconds);
  answered += total - errors;
  lag.disable();
  const sorted = latencies.slice().sort();
  agent.destroy();
  console.log(
    `${target}: assign: ${total.toLocaleString()} requests at ${rate}/s for ${seconds} s (achieved ${(total / elapsed).toFixed(0)}/s): ` +
      `p50 ${quantile(sorted, 0.5).toFixed(2)} ms, p90 ${quantile(sorted, 0.9).toFixed(2)} ms, p99 ${quantile(sorted, 0.99).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms, errors ${errors}`,
  );
  const inServer = serverLatencies.filter((ms) => !Number.isNaN(ms)).sort();
  // Where the time went: the server's own handling (its Server-Timing header; the Next route does not send one), and the load generator's event-loop delay, which adds to every latency it measures.
  if (inServer.length > 0) console.log(`${target}: time inside the server: p50 ${quantile(inServer, 0.5).toFixed(2)} ms, p99 ${quantile(inServer, 0.99).toFixed(2)} ms, max ${inServer[inServer.length - 1]!.toFixed(1)} ms`);
  console.log(`${target}: load generator's event-loop delay: p50 ${(lag.percentile(50) / 1e6).toFixed(2)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(2)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`);
  return answered;
}

/** Sends `rate` requests per second for `seconds`, open loop; resolves with each request's latency. */
async function openLoop(call: (unitId: string) => Promise<{ ms: number; serverMs: number; ok: boolean }>, prefix: string, rate: number, seconds: number) {
  const total = rate * seconds;
  const latencies = new Float64Array(total);
  const serverLatencies = new Float64Array(total);
  let errors = 0;
  let sent = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) {
        const index = sent;
        // Even requests are new units (insert path), odd ones repeat a recent unit (sticky path).
        const unitId = index % 2 === 0 ? `${prefix}-${index}` : `${prefix}-${index - 1 - 2 * ((index >> 1) % 50)}`;
        pending.push(
          call(unitId).then((r) => {
            latencies[index] = r.ms;
            serverLatencies[index] = r.serverMs;
            if (!r.ok) errors++;
          }),
        );
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  return { total, latencies, serverLatencies, errors, elapsed: (performance.now() - started) / 1000 };
}
