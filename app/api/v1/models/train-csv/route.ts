import { apiRoute } from "@/server/api/http-v1";
import { ValidationError, zodIssues } from "@/server/services/errors";
import { csvTrainInput, trainFromCsv } from "@/server/services/models/csv";

export const runtime = "nodejs";

const list = (value: string | null) => (value ? value.split(",").map((s) => s.trim()).filter(Boolean) : undefined);

/**
 * POST /api/v1/models/train-csv?target=y&exclude=id,duration&folds=5[&positive=yes][&families=gbdt,mlp]
 * with the CSV as the body: cross-validates, trains and registers a candidate under csv:<target>.
 */
export const POST = apiRoute("models:train", { kind: "text" }, (ctx, payload, request) => {
  const params = new URL(request.url).searchParams;
  const parsed = csvTrainInput.safeParse({
    csv: payload,
    fileName: params.get("fileName") ?? undefined,
    target: params.get("target") ?? "",
    exclude: list(params.get("exclude")) ?? [],
    positive: params.get("positive") ?? undefined,
    folds: params.get("folds") ? Number(params.get("folds")) : undefined,
    families: list(params.get("families")),
    seed: params.get("seed") ? Number(params.get("seed")) : undefined,
  });
  if (!parsed.success) throw new ValidationError("request rejected", zodIssues(parsed.error));
  return trainFromCsv(ctx, parsed.data);
});
