/**
 * CSV import of leads, touches and outcomes (UI upload, HTTP and CLI). Headers may be camelCase or
 * snake_case; unknown lead and touch columns become attributes (numbers where the whole column is
 * numeric: a touch's `variant` or `tone` is then compared by WHAT). The delimiter (",", ";", tab or
 * "|") is detected. Dates may carry an offset ("2026-03-01T14:05:00+01:00"); without one
 * ("2026-03-01 14:05", "2026-03-01") they are read in the tenant's time zone, as exports write them.
 * The whole file is validated first and written in one transaction: a bad row rejects the file,
 * naming its line and column.
 *
 * A dataset in one file (a public marketing dataset, a CRM export with a "converted" column) imports
 * as leads with these options:
 * - `outcomeColumns`: the columns that record outcomes, each with the values that mean it happened
 *   and the outcome kind it records (a "visit" column as booked, a "conversion" column as
 *   converted), optionally the column holding the outcome's value (spend, revenue). Each matching
 *   row gets an outcome, id "<lead id>:<kind>"; a row with another value has none (an import of a
 *   corrected file withdraws the one an earlier import recorded; an empty cell leaves it as it is).
 *   None of these columns is kept as an attribute: an outcome column would explain itself, and a
 *   value is known only after the outcome.
 * - `idColumn`: the column that holds each lead's id when it is not called external_id ("user id",
 *   "customerID"); `generateIds` instead gives a file without ids ids from its content hash and line
 *   number, so importing the same file again updates rather than duplicates.
 * - `ignoreColumns`: columns kept out of the import (another outcome, a row number). A column
 *   without a name (the index pandas writes) is always left out.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { csvColumnName, detectCsvDelimiter } from "../core/csv-sniff";
import { OUTCOME_KINDS } from "../core/records";
import { recordAudit } from "./audit";
import { columnOf, COLUMNS, convertRows, planColumns, RECORD_SCHEMAS, rowPath } from "./csv-columns";
import { afterOutcomesIngested } from "./outcome-hooks";
import type { TenantContext } from "./context";
import { ValidationError, zodIssues, type FieldIssue } from "./errors";
import { duplicateIssues, rejectIfIssues, writeLeads, writeOutcomes, writeTouches, type IngestResult } from "./ingest";
import { outcomeRecord, type LeadInput, type OutcomeInput, type TouchInput } from "./ingest/schemas";

/** Kaggle's marketing A/B file has 588,101 rows: a public dataset must fit in one file. */
export const MAX_CSV_ROWS = 1_000_000;
export const MAX_CSV_BYTES = 100 * 1024 * 1024;
const WRITE_CHUNK = 5_000;

const columnName = z.string().trim().min(1).max(200);
const outcomeColumnSpec = z.object({
  column: columnName,
  values: z.array(z.string().trim().min(1).max(200)).min(1, "name at least one value that means the outcome happened").max(50),
  kind: z.enum(OUTCOME_KINDS).default("converted"),
  /** When the outcomes happened; default: each row's created_at, else the time of the import. */
  occurredAt: z.coerce.date().optional(),
  /** The column holding each outcome's value (spend, revenue): a number, or empty, on the rows that record it. */
  valueColumn: columnName.optional(),
});
export type OutcomeColumnSpec = z.infer<typeof outcomeColumnSpec>;

export const csvImportInput = z
  .object({
    kind: z.enum(["leads", "touches", "outcomes"]),
    csv: z.string().max(MAX_CSV_BYTES, "CSV files are limited to 100 MB"),
    /** Leads only: the columns that record outcomes (see the file comment). */
    outcomeColumns: z.array(outcomeColumnSpec).max(8, "at most 8 outcome columns").default([]),
    /** Leads and touches: the column holding each record's id, when it is not called external_id. */
    idColumn: columnName.optional(),
    /** Columns left out of the import: neither fields nor attributes. */
    ignoreColumns: z.array(columnName).max(1000).default([]),
    /** Leads and touches: the file has no id column; ids are "<content hash>-<line>". */
    generateIds: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    if (input.kind !== "leads" && input.outcomeColumns.length > 0) ctx.addIssue({ code: "custom", path: ["outcomeColumns"], message: `outcome columns are read from a leads file; import ${input.kind} files as they are` });
    if (input.kind === "outcomes") {
      if (input.generateIds) ctx.addIssue({ code: "custom", path: ["generateIds"], message: "generated ids are for leads and touches files; outcomes must name their own and their lead's ids" });
      if (input.idColumn) ctx.addIssue({ code: "custom", path: ["idColumn"], message: "an outcomes file names its ids in external_id and lead_external_id" });
      return;
    }
    if (input.idColumn && input.generateIds) ctx.addIssue({ code: "custom", path: ["idColumn"], message: "choose one: ids from a column of the file, or generated ids" });
    input.outcomeColumns.forEach((spec, i) => {
      const earlier = input.outcomeColumns.findIndex((other) => other.kind === spec.kind);
      if (earlier < i) ctx.addIssue({ code: "custom", path: ["outcomeColumns", i, "kind"], message: `"${spec.kind}" is already recorded by column "${input.outcomeColumns[earlier]!.column}": each outcome kind comes from one column` });
    });
  });
