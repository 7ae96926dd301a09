/**
 * One prompt, named in the path. Names may contain "/" (folders): send them as they are
 * (/api/v1/prompts/email/cold-open) or percent-encoded (/api/v1/prompts/email%2Fcold-open).
 *
 * GET  /api/v1/prompts/<name>?label=staging | ?version=3 [&var.first_name=Ann…]  resolve (default label production)
 * POST /api/v1/prompts/<name>/versions  { template | config, model?, parameters?, commitMessage?, labels? }
 * POST /api/v1/prompts/<name>/labels    { label, version, reason? }
 *
 * For POST the last path segment is the action and the rest is the name, so a prompt may itself
 * end in "versions" or "labels" (POST …/foo/versions/versions adds a version to "foo/versions").
 */
import { apiRoute } from "@/server/api/http-v1";
import { ValidationError } from "@/server/services/errors";
import {
  createPromptVersion,
  createPromptVersionInput,
  parsePromptRequest,
  resolvePrompt,
  resolvePromptInput,
  setPromptLabel,
  setPromptLabelInput,
} from "@/server/services/prompts";

export const runtime = "nodejs";

const PREFIX = "/api/v1/prompts/";
const VARIABLE_PARAM = "var.";

/** The decoded path segments after /api/v1/prompts/. */
function pathSegments(request: Request): string[] {
  const { pathname } = new URL(request.url);
  const rest = pathname.startsWith(PREFIX) ? pathname.slice(PREFIX.length) : "";
  try {
    return rest.split("/").filter(Boolean).map(decodeURIComponent).join("/").split("/");
  } catch {
    throw new ValidationError("the prompt name in the path is not valid percent-encoding", [{ path: "name", message: "percent-encode the name, or send it as is" }]);
  }
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new ValidationError("the body must be a JSON object", [{ path: "(body)", message: "expected an object" }]);
}

/** GET: the prompt an agent should run, by label (default production) or version, optionally rendered. */
export const GET = apiRoute("prompts:read", { kind: "query" }, (ctx, _query, request) => {
  const params = new URL(request.url).searchParams;
  const variables: Record<string, string> = {};
  for (const [key, value] of params) if (key.startsWith(VARIABLE_PARAM)) variables[key.slice(VARIABLE_PARAM.length)] = value;
  const input = {
    name: pathSegments(request).join("/"),
    label: params.get("label") || undefined,
    version: params.get("version") || undefined,
    variables: Object.keys(variables).length ? variables : undefined,
  };
  return resolvePrompt(ctx, parsePromptRequest(resolvePromptInput, input));
});

/** POST …/versions or …/labels (see above). */
export const POST = apiRoute<unknown>("prompts:write", { kind: "json" }, (ctx, body, request) => {
  const segments = pathSegments(request);
  const action = segments.pop();
  const name = segments.join("/");
  if (action === "versions") return createPromptVersion(ctx, parsePromptRequest(createPromptVersionInput, { ...bodyObject(body), promptId: undefined, name }, "version rejected"));
  if (action === "labels") return setPromptLabel(ctx, parsePromptRequest(setPromptLabelInput, { ...bodyObject(body), promptId: undefined, name }, "label move rejected"));
  throw new ValidationError("unknown prompt action", [{ path: "(path)", message: "POST to /api/v1/prompts/<name>/versions or /api/v1/prompts/<name>/labels" }]);
});
