import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIR = fileURLToPath(new URL("../../../server/core/stats/", import.meta.url));

describe("server/core/stats boundary (README.md)", () => {
  it("imports only sibling files and @stdlib distribution functions: no I/O, Prisma or Node APIs", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(DIR + file, "utf8");
      const specifiers = [...source.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1]);
      for (const s of specifiers) expect(s.startsWith("./") || s.startsWith("@stdlib/"), `${file} imports ${s}`).toBe(true);
      expect(source, file).not.toMatch(/\brequire\(|process\.|Date\.now|Math\.random/);
    }
  });
});
