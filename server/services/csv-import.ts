/**
 * CSV import of leads and outcomes (UI upload and CLI). Headers may be camelCase or
 * snake_case; unknown lead columns become attributes (numbers where the whole column is numeric).
 * The delimiter (",", ";", tab or "|") is detected. The whole file is validated first and written
 * in one transaction: a bad row rejects the file, naming its line and column.
 *
 * A dataset in one file (a public marketing dataset, a CRM export with a "converted" column) imports
 * as leads with two options: `outcomeColumn` names the column that records the outcome and the
 * values that mean it happened (each such row also gets an outcome, id "<lead id>:<kind>", and the
 * column is not kept as an attribute: it would explain itself), and `generateIds` gives a file
 * without an id column ids from its content hash and line number, so importing the same file again
 * updates rather than duplicates.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { csvColumnName, detectCsvDelimiter } from "../core/csv-sniff";
import { OUTCOME_KINDS } from "../core/records";
import { NUMERIC_TEXT } from "../core/patterns/who";
import { recordAudit } from "./audit";
import { afterOutcomesIngested } from "./outcome-hooks";
import type { TenantContext } from "./context";
import { ValidationError, zodIssues, type FieldIssue } from "./errors";
import { duplicateIssues, rejectIfIssues, writeLeads, writeOutcomes, type IngestResult } from "./ingest";
import { leadRecord, outcomeRecord, type LeadInput, type OutcomeInput } from "./ingest/schemas";

export const MAX_CSV_ROWS = 200_000;
export const MAX_CSV_BYTES = 50 * 1024 * 1024;
const WRITE_CHUNK = 5_000;

export const csvImportInput = z
  .object({
    kind: z.enum(["leads", "outcomes"]),
    csv: z.string().max(MAX_CSV_BYTES, "CSV files are limited to 50 MB"),
    /** Leads only: the column that records an outcome, and the values (any case) that mean it happened. */
    outcomeColumn: z
      .object({
        column: z.string().trim().min(1).max(200),
        values: z.array(z.string().trim().min(1).max(200)).min(1, "name at least one value that means the outcome happened").max(50),
        kind: z.enum(OUTCOME_KINDS).default("converted"),
        /** When the outcomes happened; default: each row's created_at, else the time of the import. */
        occurredAt: z.coerce.date().optional(),
      })
      .optional(),
    /** Leads only: the file has no external_id column; ids are "<content hash>-<line>". */
    generateIds: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    if (input.kind !== "outcomes") return;
    if (input.outcomeColumn) ctx.addIssue({ code: "custom", path: ["outcomeColumn"], message: "an outcome column is read from a leads file; import outcomes files as they are" });
    if (input.generateIds) ctx.addIssue({ code: "custom", path: ["generateIds"], message: "generated ids are for leads files; outcomes must name their own and their lead's ids" });
  });
export type CsvImportInput = z.input<typeof csvImportInput>;

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


function parseCsv(csv: string): { headers: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ""), { delimiter: detectCsvDelimiter(csv), relax_column_count: false, skip_empty_lines: true, trim: true });
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

interface ConvertOptions {
  /** Unknown columns become attributes (leads) instead of rejecting the file (outcomes). */
  extraColumnsToAttributes: boolean;
  /** Columns read for something else (the outcome column): neither a field nor an attribute. */
  skipColumns?: ReadonlySet<string>;
  /** Ids for a file without an external_id column: line n gets `${generatedIdPrefix}-${n}`. */
  generatedIdPrefix?: string;
}

