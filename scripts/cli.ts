/**
 * Flywheel command line for data people. Talks to a running Flywheel over HTTP with an API
 * key (the embedded database belongs to the server process while it runs).
 *
 *   npm run flywheel -- import leads data/leads.csv [--url http://localhost:3000] [--key fw_…]
 *   npm run flywheel -- import touches data/touches.csv [--generate-ids | --id-column message_id]
 *   npm run flywheel -- import outcomes data/outcomes.csv
 *   npm run flywheel -- import leads bank-full.csv --generate-ids --outcome-column y --outcome-values yes [--outcome-kind converted]
 *     (a dataset in one file: no id column, the outcome in column "y"; any delimiter , ; tab |)
 *   npm run flywheel -- import leads hillstrom.csv --generate-ids --outcome-column visit --outcome-values 1 --outcome-kind booked \
 *     --outcome-column conversion --outcome-values 1 --outcome-kind converted --outcome-value-column "" --outcome-value-column spend
 *     (several outcome columns: --outcome-values/-kind/-at once for all, or once per --outcome-column in order;
 *      --outcome-value-column once per outcome column, "" for none; --id-column "user id" names the id
 *      column, --ignore-columns a,b leaves columns out)
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
    "outcome-column": { type: "string", multiple: true },
    "outcome-values": { type: "string", multiple: true },
    "outcome-kind": { type: "string", multiple: true },
    "outcome-at": { type: "string", multiple: true },
    "outcome-value-column": { type: "string", multiple: true },
    "id-column": { type: "string" },
    "ignore-columns": { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  },
});
const usage =
  "usage: flywheel import <leads|touches|outcomes> <file.csv> [--url URL] [--key API_KEY]\n" +
  "       leads and touches: [--generate-ids | --id-column COLUMN]; any kind: [--ignore-columns C1,C2]\n" +
  "       leads only: [--outcome-column COLUMN --outcome-values V1,V2 [--outcome-kind converted|booked|showed|replied] [--outcome-at ISO_DATE] [--outcome-value-column COLUMN]]…";

/** The import options of a dataset in one file, as the HTTP endpoint's query string. */
function importQuery(): string {
  const query = new URLSearchParams();
  if (values["generate-ids"]) query.set("generate_ids", "true");
  if (values["id-column"]) query.set("id_column", values["id-column"]);
  for (const columns of values["ignore-columns"] ?? []) query.append("ignore_columns", columns);
  // Repeated flags map onto repeated parameters in the same order (the endpoint pairs them with the outcome columns).
  const repeated: Array<[string, string[] | undefined]> = [
    ["outcome_column", values["outcome-column"]],
    ["outcome_values", values["outcome-values"]],
    ["outcome_kind", values["outcome-kind"]],
    ["outcome_at", values["outcome-at"]],
    ["outcome_value_column", values["outcome-value-column"]],
  ];
  for (const [name, given] of repeated) for (const value of given ?? []) query.append(name, value);
  const text = query.toString();
  return text ? `?${text}` : "";
}

async function importCsv(kind: string, file: string) {
  if (kind !== "leads" && kind !== "touches" && kind !== "outcomes") throw new Error(`cannot import "${kind}": choose leads, touches or outcomes\n${usage}`);
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
    outcomes?: { received: number; inserted: number; updated: number; withdrawn: number };
    columns?: { attributes: string[]; ignored: Array<{ column: string; reason: string }> };
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
  if (body.outcomes) console.log(`outcomes from the outcome columns: ${body.outcomes.received} (${body.outcomes.inserted} new, ${body.outcomes.updated} updated, ${body.outcomes.withdrawn} withdrawn)`);
  if (body.columns) {
    console.log(`attributes: ${body.columns.attributes.join(", ") || "none"}`);
    for (const c of body.columns.ignored) console.log(`left out: ${c.column} (${c.reason})`);
  }
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
