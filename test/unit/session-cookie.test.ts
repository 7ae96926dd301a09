/** The tRPC/HTTP context reads the next-auth session from the request's cookie header. */
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { resolveCaller } from "../../server/api/http-context";
import { authSecret } from "../../server/env";

describe("resolveCaller", () => {
  it("finds the signed-in user in the session cookie", async () => {
    const token = await encode({ token: { uid: "user-123", email: "a@b.test" }, secret: authSecret });
    const headers = new Headers({ cookie: `other=1; next-auth.session-token=${token}; theme=dark` });
    expect(await resolveCaller(headers)).toEqual({ kind: "session", userId: "user-123" });
  });

  it("prefers an API key, and is anonymous without either", async () => {
    expect(await resolveCaller(new Headers({ authorization: "Bearer fw_abc" }))).toEqual({ kind: "api_key", key: "fw_abc" });
    expect(await resolveCaller(new Headers())).toEqual({ kind: "anonymous" });
  });

  it("rejects a cookie signed with another secret", async () => {
    const forged = await encode({ token: { uid: "user-123" }, secret: "some-other-secret-entirely" });
    expect(await resolveCaller(new Headers({ cookie: `next-auth.session-token=${forged}` }))).toEqual({ kind: "anonymous" });
  });
});
