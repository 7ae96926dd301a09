import { apiRoute } from "@/server/api/http-v1";
import { latestExcellenceReportDocument } from "@/server/services/excellence/report";

export const runtime = "nodejs";

/** GET /api/v1/excellence/report: the latest Excellence Report (seed 002's JSON), as a download. */
export async function GET(request: Request) {
  const response = await apiRoute("excellence:read", { kind: "query" }, (ctx) => latestExcellenceReportDocument(ctx))(request);
  if (response.status !== 200) return response;
  const headers = new Headers(response.headers);
  headers.set("content-disposition", `attachment; filename="excellence-report.json"`);
  return new Response(response.body, { status: 200, headers });
}