function convertRows<T>(
  headers: string[],
  rows: string[][],
  columns: Record<string, { field: string; type: "text" | "int" | "float" }>,
  schema: z.ZodType<T>,
  { extraColumnsToAttributes, skipColumns = new Set(), generatedIdPrefix }: ConvertOptions,
): { records: T[]; issues: FieldIssue[] } {
  const normalized = headers.map(csvColumnName);
  if (generatedIdPrefix && normalized.includes("external_id"))
    throw new ValidationError("CSV has its own ids", [{ path: "header.external_id", message: "the file has an external_id column: import it without generated ids, so its rows keep their own" }]);
  const required = Object.entries(columns)
    .filter(([, c]) => ["externalId", "leadExternalId", "kind", "occurredAt"].includes(c.field) && !(generatedIdPrefix && c.field === "externalId"))
    .map(([name]) => name);
  const missing = required.filter((name) => !normalized.includes(name));
  if (missing.length > 0)
    throw new ValidationError(
      "CSV is missing required columns",
      missing.map((name) => ({ path: `header.${name}`, message: name === "external_id" && extraColumnsToAttributes ? `column "external_id" is required, or import with generated ids (a file without an id column)` : `column "${name}" is required` })),
    );
  const unknown = normalized.filter((name) => !columns[name] && !skipColumns.has(name));
  if (!extraColumnsToAttributes && unknown.length > 0) throw new ValidationError("CSV has unknown columns", unknown.map((name) => ({ path: `header.${name}`, message: `unknown column; expected one of ${Object.keys(columns).join(", ")}` })));

  const records: T[] = [];
  const issues: FieldIssue[] = [];
  const numeric = extraColumnsToAttributes ? numericColumns(normalized, rows, { ...columns, ...Object.fromEntries([...skipColumns].map((name) => [name, true])) }) : new Set<number>();
  rows.forEach((row, index) => {
    const record: Record<string, unknown> = generatedIdPrefix ? { externalId: `${generatedIdPrefix}-${index + 2}` } : {};
    const attributes: Record<string, string | number> = {};
    normalized.forEach((name, col) => {
      const raw = row[col] ?? "";
      if (raw === "" || skipColumns.has(name)) return;
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

/**
 * The outcomes a leads file records in `outcomeColumn` (see the file comment): one per row whose
 * value is one of the given values (any case), or a clear error when the column is absent or no
 * row has such a value (naming the values the column does hold).
 */
function outcomesFromColumn(headers: string[], rows: string[][], leads: LeadInput[], spec: NonNullable<z.infer<typeof csvImportInput>["outcomeColumn"]>, importedAt: Date) {
  const normalized = headers.map(csvColumnName);
  const column = normalized.indexOf(csvColumnName(spec.column));
  if (column < 0) throw new ValidationError("CSV has no such outcome column", [{ path: "outcomeColumn.column", message: `no column "${spec.column}" in the file; its columns are ${headers.join(", ")}` }]);
  const wanted = new Set(spec.values.map((v) => v.toLowerCase()));
  const records: OutcomeInput[] = [];
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const raw = row[column] ?? "";
    seen.set(raw, (seen.get(raw) ?? 0) + 1);
    if (!wanted.has(raw.toLowerCase())) return;
    const lead = leads[index]!;
    const occurredAt = spec.occurredAt ?? (lead.createdAt ? new Date(lead.createdAt) : importedAt);
    const parsed = outcomeRecord.safeParse({ externalId: `${lead.externalId}:${spec.kind}`, leadExternalId: lead.externalId, kind: spec.kind, occurredAt: occurredAt.toISOString() });
    if (parsed.success) records.push(parsed.data);
    else issues.push(...parsed.error.issues.map((issue) => ({ path: rowPath(index, spec.column), message: `its outcome cannot be recorded: ${String(issue.path[0] ?? "")} ${issue.message}` })));
  });
  rejectIfIssues(issues, "leads CSV");
  if (records.length === 0) {
    const held = [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([value, count]) => `"${value}" (${count})`).join(", ");
    throw new ValidationError("No row records the outcome", [{ path: "outcomeColumn.values", message: `no row has ${spec.column} = ${spec.values.map((v) => `"${v}"`).join(" or ")}; the column holds ${held}` }]);
  }
  return records;
}

export async function importCsv(ctx: TenantContext, input: CsvImportInput): Promise<IngestResult & { kind: string; outcomes?: IngestResult }> {
  // Routers validate already; direct callers (scripts, jobs) get the same field paths.
  const validated = csvImportInput.safeParse(input);
  if (!validated.success) throw new ValidationError("CSV import rejected", zodIssues(validated.error));
  const options = validated.data;
  const { headers, rows } = parseCsv(options.csv);
  const isLeads = options.kind === "leads";
  const outcomeColumn = options.outcomeColumn;
  const { records, issues } = isLeads
    ? convertRows(headers, rows, LEAD_COLUMNS, leadRecord, {
        extraColumnsToAttributes: true,
        skipColumns: new Set(outcomeColumn ? [csvColumnName(outcomeColumn.column)] : []),
        generatedIdPrefix: options.generateIds ? `csv-${createHash("sha256").update(options.csv).digest("hex").slice(0, 10)}` : undefined,
      })
    : convertRows(headers, rows, OUTCOME_COLUMNS, outcomeRecord, { extraColumnsToAttributes: false });
  rejectIfIssues(issues, `${options.kind} CSV`);
  rejectIfIssues(
    duplicateIssues(records as Array<{ externalId: string }>, "rows").map((issue) => ({ ...issue, path: issue.path.replace(/^rows\[(\d+)\]\.externalId$/, (_, i) => rowPath(Number(i), "external_id")) })),
    `${options.kind} CSV`,
  );
  const columnOutcomes = isLeads && outcomeColumn ? outcomesFromColumn(headers, rows, records as LeadInput[], outcomeColumn, new Date()) : [];

  const total: IngestResult = { received: records.length, inserted: 0, updated: 0 };
  const outcomes: IngestResult = { received: columnOutcomes.length, inserted: 0, updated: 0 };
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
      // After every lead is written, so each outcome finds its lead; in the same transaction, so both land or neither.
      for (let start = 0; start < columnOutcomes.length; start += WRITE_CHUNK) {
        const result = await writeOutcomes(tx, ctx.tenantId, columnOutcomes.slice(start, start + WRITE_CHUNK), "rows");
        outcomes.inserted += result.inserted;
        outcomes.updated += result.updated;
      }
      await recordAudit(ctx, tx, {
        action: `import.${options.kind}_csv`,
        details: { ...total, ...(outcomeColumn ? { outcomeColumn: outcomeColumn.column, outcomeKind: outcomeColumn.kind, outcomes: { ...outcomes } } : {}), ...(options.generateIds ? { generatedIds: true } : {}) },
      });
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
  if (!isLeads || columnOutcomes.length > 0) await afterOutcomesIngested(ctx.db, ctx.tenantId);
  return { ...total, kind: options.kind, ...(outcomeColumn ? { outcomes } : {}) };
}
