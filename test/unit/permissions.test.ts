import { describe, expect, it } from "vitest";
import { canAssignRole, PERMISSIONS, roleAllows, scopesAllow } from "../../server/core/permissions";
import { formatPath } from "../../server/services/errors";

describe("permission table", () => {
  it("ranks roles OWNER > ADMIN > MEMBER > VIEWER", () => {
    expect(roleAllows("VIEWER", "data:read")).toBe(true);
    expect(roleAllows("VIEWER", "data:write")).toBe(false);
    expect(roleAllows("MEMBER", "data:write")).toBe(true);
    expect(roleAllows("MEMBER", "apiKeys:manage")).toBe(false);
    expect(roleAllows("ADMIN", "apiKeys:manage")).toBe(true);
    expect(Object.keys(PERMISSIONS).every((p) => roleAllows("OWNER", p as keyof typeof PERMISSIONS))).toBe(true);
  });

  it("API keys never manage people, keys or settings", () => {
    const all = ["ingest", "read"];
    expect(scopesAllow(all, "data:write")).toBe(true);
    expect(scopesAllow(["read"], "data:write")).toBe(false);
    for (const p of ["members:manage", "apiKeys:manage", "tenant:settings", "audit:read"] as const) expect(scopesAllow(all, p)).toBe(false);
  });

  it("nobody assigns a role above their own", () => {
    expect(canAssignRole("ADMIN", "MEMBER")).toBe(true);
    expect(canAssignRole("ADMIN", "OWNER")).toBe(false);
    expect(canAssignRole("OWNER", "OWNER")).toBe(true);
    expect(canAssignRole("MEMBER", "VIEWER")).toBe(false);
  });
});

describe("formatPath", () => {
  it("writes paths the way a client indexes its payload", () => {
    expect(formatPath(["touches", 17, "channel"])).toBe("touches[17].channel");
    expect(formatPath(["calls", 0, "transcript", 3, "speaker"])).toBe("calls[0].transcript[3].speaker");
    expect(formatPath([])).toBe("(root)");
  });
});
