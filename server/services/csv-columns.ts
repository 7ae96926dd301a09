/**
 * How a CSV file's columns become records (server/services/csv-import.ts): which column is which
 * field, what each cell's text becomes (numbers, dates, yes/no, lists), and which columns are left
 * out and why. Errors name the line and the column as written in the file.
 */
import type { z } from "zod";
import { csvColumnName } from "../core/csv-sniff";
import { NUMERIC_TEXT } from "../core/patterns/who";
import { zoneClock } from "../core/simulator/time";
import { ValidationError, type FieldIssue } from "./errors";
import { rejectIfIssues } from "./ingest";
import { leadRecord, outcomeRecord, touchRecord, type LeadInput, type OutcomeInput, type TouchInput } from "./ingest/schemas";

export type CsvKind = "leads" | "touches" | "outcomes";

/** What the user said about the file's columns (the import options that name columns). */
export interface ColumnChoices {
  kind: CsvKind;
  outcomeColumns: ReadonlyArray<{ column: string; kind: string; valueColumn?: string }>;
  idColumn?: string;
  ignoreColumns: readonly string[];
  generateIds: boolean;
}

/**
 * How a column's text becomes a field: as written; a whole number; a number; a date-time
 * (csvDateTime); a yes/no; a lower-cased name (an enum: "Email", "BOOKED"); a "|"-separated list.
 */
type ColumnType = "text" | "int" | "float" | "datetime" | "boolean" | "name" | "list";
type ColumnSpec = { field: string; type: ColumnType };

const LEAD_COLUMNS: Record<string, ColumnSpec & { field: keyof LeadInput }> = {
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
  created_at: { field: "createdAt", type: "datetime" },
};
const TOUCH_COLUMNS: Record<string, ColumnSpec & { field: keyof TouchInput }> = {
  external_id: { field: "externalId", type: "text" },
  lead_external_id: { field: "leadExternalId", type: "text" },
  channel: { field: "channel", type: "name" },
  sent_at: { field: "sentAt", type: "datetime" },
  subject: { field: "subject", type: "text" },
  body: { field: "body", type: "text" },
  cta: { field: "cta", type: "text" },
  angle: { field: "angle", type: "text" },
  pain_points: { field: "painPoints", type: "list" },
  prompt_ref: { field: "promptRef", type: "text" },
  model: { field: "model", type: "text" },
  cost_usd: { field: "costUsd", type: "float" },
  sequence_step: { field: "sequenceStep", type: "int" },
  replied: { field: "replied", type: "boolean" },
  replied_at: { field: "repliedAt", type: "datetime" },
};
const OUTCOME_COLUMNS: Record<string, ColumnSpec & { field: keyof OutcomeInput }> = {
  external_id: { field: "externalId", type: "text" },
  lead_external_id: { field: "leadExternalId", type: "text" },
  kind: { field: "kind", type: "name" },
  occurred_at: { field: "occurredAt", type: "datetime" },
  value: { field: "value", type: "float" },
  touch_external_id: { field: "touchExternalId", type: "text" },
  call_external_id: { field: "callExternalId", type: "text" },
};
export const COLUMNS = { leads: LEAD_COLUMNS, touches: TOUCH_COLUMNS, outcomes: OUTCOME_COLUMNS } as const;
export const RECORD_SCHEMAS = { leads: leadRecord, touches: touchRecord, outcomes: outcomeRecord } as const;

/**
 * Extra (attribute) columns whose every non-empty value is a plain decimal (NUMERIC_TEXT, the rule
 * WHO reads numbers by; "00501" is a code and stays text): stored as numbers, so analysis bins
 * them instead of listing each value.
 */
