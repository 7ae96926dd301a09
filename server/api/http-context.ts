/** Builds the tRPC context (and the HTTP API's caller) from a request: session cookie or API key. */
import { getDb } from "../db";
import { getToken } from "next-auth/jwt";
import { authSecret } from "../env";
import { TENANT_HEADER, type Caller } from "../services/tenant-access";
import type { InnerContext } from "./trpc";

export function bearerToken(headers: Headers): string | null {
  const value = headers.get("authorization");
  const match = value ? /^Bearer\s+(.+)$/i.exec(value.trim()) : null;
  return match ? match[1]!.trim() : null;
}

export async function resolveCaller(headers: Headers): Promise<Caller> {
  const key = bearerToken(headers);
  if (key) return { kind: "api_key", key };
  // Read the session from the request's own cookie: works in route handlers and in tests alike.
  // next-auth 4's getToken reads `req.cookies`, never the raw header, so parse it here.
  const token = await getToken({ req: { headers: Object.fromEntries(headers.entries()), cookies: parseCookies(headers.get("cookie")) } as never, secret: authSecret });
  return typeof token?.uid === "string" ? { kind: "session", userId: token.uid } : { kind: "anonymous" };
}

export async function createRequestContext(headers: Headers): Promise<InnerContext> {
  const db = await getDb();
  return { db: db.prisma, caller: await resolveCaller(headers), tenantSelector: headers.get(TENANT_HEADER) };
}

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(/;\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
  }
  return cookies;
}
