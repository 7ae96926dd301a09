/**
 * Flywheel command line for data people. Talks to a running Flywheel over HTTP with an API
 * key (the embedded database belongs to the server process while it runs).
 *
 *   npm run flywheel -- import leads data/leads.csv [--url http://localhost:3000] [--key fw_…]
 *   npm run flywheel -- import outcomes data/outcomes.csv
 *
 * FLYWHEEL_URL and FLYWHEEL_API_KEY may replace --url and --key.
 */
import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { url: { type: "string" }, key: { type: "string" }, help: { type: "boolean", short: "h" } } });
const usage = "usage: flywheel import <leads|outcomes> <file.csv> [--url URL] [--key API_KEY]";

async function importCsv(kind: string, file: string) {
  if (kind !== "leads" && kind !== "outcomes") throw new Error(`cannot import "${kind}": choose leads or outcomes\n${usage}`);
  const url = (values.url ?? process.env.FLYWHEEL_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const key = values.key ?? process.env.FLYWHEEL_API_KEY;
  if (!key) throw new Error("no API key: pass --key or set FLYWHEEL_API_KEY (create one in Settings → API keys)");
  const size = (await stat(file)).size;
  console.log(`uploading ${file} (${(size / 1024).toFixed(0)} KB) as ${kind} to ${url} …`);
  const started = Date.now();
  const response = await fetch(`${url}/api/v1/import/${kind}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" }, body: await readFile(file, "utf8") });
  const body = (await response.json().catch(() => ({}))) as { error?: { message: string; issues?: { path: string; message: string }[] }; received?: number; inserted?: number; updated?: number };
  if (!response.ok) {
    console.error(`import rejected (${response.status}): ${body.error?.message ?? response.statusText}`);
    const issues = body.error?.issues ?? [];
    for (const issue of issues.slice(0, 50)) console.error(`  ${issue.path}: ${issue.message}`);
    if (issues.length > 50) console.error(`  … and ${issues.length - 50} more`);
    process.exitCode = 1;
    return;
  }
  console.log(`imported ${body.received} rows: ${body.inserted} new, ${body.updated} updated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const [command, ...rest] = positionals;
try {
  if (values.help || !command) console.log(usage);
  else if (command === "import") await importCsv(rest[0] ?? "", rest[1] ?? "");
  else throw new Error(`unknown command "${command}"\n${usage}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
