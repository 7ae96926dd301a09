/**
 * Flywheel command line for data people. Talks to a running Flywheel over HTTP with an API
 * key (the embedded database belongs to the server process while it runs).
 *
 *   npm run flywheel -- import leads data/leads.csv [--url http://localhost:3000] [--key fw_…]
 *   npm run flywheel -- import outcomes data/outcomes.csv
 *   npm run flywheel -- import leads bank-full.csv --generate-ids --outcome-column y --outcome-values yes [--outcome-kind converted]
 *     (a dataset in one file: no id column, the outcome in column "y"; any delimiter , ; tab |)
 *
 * FLYWHEEL_URL and FLYWHEEL_API_KEY may replace --url and --key.
 */
import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    key: { type: "string" },
    "generate-ids": { type: "boolean", default: false },
    "outcome-column": { type: "string" },
    "outcome-values": { type: "string" },
    "outcome-kind": { type: "string" },
    "outcome-at": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
const usage =
  "usage: flywheel import <leads|outcomes> <file.csv> [--url URL] [--key API_KEY]\n" +
  "       leads only: [--generate-ids] [--outcome-column COLUMN --outcome-values V1,V2 [--outcome-kind converted|booked|showed|replied] [--outcome-at ISO_DATE]]";

/** The import options of a dataset in one file, as the HTTP endpoint's query string. */
function importQuery(): string {
  const query = new URLSearchParams();
  if (values["generate-ids"]) query.set("generate_ids", "true");
  if (values["outcome-column"]) {
    query.set("outcome_column", values["outcome-column"]);
    query.set("outcome_values", values["outcome-values"] ?? "");
    if (values["outcome-kind"]) query.set("outcome_kind", values["outcome-kind"]);
    if (values["outcome-at"]) query.set("outcome_at", values["outcome-at"]);
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

async function importCsv(kind: string, file: string) {
  if (kind !== "leads" && kind !== "outcomes") throw new Error(`cannot import "${kind}": choose leads or outcomes\n${usage}`);
  const url = (values.url ?? process.env.FLYWHEEL_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const key = values.key ?? process.env.FLYWHEEL_API_KEY;
  if (!key) throw new Error("no API key: pass --key or set FLYWHEEL_API_KEY (create one in Settings → API keys)");
  const size = (await stat(file)).size;
  console.log(`uploading ${file} (${(size / 1024).toFixed(0)} KB) as ${kind} to ${url} …`);
  const started = Date.now();
  const response = await fetch(`${url}/api/v1/import/${kind}${importQuery()}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" }, body: await readFile(file, "utf8") });
  const body = (await response.json().catch(() => ({}))) as {
    error?: { message: string; issues?: { path: string; message: string }[] };
    received?: number;
    inserted?: number;
    updated?: number;
    outcomes?: { received: number; inserted: number; updated: number };
  };
  if (!response.ok) {
    console.error(`import rejected (${response.status}): ${body.error?.message ?? response.statusText}`);
    const issues = body.error?.issues ?? [];
    for (const issue of issues.slice(0, 50)) console.error(`  ${issue.path}: ${issue.message}`);
    if (issues.length > 50) console.error(`  … and ${issues.length - 50} more`);
    process.exitCode = 1;
    return;
  }
  console.log(`imported ${body.received} rows: ${body.inserted} new, ${body.updated} updated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (body.outcomes) console.log(`outcomes from the outcome column: ${body.outcomes.received} (${body.outcomes.inserted} new, ${body.outcomes.updated} updated)`);
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
