/**
 * A lean HTTP server for the call agents make per lead, POST /api/v1/experiments/assign, on
 * node:http without Next.js's per-request machinery (web streams, tracing, routing): at
 * hundreds of calls per second on a small machine that machinery, not the work, is the cost
 * (bench/assign.ts measures both). Same gate (resolveTenantAccess with the API key), same input
 * schema, same service and caches, same error bodies as the Next route — a deployment choice,
 * not a second implementation. One difference, for latency: exposures of fixed-allocation
 * experiments are queued, not awaited (the hash alone decides the arm), so `firstExposure` is
 * null there; stop the process with SIGTERM and the queue is written before it exits.
 * Agents authenticate with an API key (scope `ingest`).
 *
 *   DATABASE_URL=… npm run assign-server   (PORT, default 3001; scripts/assign-server.ts)
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { errorPayload } from "./api/http-v1";
import { bearerToken } from "./api/http-context";
import { getDb } from "./db";
import { DomainError, UnauthorizedError, ValidationError, zodIssues } from "./services/errors";
import { assignUnit } from "./services/experiments/assign";
import { assignInput } from "./services/experiments/schemas";
import { resolveTenantAccess, TENANT_HEADER } from "./services/tenant-access";

const MAX_BODY_BYTES = 64 * 1024;

/** `startedAt` from performance.now(): the time spent in this process goes out as Server-Timing, so a client can tell it from the network and its own queueing. */
function send(res: ServerResponse, status: number, body: unknown, startedAt: number) {
  const text = JSON.stringify(body);
  const serverTiming = `app;dur=${(performance.now() - startedAt).toFixed(3)}`;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "server-timing": serverTiming }).end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ValidationError("request body too large", [{ path: "(body)", message: `at most ${MAX_BODY_BYTES / 1024} KB` }]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function handleAssign(req: IncomingMessage) {
  const key = bearerToken(new Headers({ authorization: req.headers.authorization ?? "" }));
  if (!key) throw new UnauthorizedError("send an API key (Authorization: Bearer fw_…)");
  const db = await getDb();
  const selector = req.headers[TENANT_HEADER];
  const tenant = await resolveTenantAccess(db.prisma, { kind: "api_key", key }, typeof selector === "string" ? selector : null, "experiments:assign");
  let payload: unknown;
  try {
    payload = JSON.parse(await readBody(req));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new ValidationError("request body is not valid JSON", [{ path: "(body)", message: (error as Error).message }]);
  }
  const parsed = assignInput.safeParse(payload);
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return assignUnit(tenant, parsed.data, { exposure: "queue" });
}

/** Listens on `port` (0 for any free port); resolves with the listening server. */
export function startAssignServer(port: number) {
  const server = createServer((req, res) => {
    const startedAt = performance.now();
    if (req.method !== "POST" || req.url?.split("?")[0] !== "/api/v1/experiments/assign") {
      send(res, 404, { error: { code: "NOT_FOUND", message: "this server answers POST /api/v1/experiments/assign" } }, startedAt);
      return;
    }
    handleAssign(req).then(
      (result) => send(res, 200, result, startedAt),
      (error: unknown) => {
        const { status, body } = errorPayload(error);
        send(res, status, body, startedAt);
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  return new Promise<typeof server>((resolve) => server.listen(port, () => resolve(server)));
}
