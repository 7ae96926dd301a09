import { apiRoute } from "@/server/api/http-v1";
import { csvImportInput, importCsv } from "@/server/services/csv-import";
import { ValidationError, zodIssues } from "@/server/services/errors";

export const runtime = "nodejs";

/** POST text/csv to /api/v1/import/leads or /api/v1/import/outcomes. */
export const POST = apiRoute("data:write", { kind: "text" }, async (ctx, payload, request) => {
  const kind = new URL(request.url).pathname.split("/").at(-1);
  const parsed = csvImportInput.safeParse({ kind, csv: payload });
  if (!parsed.success) throw new ValidationError("CSV import rejected", zodIssues(parsed.error));
  return importCsv(ctx, parsed.data);
});