export type CsvImportInput = z.input<typeof csvImportInput>;

export interface CsvImportResult extends IngestResult {
  kind: "leads" | "touches" | "outcomes";
  /** Outcomes recorded from the outcome columns, when any were named; `withdrawn`: those an earlier import recorded for rows that no longer have the value. */
  outcomes?: IngestResult & { withdrawn: number };
  /** Leads and touches files: the columns kept as attributes, and those left out (with why). */
  columns?: { attributes: string[]; ignored: Array<{ column: string; reason: string }> };
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
  if (rows.length > MAX_CSV_ROWS) throw new ValidationError("CSV too large", [{ path: "csv", message: `at most ${MAX_CSV_ROWS.toLocaleString("en-US")} rows per file; split the file` }]);
  return { headers: headers!, rows };
}


/**
 * The outcomes a leads file records in one outcome column (see the file comment): one per row whose
 * value is one of the given values (any case), or a clear error when no row has such a value
 * (naming the values the column does hold). `withdrawn`: the ids of the outcomes rows with another
 * (non-empty) value would have had, so that a corrected file, imported again, takes back an outcome
 * an earlier version recorded.
 */
function outcomesFromColumn(headers: string[], rows: string[][], leads: LeadInput[], spec: OutcomeColumnSpec, index: number, importedAt: Date) {
  const normalized = headers.map(csvColumnName);
  const column = normalized.indexOf(csvColumnName(spec.column));
  const valueColumn = spec.valueColumn ? normalized.indexOf(csvColumnName(spec.valueColumn)) : -1;
  const wanted = new Set(spec.values.map((v) => v.toLowerCase()));
  const records: OutcomeInput[] = [];
  const withdrawn: string[] = [];
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, line) => {
    const raw = row[column] ?? "";
    seen.set(raw, (seen.get(raw) ?? 0) + 1);
    const lead = leads[line]!;
    if (!wanted.has(raw.toLowerCase())) {
      if (raw !== "") withdrawn.push(`${lead.externalId}:${spec.kind}`);
      return;
    }
    const occurredAt = spec.occurredAt ?? (lead.createdAt ? new Date(lead.createdAt) : importedAt);
    const rawValue = valueColumn >= 0 ? (row[valueColumn] ?? "") : "";
    const value = rawValue === "" ? undefined : Number(rawValue.replace(/,/g, ""));
    if (value !== undefined && !Number.isFinite(value)) {
      issues.push({ path: rowPath(line, spec.valueColumn!), message: `"${rawValue}" is not a number (the value of ${spec.kind})` });
      return;
    }
    const parsed = outcomeRecord.safeParse({ externalId: `${lead.externalId}:${spec.kind}`, leadExternalId: lead.externalId, kind: spec.kind, occurredAt: occurredAt.toISOString(), ...(value !== undefined ? { value } : {}) });
    if (parsed.success) records.push(parsed.data);
    else issues.push(...parsed.error.issues.map((issue) => ({ path: rowPath(line, spec.column), message: `its outcome cannot be recorded: ${String(issue.path[0] ?? "")} ${issue.message}` })));
  });
  rejectIfIssues(issues, "leads CSV");
  if (records.length === 0) {
    const held = [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([value, count]) => `"${value}" (${count})`).join(", ");
    throw new ValidationError("No row records the outcome", [{ path: `outcomeColumns[${index}].values`, message: `no row has ${spec.column} = ${spec.values.map((v) => `"${v}"`).join(" or ")}; the column holds ${held}` }]);
  }
  return { records, withdrawn };
}

