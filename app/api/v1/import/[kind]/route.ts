import { apiRoute } from "@/server/api/http-v1";
import { csvImportInput, importCsv } from "@/server/services/csv-import";
import { ValidationError, zodIssues } from "@/server/services/errors";

export const runtime = "nodejs";

/**
 * POST text/csv to /api/v1/import/leads, /api/v1/import/touches or /api/v1/import/outcomes. A
 * leads or touches file may name its id column (id_column) or have none (generate_ids); a leads
 * file may carry its outcomes in columns (a dataset in one file):
 *   ?outcome_column=y&outcome_values=yes[,…]&outcome_kind=converted&outcome_at=2026-01-31&generate_ids=true
 *   ?id_column=user+id&outcome_column=visit&outcome_values=1&outcome_kind=booked
 *    &outcome_column=conversion&outcome_values=1&outcome_kind=converted&outcome_value_column=&outcome_value_column=spend
 * outcome_values, outcome_kind and outcome_at are given once (for every outcome column) or once
 * per outcome_column, in the same order; outcome_value_column once per outcome_column (empty for
 * none), as a value belongs to one outcome. ignore_columns is comma-separated or repeated.
 */
export const POST = apiRoute("data:write", { kind: "text" }, async (ctx, payload, request) => {
  const url = new URL(request.url);
  const kind = url.pathname.split("/").at(-1);
  const query = url.searchParams;
  const columns = query.getAll("outcome_column");
  const issues: Array<{ path: string; message: string }> = [];
  const perColumn = (name: string, shared = true): Array<string | undefined> => {
    const given = query.getAll(name);
    const sharedOk = shared || columns.length === 1;
    if (given.length > 0 && given.length !== columns.length && !(given.length === 1 && sharedOk))
      issues.push({ path: name, message: `given ${given.length} times for ${columns.length} outcome_column parameters: give it ${sharedOk ? "once, or " : ""}once per outcome column${shared ? "" : " (empty for none)"}` });
    return columns.map((_, i) => (given.length > 1 || !sharedOk ? given[i] : given[0]));
  };
  const [values, kinds, times, valueColumns] = [perColumn("outcome_values"), perColumn("outcome_kind"), perColumn("outcome_at"), perColumn("outcome_value_column", false)];
  if (issues.length) throw new ValidationError("CSV import rejected", issues);
  const outcomeColumns = columns.map((column, i) => ({
    column,
    values: (values[i] ?? "").split(",").map((v) => v.trim()).filter(Boolean),
    ...(kinds[i] ? { kind: kinds[i] } : {}),
    ...(times[i] ? { occurredAt: times[i] } : {}),
    ...(valueColumns[i] ? { valueColumn: valueColumns[i] } : {}),
  }));
  const ignoreColumns = query.getAll("ignore_columns").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  const generateIds = ["1", "true", "yes"].includes((query.get("generate_ids") ?? "").toLowerCase());
  const idColumn = query.get("id_column") ?? undefined;
  const parsed = csvImportInput.safeParse({ kind, csv: payload, outcomeColumns, ignoreColumns, generateIds, ...(idColumn ? { idColumn } : {}) });
  if (!parsed.success) throw new ValidationError("CSV import rejected", zodIssues(parsed.error));
  return importCsv(ctx, parsed.data);
});
