/**
 * Train and cross-validate on a CSV, locally; with --register also upload it to a running Flywheel,
 * which trains it the same way and registers it as a candidate under csv:<target>.
 *
 *   npm run train -- --csv data.csv --target y --exclude duration --folds 5 [--families gbdt,mlp] [--seed 1] [--out model.json]
 *   npm run train -- --csv data.csv --target y --register [--url http://localhost:3000] [--key fw_…]
 *
 * FLYWHEEL_URL and FLYWHEEL_API_KEY may replace --url and --key.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { main as trainLocally } from "./train-csv";

const { values } = parseArgs({ args: process.argv.slice(2), strict: false, options: { register: { type: "boolean" }, url: { type: "string" }, key: { type: "string" }, csv: { type: "string" }, target: { type: "string" }, exclude: { type: "string" }, folds: { type: "string" }, families: { type: "string" }, positive: { type: "string" }, seed: { type: "string" } } });

async function register() {
  const url = (String(values.url ?? process.env.FLYWHEEL_URL ?? "http://localhost:3000")).replace(/\/$/, "");
  const key = values.key ?? process.env.FLYWHEEL_API_KEY;
  if (!key) throw new Error("no API key: pass --key or set FLYWHEEL_API_KEY (create one with the ingest scope in Settings → API keys)");
  if (typeof values.csv !== "string" || typeof values.target !== "string") throw new Error("--register needs --csv and --target");
  const params = new URLSearchParams({ target: values.target, fileName: values.csv.split("/").pop()! });
  for (const name of ["exclude", "folds", "families", "positive", "seed"] as const) if (typeof values[name] === "string") params.set(name, values[name] as string);
  console.log(`registering with ${url} …`);
  const response = await fetch(`${url}/api/v1/models/train-csv?${params}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" }, body: await readFile(values.csv, "utf8") });
  const body = (await response.json().catch(() => ({}))) as { error?: { message: string }; target?: string; version?: number; family?: string; comparison?: { reason: string }; approvalId?: string | null };
  if (!response.ok) throw new Error(`registration rejected (${response.status}): ${body.error?.message ?? response.statusText}`);
  console.log(`registered ${body.target} v${body.version} (${body.family}): ${body.comparison?.reason ?? ""}${body.approvalId ? " — promotion waits in Approvals" : ""}`);
}

try {
  const argv = process.argv.slice(2).filter((a, i, all) => !["--register"].includes(a) && !(["--url", "--key"].includes(all[i - 1] ?? "") || ["--url", "--key"].includes(a)));
  await trainLocally(argv);
  if (values.register) await register();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
