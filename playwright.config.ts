/**
 * Browser tests against a production build (`next build` first). The server uses its own
 * embedded database under .flywheel/e2e-pgdata, prepared beforehand with
 * `FLYWHEEL_DATA_DIR=.flywheel/e2e-pgdata tsx scripts/migrate.ts --seed-demo` (demo user and tenant "demo").
 */
import { defineConfig } from "@playwright/test";

const PORT = 3200;
const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: "list",
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    headless: true,
    screenshot: "on",
    viewport: { width: 1440, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", // `apt-get install -y chromium`
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${PORT}`,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      INNGEST_DEV: "1",
      NEXTAUTH_URL: BASE_URL,
      NEXTAUTH_SECRET: "e2e-secret-not-for-production",
      FLYWHEEL_DATA_DIR: ".flywheel/e2e-pgdata",
      // Empty: the embedded database in FLYWHEEL_DATA_DIR, never a PostgreSQL from the environment.
      DATABASE_URL: "",
    },
  },
});