function numericColumns(plan: ColumnPlan, rows: string[][]): Set<number> {
  const numeric = new Set<number>();
  plan.names.forEach((name, col) => {
    if (name === null || plan.fields[col]) return;
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

/** Line numbers count the header as line 1, as spreadsheet users see them. */
export const rowPath = (index: number, column: string) => `line ${index + 2}, column ${column}`;

/**
 * What each column of the file becomes: `names[i]` is column i's import name (a field, else an
 * attribute), null when it is left out (read for an outcome, ignored, or unnamed); `fields[i]` is
 * its field when it has one. Errors name the option that points at a column the file lacks.
 */
export interface ColumnPlan {
  /** The header as written, for messages: users look for it in their file. */
  headers: string[];
  names: Array<string | null>;
  fields: Array<ColumnSpec | null>;
  ignored: Array<{ column: string; reason: string }>;
}

export function planColumns(headers: string[], columns: Record<string, ColumnSpec>, options: ColumnChoices, extraColumnsToAttributes: boolean): ColumnPlan {
  const normalized = headers.map(csvColumnName);
  const issues: FieldIssue[] = [];
  const listed = `its columns are ${headers.map((h) => (h === "" ? "(unnamed)" : `"${h}"`)).join(", ")}`;
  const find = (name: string, path: string): number => {
    const index = normalized.indexOf(csvColumnName(name));
    if (index < 0) issues.push({ path, message: `no column "${name}" in the file; ${listed}` });
    return index;
  };
  const leftOut = new Map<number, string>();
  normalized.forEach((name, col) => {
    if (name === "") leftOut.set(col, "no name (a row number, as pandas writes its index)");
  });
  options.ignoreColumns.forEach((name, i) => {
    const col = find(name, `ignoreColumns[${i}]`);
    if (col >= 0) leftOut.set(col, "ignored on import");
  });
  options.outcomeColumns.forEach((spec, i) => {
    const col = find(spec.column, `outcomeColumns[${i}].column`);
    if (col >= 0) {
      if (leftOut.get(col) === "ignored on import") issues.push({ path: `outcomeColumns[${i}].column`, message: `"${spec.column}" is both an outcome column and ignored` });
      leftOut.set(col, `records ${spec.kind}`);
    }
    if (spec.valueColumn) {
      const valueCol = find(spec.valueColumn, `outcomeColumns[${i}].valueColumn`);
      if (valueCol >= 0) leftOut.set(valueCol, `the value of ${spec.kind}`);
    }
  });
  const names: Array<string | null> = normalized.map((name, col) => (leftOut.has(col) ? null : name));
  if (options.idColumn) {
    const col = find(options.idColumn, "idColumn");
    if (col >= 0) {
      const elsewhere = names.findIndex((name, other) => name === "external_id" && other !== col);
      if (leftOut.has(col)) issues.push({ path: "idColumn", message: `"${options.idColumn}" is also named as an outcome, value or ignored column` });
      else if (elsewhere >= 0) issues.push({ path: "idColumn", message: `the file already has an external_id column; import without idColumn, or ignore "${headers[elsewhere]}"` });
      else names[col] = "external_id";
    }
  }
  rejectIfIssues(issues, "CSV import");

  if (options.generateIds && names.includes("external_id"))
    throw new ValidationError("CSV has its own ids", [{ path: "header.external_id", message: "the file has an external_id column: import it without generated ids, so its rows keep their own" }]);
  const required = Object.entries(columns)
    .filter(([, c]) => ["externalId", "leadExternalId", "kind", "occurredAt", "channel", "sentAt"].includes(c.field) && !(options.generateIds && c.field === "externalId"))
    .map(([name]) => name);
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length > 0)
    throw new ValidationError(
      "CSV is missing required columns",
      missing.map((name) => ({
        path: `header.${name}`,
        message:
          name === "external_id" && extraColumnsToAttributes
            ? `column "external_id" is required: name the column that holds each ${options.kind === "touches" ? "touch" : "lead"}'s id (idColumn), or import with generated ids`
            : `column "${name}" is required`,
      })),
    );
  const seen = new Map<string, number>();
  const duplicates: FieldIssue[] = [];
  names.forEach((name, col) => {
    if (name === null) return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, col);
    else duplicates.push({ path: `header.${name}`, message: `columns "${headers[first]}" and "${headers[col]}" are both read as "${name}"; rename or ignore one` });
  });
  rejectIfIssues(duplicates, "CSV header");
  const unknown = names.filter((name): name is string => name !== null && !columns[name]);
  if (!extraColumnsToAttributes && unknown.length > 0)
    throw new ValidationError("CSV has unknown columns", unknown.map((name) => ({ path: `header.${name}`, message: `unknown column; expected one of ${Object.keys(columns).join(", ")} (or ignore it)` })));
  return {
    headers,
    names,
    fields: names.map((name) => (name === null ? null : (columns[name] ?? null))),
    ignored: [...leftOut.entries()].sort((a, b) => a[0] - b[0]).map(([col, reason]) => ({ column: headers[col] === "" ? `(column ${col + 1}, unnamed)` : headers[col]!, reason })),
  };
}

const YES = new Set(["true", "yes", "y", "1"]);
const NO = new Set(["false", "no", "n", "0"]);
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * A date-time as the schemas take it (ISO 8601 with an offset). One with an offset is kept as
 * written; a local one ("2026-03-01 14:05", "2026-03-01") is read in `timezone`. Anything else is
 * left for the schema to reject with its message.
 */
export function csvDateTime(raw: string, timezone: string): string {
  const m = LOCAL_DATE_TIME.exec(raw);
  if (!m) return raw;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((m[7] ?? "0").padEnd(3, "0"));
  const local = Date.UTC(year!, month! - 1, day!, hour, minute, second, millis);
  const instant = new Date(zoneClock(timezone).toUtc(local));
  return Number.isNaN(instant.getTime()) || new Date(local).getUTCDate() !== day ? raw : instant.toISOString();
}

/** A field's value from its cell, or the message naming what the cell should have been. */
function fieldValue(raw: string, type: ColumnType, timezone: string): { value: unknown } | { error: string } {
  switch (type) {
    case "text":
      return { value: raw };
    case "name":
      return { value: raw.toLowerCase() };
    case "datetime":
      return { value: csvDateTime(raw, timezone) };
    case "list":
      return { value: raw.split("|").map((item) => item.trim()).filter(Boolean) };
    case "boolean": {
      const lower = raw.toLowerCase();
      return YES.has(lower) ? { value: true } : NO.has(lower) ? { value: false } : { error: `"${raw}" is not yes or no (true/false, yes/no, 1/0)` };
    }
    default: {
      const value = Number(raw.replace(/,/g, ""));
      return !Number.isFinite(value) || (type === "int" && !Number.isInteger(value)) ? { error: `"${raw}" is not ${type === "int" ? "a whole number" : "a number"}` } : { value };
    }
  }
}

export function convertRows<T>(
  plan: ColumnPlan,
  rows: string[][],
  schema: z.ZodType<T>,
  { extraColumnsToAttributes, generatedIdPrefix, timezone }: { extraColumnsToAttributes: boolean; generatedIdPrefix?: string; timezone: string },
): { records: T[]; issues: FieldIssue[] } {
  const records: T[] = [];
  const issues: FieldIssue[] = [];
  const numeric = extraColumnsToAttributes ? numericColumns(plan, rows) : new Set<number>();
  rows.forEach((row, index) => {
    const record: Record<string, unknown> = generatedIdPrefix ? { externalId: `${generatedIdPrefix}-${index + 2}` } : {};
    const attributes: Record<string, string | number> = {};
    plan.names.forEach((name, col) => {
      const raw = row[col] ?? "";
      if (raw === "" || name === null) return;
      const column = plan.fields[col];
      if (!column) {
        attributes[name] = numeric.has(col) ? Number(raw) : raw;
        return;
      }
      const converted = fieldValue(raw, column.type, timezone);
      if ("error" in converted) issues.push({ path: rowPath(index, plan.headers[col]!), message: converted.error });
      else record[column.field] = converted.value;
    });
    if (extraColumnsToAttributes && Object.keys(attributes).length > 0) record.attributes = attributes;
    const parsed = schema.safeParse(record);
    if (parsed.success) records.push(parsed.data);
    else for (const issue of parsed.error.issues) issues.push({ path: rowPath(index, columnOf(plan, String(issue.path[0] ?? ""))), message: issue.message });
  });
  return { records, issues };
}

/** The header of the column read into `field`, as written in the file. */
export function columnOf(plan: ColumnPlan, field: string) {
  const col = plan.fields.findIndex((c) => c?.field === field);
  return col >= 0 ? plan.headers[col]! : field;
}
