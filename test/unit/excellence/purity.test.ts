import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIR = fileURLToPath(new URL("../../../server/core/excellence/", import.meta.url));

describe("server/core/excellence boundary", () => {
  it("imports only the pure core: no I/O, Prisma, Next, Node APIs, clock or randomness", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const source = readFileSync(DIR + file, "utf8");
      const specifiers = [...source.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1]);
      for (const s of specifiers) expect(/^\.\/|^\.\.\/(?:stats|patterns\/[\w-]+|records|prompt-template)$/.test(s), `${file} imports ${s}`).toBe(true);
      expect(source, file).not.toMatch(/\brequire\(|process\.|Date\.now|new Date\(\)|Math\.random/);
    }
  });
});
