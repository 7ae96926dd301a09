/**
 * Plain HTTP JSON API for integrations that do not speak tRPC. Thin: authenticate, call the
 * same service as tRPC, map service errors to status codes with field paths.
 */
import type { Permission } from "../core/permissions";
import { getDb } from "../db";
import type { TenantContext } from "../services/context";
import { DomainError, ValidationError } from "../services/errors";
import { resolveTenantAccess, TENANT_HEADER } from "../services/tenant-access";
import { resolveCaller } from "./http-context";

const STATUS: Record<DomainError["code"], number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** Status and JSON body for a thrown error: domain errors say what to fix, anything else is a logged 500. */
export function errorPayload(error: unknown): { status: number; body: { error: { code: string; message: string; issues?: unknown } } } {
  if (error instanceof DomainError) {
    return { status: STATUS[error.code], body: { error: { code: error.code, message: error.message, ...(error instanceof ValidationError ? { issues: error.issues } : {}) } } };
  }
  console.error("[api/v1]", error);
  return { status: 500, body: { error: { code: "INTERNAL_SERVER_ERROR", message: "Internal error; it has been logged" } } };
}

export function errorResponse(error: unknown): Response {
  const { status, body } = errorPayload(error);
  return Response.json(body, { status });
}

type Body = { kind: "json" } | { kind: "text" } | { kind: "query" };

export function apiRoute<T>(permission: Permission, body: Body, handler: (ctx: TenantContext, payload: unknown, request: Request) => Promise<T>) {
  return async (request: Request, routeContext?: unknown): Promise<Response> => {
    try {
      const db = await getDb();
      const tenant = await resolveTenantAccess(db.prisma, await resolveCaller(request.headers), request.headers.get(TENANT_HEADER), permission);
      const length = Number(request.headers.get("content-length") ?? 0);
      if (length > MAX_JSON_BYTES) throw new ValidationError("request body too large", [{ path: "(body)", message: `at most ${MAX_JSON_BYTES / 1024 / 1024} MB per request` }]);
      let payload: unknown;
      if (body.kind === "json") {
        const text = await request.text();
        try {
          payload = JSON.parse(text);
        } catch (error) {
          throw new ValidationError("request body is not valid JSON", [{ path: "(body)", message: (error as Error).message }]);
        }
      } else if (body.kind === "query") {
        payload = Object.fromEntries(new URL(request.url).searchParams.entries());
      } else payload = await request.text();
      const result = await handler(tenant, payload, Object.assign(request, { routeContext }));
      return Response.json(result, { status: 200 });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
