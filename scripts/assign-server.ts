/** Runs the lean assignment server (server/assign-server.ts) on PORT (default 3001). */
import { startAssignServer } from "../server/assign-server";

const port = Number(process.env.PORT ?? 3001);
await startAssignServer(port);
console.log(`assignment server on http://localhost:${port}: POST /api/v1/experiments/assign`);