export async function importCsv(ctx: TenantContext, input: CsvImportInput): Promise<CsvImportResult> {
  // Routers validate already; direct callers (scripts, jobs) get the same field paths.
  const validated = csvImportInput.safeParse(input);
  if (!validated.success) throw new ValidationError("CSV import rejected", zodIssues(validated.error));
  const options = validated.data;
  const { headers, rows } = parseCsv(options.csv);
  const isLeads = options.kind === "leads";
  const hasAttributes = options.kind !== "outcomes";
  const plan = planColumns(headers, COLUMNS[options.kind], options, hasAttributes);
  // Local dates are the tenant's (the file comment); read before the write transaction (PGlite has one connection).
  const { timezone } = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timezone: true } });
  const { records, issues } = convertRows(plan, rows, RECORD_SCHEMAS[options.kind] as z.ZodType<LeadInput | TouchInput | OutcomeInput>, {
    extraColumnsToAttributes: hasAttributes,
    generatedIdPrefix: options.generateIds ? `csv-${createHash("sha256").update(options.csv).digest("hex").slice(0, 10)}` : undefined,
    timezone,
  });
  rejectIfIssues(issues, `${options.kind} CSV`);
  rejectIfIssues(
    duplicateIssues(records as Array<{ externalId: string }>, "rows").map((issue) => ({ ...issue, path: issue.path.replace(/^rows\[(\d+)\]\.externalId$/, (_, i) => rowPath(Number(i), columnOf(plan, "externalId"))) })),
    `${options.kind} CSV`,
  );
  const importedAt = new Date();
  const fromColumns = isLeads ? options.outcomeColumns.map((spec, i) => outcomesFromColumn(headers, rows, records as LeadInput[], spec, i, importedAt)) : [];
  const columnOutcomes = fromColumns.flatMap((c) => c.records);
  const withdrawn = fromColumns.flatMap((c) => c.withdrawn);

  const total: IngestResult = { received: records.length, inserted: 0, updated: 0 };
  const outcomes: IngestResult & { withdrawn: number } = { received: columnOutcomes.length, inserted: 0, updated: 0, withdrawn: 0 };
  await ctx.db.$transaction(
    async (tx) => {
      for (let start = 0; start < records.length; start += WRITE_CHUNK) {
        const chunk = records.slice(start, start + WRITE_CHUNK);
        let result: IngestResult;
        try {
          result =
            options.kind === "leads"
              ? await writeLeads(tx, ctx.tenantId, chunk as LeadInput[])
              : options.kind === "touches"
                ? await writeTouches(tx, ctx.tenantId, chunk as TouchInput[], "rows")
                : await writeOutcomes(tx, ctx.tenantId, chunk as OutcomeInput[], "rows");
        } catch (error) {
          if (error instanceof ValidationError) {
            const rebased = error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^rows\[(\d+)\]\.(\w+)$/, (_, i, field) => rowPath(start + Number(i), columnOf(plan, field))) }));
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
      for (let start = 0; start < withdrawn.length; start += WRITE_CHUNK) {
        outcomes.withdrawn += await tx.$executeRawUnsafe(
          `DELETE FROM outcomes WHERE tenant_id = $1::uuid AND external_id = ANY($2::text[])`,
          ctx.tenantId,
          withdrawn.slice(start, start + WRITE_CHUNK),
        );
      }
      await recordAudit(ctx, tx, {
        action: `import.${options.kind}_csv`,
        details: {
          ...total,
          ...(options.outcomeColumns.length ? { outcomeColumns: options.outcomeColumns.map((spec) => ({ column: spec.column, kind: spec.kind, ...(spec.valueColumn ? { valueColumn: spec.valueColumn } : {}) })), outcomes: { ...outcomes } } : {}),
          ...(options.idColumn ? { idColumn: options.idColumn } : {}),
          ...(options.generateIds ? { generatedIds: true } : {}),
          ...(plan.ignored.length ? { ignoredColumns: plan.ignored.map((c) => c.column) } : {}),
        },
      });
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
  if (options.kind === "outcomes" || columnOutcomes.length > 0 || outcomes.withdrawn > 0) await afterOutcomesIngested(ctx.db, ctx.tenantId);
  const attributes = plan.names.filter((name, col): name is string => name !== null && !plan.fields[col]);
  return {
    ...total,
    kind: options.kind,
    ...(options.outcomeColumns.length ? { outcomes } : {}),
    ...(hasAttributes ? { columns: { attributes, ignored: plan.ignored } } : {}),
  };
}
