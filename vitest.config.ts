import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests (test/unit) need no database. Integration tests (test/integration) run on an
// in-memory PGlite per file, or on PostgreSQL when DATABASE_URL is set (a fresh database
// migrated once by the global setup).
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Tests evaluate experiments, resolve predictions and score calls explicitly; no debounced job outlives a test's database.
    env: { FLYWHEEL_EVALUATE_ON_OUTCOMES: "0", FLYWHEEL_MODEL_FEEDBACK_ON_OUTCOMES: "0", FLYWHEEL_EXCELLENCE_ON_OUTCOMES: "0" },
    pool: "forks",
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
