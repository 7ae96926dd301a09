/**
 * Ingest throughput on PostgreSQL: 100k touches sent over HTTP to the /api/v1/touches route
 * handler (batches of 5,000, 4 in flight) versus PostgreSQL COPY of the same rows.
 * Prints rows/s for both and their ratio (goal: HTTP ≥ 0.5× COPY).
 *
 *   npm run bench:ingest  [-- --touches 100000 --batch 5000 --concurrency 4]
 *   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres (a scratch database is created and dropped)
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { simulateWorldChunks } from "../server/core/simulator";
import type { TouchRecord } from "../server/core/records";
import type { Database } from "../server/db";
import { createApiKey } from "../server/services/api-keys";
import { writeLeads } from "../server/services/ingest";
import { withScratchDatabase } from "./scratch-database";

const { values } = parseArgs({ options: { touches: { type: "string", default: "100000" }, batch: { type: "string", default: "5000" }, concurrency: { type: "string", default: "4" } } });
const TOUCHES = Number(values.touches);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);

function generate() {
  const leads = [];
  const touches: TouchRecord[] = [];
  for (const chunk of simulateWorldChunks({ seed: 7, leads: Math.ceil(TOUCHES / 4), start: "2026-01-01T00:00:00Z", days: 90, includeTranscripts: false }, 2_000)) {
    leads.push(...chunk.leads);
    touches.push(...chunk.touches);
    if (touches.length >= TOUCHES) break;
  }
  return { leads, touches: touches.slice(0, TOUCHES) };
}

async function setupTenant(db: Database, slug: string, leads: Parameters<typeof writeLeads>[2]) {
  const tenant = await db.prisma.tenant.create({ data: { name: slug, slug } });
  for (let i = 0; i < leads.length; i += 5_000) await db.prisma.$transaction((tx) => writeLeads(tx, tenant.id, leads.slice(i, i + 5_000)), { timeout: 120_000 });
  return tenant;
}

/** A plain node:http server in front of the Next route handler: the same code path as production minus Next's router. */
async function startServer(db: Database) {
  (globalThis as unknown as { flywheelDb?: Promise<Database> }).flywheelDb = Promise.resolve(db);
  const { POST } = await import("../app/api/v1/touches/route");
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const response = await POST(new Request(`http://localhost${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }));
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function httpIngest(url: string, key: string, touches: TouchRecord[]) {
  const batches: TouchRecord[][] = [];
  for (let i = 0; i < touches.length; i += BATCH) batches.push(touches.slice(i, i + BATCH));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const response = await fetch(`${url}/api/v1/touches`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ touches: batch }) });
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

const csvField = (value: unknown) => {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) || text === "" ? `"${text.replace(/"/g, '""')}"` : text;
};
const pgArray = (items: string[] | undefined) => `{${(items ?? []).map((s) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;

async function copyIngest(databaseUrl: string, tenantId: string, touches: TouchRecord[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = new Map((await client.query<{ id: string; external_id: string }>("SELECT id, external_id FROM leads WHERE tenant_id = $1", [tenantId])).rows.map((r) => [r.external_id, r.id]));
    const lines = touches.map((t) =>
      [tenantId, ids.get(t.leadExternalId), t.externalId, t.channel, t.sentAt, t.subject, t.body, t.cta, t.angle, pgArray(t.painPoints), t.promptRef, t.model, t.costUsd, t.sequenceStep, t.replied ?? false, t.repliedAt, JSON.stringify(t.attributes ?? {})].map(csvField).join(",") + "\n",
    );
    const started = performance.now();
    const stream = client.query(copyFrom("COPY touches (tenant_id, lead_id, external_id, channel, sent_at, subject, body, cta, angle, pain_points, prompt_ref, model, cost_usd, sequence_step, replied, replied_at, attributes) FROM STDIN WITH (FORMAT csv)"));
    await pipeline(Readable.from(lines), stream);
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

await withScratchDatabase("ingest", async (db, url) => {
  const { leads, touches } = generate();
  console.log(`bench/ingest: ${touches.length.toLocaleString()} touches for ${leads.length.toLocaleString()} leads (simulator seed 7)`);
  const httpTenant = await setupTenant(db, "bench-http", leads);
  const copyTenant = await setupTenant(db, "bench-copy", leads);
  const { key } = await createApiKey({ db: db.prisma, tenantId: httpTenant.id, role: "OWNER", actor: { type: "system" } }, { name: "bench", scopes: ["ingest"] });
  const { server, url: serverUrl } = await startServer(db);
  const httpSeconds = await httpIngest(serverUrl, key, touches);
  server.close();
  const copySeconds = await copyIngest(url, copyTenant.id, touches);
  const stored = await db.prisma.touch.groupBy({ by: ["tenantId"], _count: true });
  const httpRate = touches.length / httpSeconds;
  const copyRate = touches.length / copySeconds;
  console.log(`rows stored: ${stored.map((s) => s._count).join(" / ")}`);
  console.log(`HTTP ingest  (batch ${BATCH}, ${CONCURRENCY} in flight): ${httpSeconds.toFixed(2)} s  ${Math.round(httpRate).toLocaleString()} rows/s`);
  console.log(`COPY         (one stream, CSV)                  : ${copySeconds.toFixed(2)} s  ${Math.round(copyRate).toLocaleString()} rows/s`);
  console.log(`ratio HTTP / COPY: ${(httpRate / copyRate).toFixed(2)}× (goal ≥ 0.5×)`);
});
