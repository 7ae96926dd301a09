/** Runs the lean assignment server (server/assign-server.ts) on PORT (default 3001). */
import { getDb } from "../server/db";
import { startAssignServer } from "../server/assign-server";
import { flushExposures } from "../server/services/experiments/exposure-log";

const port = Number(process.env.PORT ?? 3001);
const server = await startAssignServer(port);
console.log(`assignment server on http://localhost:${port}: POST /api/v1/experiments/assign`);

// A deploy stops the old process with SIGTERM: finish the calls in flight, write the queued
// exposures, then close the pool.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.closeIdleConnections();
    server.close(async () => {
      const db = await getDb();
      await flushExposures(db.prisma);
      await db.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 15_000).unref();
  });
}
