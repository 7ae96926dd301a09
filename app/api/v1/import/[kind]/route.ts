import { apiRoute } from "@/server/api/http-v1";
import { csvImportInput, importCsv } from "@/server/services/csv-import";
import { ValidationError, zodIssues } from "@/server/services/errors";

export const runtime = "nodejs";

/**
 * POST text/csv to /api/v1/import/leads or /api/v1/import/outcomes. A leads file may carry its
 * outcome in a column and have no id column (a dataset in one file):
 *   ?outcome_column=y&outcome_values=yes[,…]&outcome_kind=converted&outcome_at=2026-01-31&generate_ids=true
 */
export const POST = apiRoute("data:write", { kind: "text" }, async (ctx, payload, request) => {
  const url = new URL(request.url);
  const kind = url.pathname.split("/").at(-1);
  const query = url.searchParams;
  const column = query.get("outcome_column");
  const outcomeColumn = column
    ? {
        column,
        values: (query.get("outcome_values") ?? "").split(",").map((v) => v.trim()).filter(Boolean),
        ...(query.get("outcome_kind") ? { kind: query.get("outcome_kind") } : {}),
        ...(query.get("outcome_at") ? { occurredAt: query.get("outcome_at") } : {}),
      }
    : undefined;
  const generateIds = ["1", "true", "yes"].includes((query.get("generate_ids") ?? "").toLowerCase());
  const parsed = csvImportInput.safeParse({ kind, csv: payload, ...(outcomeColumn ? { outcomeColumn } : {}), generateIds });
  if (!parsed.success) throw new ValidationError("CSV import rejected", zodIssues(parsed.error));
  return importCsv(ctx, parsed.data);
});
