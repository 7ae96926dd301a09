/**
 * CSV import of leads and outcomes (UI upload and CLI). Headers may be camelCase or
 * snake_case; unknown lead columns become attributes (numbers where the whole column is numeric).
 * The whole file is validated first and written in one transaction: a bad row rejects the file,
 * naming its line and column.
 */
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { NUMERIC_TEXT } from "../core/patterns/who";
import { recordAudit } from "./audit";
import { afterOutcomesIngested } from "./outcome-hooks";
import type { TenantContext } from "./context";
import { ValidationError, type FieldIssue } from "./errors";
import { duplicateIssues, rejectIfIssues, writeLeads, writeOutcomes, type IngestResult } from "./ingest";
import { leadRecord, outcomeRecord, type LeadInput, type OutcomeInput } from "./ingest/schemas";

export const MAX_CSV_ROWS = 200_000;
export const MAX_CSV_BYTES = 50 * 1024 * 1024;
const WRITE_CHUNK = 5_000;

export const csvImportInput = z.object({ kind: z.enum(["leads", "outcomes"]), csv: z.string().max(MAX_CSV_BYTES, "CSV files are limited to 50 MB") });

const LEAD_COLUMNS: Record<string, { field: keyof LeadInput; type: "text" | "int" }> = {
  external_id: { field: "externalId", type: "text" },
  email: { field: "email", type: "text" },
  name: { field: "name", type: "text" },
  company: { field: "company", type: "text" },
  industry: { field: "industry", type: "text" },
  company_size: { field: "companySize", type: "int" },
  title: { field: "title", type: "text" },
  seniority: { field: "seniority", type: "text" },
  source: { field: "source", type: "text" },
  country: { field: "country", type: "text" },
  timezone: { field: "timezone", type: "text" },
  created_at: { field: "createdAt", type: "text" },
};
const OUTCOME_COLUMNS: Record<string, { field: keyof OutcomeInput; type: "text" | "float" }> = {
  external_id: { field: "externalId", type: "text" },
  lead_external_id: { field: "leadExternalId", type: "text" },
  kind: { field: "kind", type: "text" },
  occurred_at: { field: "occurredAt", type: "text" },
  value: { field: "value", type: "float" },
  touch_external_id: { field: "touchExternalId", type: "text" },
  call_external_id: { field: "callExternalId", type: "text" },
};

/**
 * Extra (attribute) columns whose every non-empty value is a plain decimal (NUMERIC_TEXT, the rule
 * WHO reads numbers by; "00501" is a code and stays text): stored as numbers, so analysis bins
 * them instead of listing each value.
 */
function numericColumns(normalized: string[], rows: string[][], columns: Record<string, unknown>): Set<number> {
  const numeric = new Set<number>();
  normalized.forEach((name, col) => {
    if (columns[name]) return;
    let seen = false;
    for (const row of rows) {
      const raw = row[col] ?? "";
      if (raw === "") continue;
      if (!NUMERIC_TEXT.test(raw)) return;
      seen = true;
    }
    if (seen) numeric.add(col);
  });
  return numeric;
}

const snake = (header: string) => header.trim().replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[\s-]+/g, "_").toLowerCase();

function parseCsv(csv: string): { headers: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ""), { relax_column_count: false, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new ValidationError("CSV could not be read", [{ path: "csv", message: (error as Error).message }]);
  }
  if (records.length === 0) throw new ValidationError("CSV is empty", [{ path: "csv", message: "expected a header row and at least one data row" }]);
  const [headers, ...rows] = records;
  if (rows.length === 0) throw new ValidationError("CSV has no data rows", [{ path: "csv", message: "expected at least one data row under the header" }]);
  if (rows.length > MAX_CSV_ROWS) throw new ValidationError("CSV too large", [{ path: "csv", message: `at most ${MAX_CSV_ROWS} rows per file; split the file` }]);
  return { headers: headers!, rows };
}

/** Line numbers count the header as line 1, as spreadsheet users see them. */
const rowPath = (index: number, column: string) => `line ${index + 2}, column ${column}`;

function convertRows<T>(
  headers: string[],
  rows: string[][],
  columns: Record<string, { field: string; type: "text" | "int" | "float" }>,
  schema: z.ZodType<T>,
  extraColumnsToAttributes: boolean,
): { records: T[]; issues: FieldIssue[] } {
  const normalized = headers.map(snake);
  const required = Object.entries(columns).filter(([, c]) => ["externalId", "leadExternalId", "kind", "occurredAt"].includes(c.field)).map(([name]) => name);
  const missing = required.filter((name) => !normalized.includes(name));
  if (missing.length > 0) throw new ValidationError("CSV is missing required columns", missing.map((name) => ({ path: `header.${name}`, message: `column "${name}" is required` })));
  const unknown = normalized.filter((name) => !columns[name]);
  if (!extraColumnsToAttributes && unknown.length > 0) throw new ValidationError("CSV has unknown columns", unknown.map((name) => ({ path: `header.${name}`, message: `unknown column; expected one of ${Object.keys(columns).join(", ")}` })));

  const records: T[] = [];
  const issues: FieldIssue[] = [];
  const numeric = extraColumnsToAttributes ? numericColumns(normalized, rows, columns) : new Set<number>();
  rows.forEach((row, index) => {
    const record: Record<string, unknown> = {};
    const attributes: Record<string, string | number> = {};
    normalized.forEach((name, col) => {
      const raw = row[col] ?? "";
      if (raw === "") return;
      const column = columns[name];
      if (!column) {
        attributes[name] = numeric.has(col) ? Number(raw) : raw;
        return;
      }
      if (column.type === "text") record[column.field] = raw;
      else {
        const value = Number(raw.replace(/,/g, ""));
        if (!Number.isFinite(value) || (column.type === "int" && !Number.isInteger(value))) issues.push({ path: rowPath(index, name), message: `"${raw}" is not ${column.type === "int" ? "a whole number" : "a number"}` });
        else record[column.field] = value;
      }
    });
    if (extraColumnsToAttributes && Object.keys(attributes).length > 0) record.attributes = attributes;
    const parsed = schema.safeParse(record);
    if (parsed.success) records.push(parsed.data);
    else for (const issue of parsed.error.issues) issues.push({ path: rowPath(index, fieldToColumn(columns, String(issue.path[0] ?? ""))), message: issue.message });
  });
  return { records, issues };
}

function fieldToColumn(columns: Record<string, { field: string }>, field: string) {
  return Object.entries(columns).find(([, c]) => c.field === field)?.[0] ?? field;
}

export async function importCsv(ctx: TenantContext, input: z.infer<typeof csvImportInput>): Promise<IngestResult & { kind: string }> {
  const { headers, rows } = parseCsv(input.csv);
  const isLeads = input.kind === "leads";
  const { records, issues } = isLeads ? convertRows(headers, rows, LEAD_COLUMNS, leadRecord, true) : convertRows(headers, rows, OUTCOME_COLUMNS, outcomeRecord, false);
  rejectIfIssues(issues, `${input.kind} CSV`);
  rejectIfIssues(
    duplicateIssues(records as Array<{ externalId: string }>, "rows").map((issue) => ({ ...issue, path: issue.path.replace(/^rows\[(\d+)\]\.externalId$/, (_, i) => rowPath(Number(i), "external_id")) })),
    `${input.kind} CSV`,
  );

  const total: IngestResult = { received: records.length, inserted: 0, updated: 0 };
  await ctx.db.$transaction(
    async (tx) => {
      for (let start = 0; start < records.length; start += WRITE_CHUNK) {
        const chunk = records.slice(start, start + WRITE_CHUNK);
        let result: IngestResult;
        try {
          result = isLeads ? await writeLeads(tx, ctx.tenantId, chunk as LeadInput[]) : await writeOutcomes(tx, ctx.tenantId, chunk as OutcomeInput[], "rows");
        } catch (error) {
          if (error instanceof ValidationError) {
            const rebased = error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^rows\[(\d+)\]\.(\w+)$/, (_, i, field) => rowPath(start + Number(i), fieldToColumn(OUTCOME_COLUMNS, field))) }));
            throw new ValidationError(error.message, rebased);
          }
          throw error;
        }
        total.inserted += result.inserted;
        total.updated += result.updated;
      }
      await recordAudit(ctx, tx, { action: `import.${input.kind}_csv`, details: { ...total } });
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
  if (!isLeads) await afterOutcomesIngested(ctx.db, ctx.tenantId);
  return { ...total, kind: input.kind };
}
