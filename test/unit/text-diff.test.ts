import { describe, expect, it } from "vitest";
import { extractVariables, parseJsonText, PROMPT_NAME_PATTERN, renderTemplate } from "../../server/core/prompt-template";
import { diffJson, diffLines, formatUnified, splitLines, stableStringify } from "../../server/core/text-diff";

const lines = (s: string) => s.split("|").join("\n");

// GNU diffutils 3.8 `diff -U<n> --label a --label b` on the same lines — test/reference/text_diff.sh
const GNU: Array<{ name: string; context: number; old: string; new: string; expected: string }> = [
  { name: "one line changed", context: 3, old: "l1|l2|l3|l4|l5|l6|l7|l8|l9|l10", new: "l1|l2|l3|l4|L5|l6|l7|l8|l9|l10", expected: "--- a\n+++ b\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n" },
  { name: "two distant changes", context: 1, old: "head|a|b|c|d|e|f|g|tail", new: "new head|head|a|b|c|d|e|f|g", expected: "--- a\n+++ b\n@@ -1 +1,2 @@\n+new head\n head\n@@ -8,2 +9 @@\n g\n-tail\n" },
  { name: "adjacent windows merge", context: 2, old: "a|b|c|d|e|f|g", new: "a|B|c|d|e|F|g", expected: "--- a\n+++ b\n@@ -1,7 +1,7 @@\n a\n-b\n+B\n c\n d\n e\n-f\n+F\n g\n" },
  { name: "insert only", context: 1, old: "a|b|c|d", new: "a|b|x|y|c|d", expected: "--- a\n+++ b\n@@ -2,2 +2,4 @@\n b\n+x\n+y\n c\n" },
  { name: "delete only", context: 1, old: "a|b|x|y|c|d", new: "a|b|c|d", expected: "--- a\n+++ b\n@@ -2,4 +2,2 @@\n b\n-x\n-y\n c\n" },
  {
    name: "prompt rewrite",
    context: 3,
    old: "You are {{agent}}, an SDR at {{company}}.|Be concise.|Never promise discounts.|Ask one question.|Sign off as {{agent}}.",
    new: "You are {{agent}}, a friendly SDR at {{company}}.|Be concise.|Ask one question.|Mention {{pain_point}} once.|Sign off as {{agent}}.",
    expected:
      "--- a\n+++ b\n@@ -1,5 +1,5 @@\n-You are {{agent}}, an SDR at {{company}}.\n+You are {{agent}}, a friendly SDR at {{company}}.\n Be concise.\n-Never promise discounts.\n Ask one question.\n+Mention {{pain_point}} once.\n Sign off as {{agent}}.\n",
  },
];

/** Applies a diff's lines to rebuild both texts: a diff must account for every line of each side. */
function sides(diff: ReturnType<typeof diffLines>) {
  const all = diff.hunks.flatMap((h) => h.lines);
  return { old: all.filter((l) => l.kind !== "added").map((l) => l.text), new: all.filter((l) => l.kind !== "removed").map((l) => l.text) };
}

/** Length of a longest common subsequence (textbook DP): the minimal diff keeps exactly this many lines. */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

/** Seeded LCG (Numerical Recipes constants) so the random cases are the same on every run. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("diffLines against GNU diff -u", () => {
  it.each(GNU)("$name (-U$context)", ({ context, old, new: next, expected }) => {
    expect(formatUnified(diffLines(lines(old), lines(next), { context }))).toBe(expected);
  });
});

describe("diffLines", () => {
  it("numbers every line on both sides", () => {
    const diff = diffLines("a\nb\nc", "a\nx\nc", { context: Infinity });
    expect(diff).toEqual({
      hunks: [
        {
          oldStart: 1,
          oldLines: 3,
          newStart: 1,
          newLines: 3,
          lines: [
            { kind: "unchanged", text: "a", oldLine: 1, newLine: 1 },
            { kind: "removed", text: "b", oldLine: 2, newLine: null },
            { kind: "added", text: "x", oldLine: null, newLine: 2 },
            { kind: "unchanged", text: "c", oldLine: 3, newLine: 3 },
          ],
        },
      ],
      added: 1,
      removed: 1,
      unchanged: 2,
      identical: false,
      approximate: false,
    });
  });

  it("identical texts have no hunks", () => {
    expect(diffLines("same\ntext", "same\ntext")).toMatchObject({ hunks: [], identical: true, added: 0, removed: 0, unchanged: 2 });
    expect(diffLines("", "")).toMatchObject({ hunks: [], identical: true, unchanged: 0 });
    expect(formatUnified(diffLines("x", "x"))).toBe("");
  });

  it("from and to the empty text (GNU prints -0,0 / +0,0)", () => {
    expect(formatUnified(diffLines("", "a\nb"))).toBe("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    expect(formatUnified(diffLines("a\nb", ""))).toBe("--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n");
  });

  it("normalises CRLF and CR, and shows a trailing newline as an added empty line", () => {
    expect(diffLines("a\r\nb\rc", "a\nb\nc").identical).toBe(true);
    expect(splitLines("a\n")).toEqual(["a", ""]);
    expect(diffLines("a", "a\n")).toMatchObject({ added: 1, removed: 0, identical: false });
  });

  it("context 0 shows only changed lines", () => {
    const diff = diffLines("a\nb\nc\nd", "a\nB\nc\nD", { context: 0 });
    expect(diff.hunks.map((h) => h.lines.map((l) => l.kind))).toEqual([
      ["removed", "added"],
      ["removed", "added"],
    ]);
  });

  it("random edits: both sides rebuilt exactly and the script is minimal (LCS length), seeded", () => {
    const random = lcg(20260301);
    const words = ["a", "b", "c", "d", "e"];
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: Math.floor(random() * 30) }, () => words[Math.floor(random() * words.length)]!);
      const b = a.flatMap((w) => {
        const r = random();
        return r < 0.15 ? [] : r < 0.3 ? [w, words[Math.floor(random() * words.length)]!] : r < 0.4 ? [words[Math.floor(random() * words.length)]!] : [w];
      });
      const diff = diffLines(a.join("\n"), b.join("\n"), { context: Infinity });
      const rebuilt = sides(diff);
      expect(rebuilt.old).toEqual(diff.identical ? [] : a);
      expect(rebuilt.new).toEqual(diff.identical ? [] : b);
      expect(diff.unchanged).toBe(lcsLength(a, b));
      expect(diff.added).toBe(b.length - diff.unchanged);
      expect(diff.removed).toBe(a.length - diff.unchanged);
    }
  });

  it("degenerate input: past maxEditDistance the middle is removed then added, flagged approximate", () => {
    const a = Array.from({ length: 50 }, (_, i) => `old ${i}`);
    const b = Array.from({ length: 50 }, (_, i) => `new ${i}`);
    const diff = diffLines(["same", ...a, "end"].join("\n"), ["same", ...b, "end"].join("\n"), { maxEditDistance: 10, context: Infinity });
    expect(diff).toMatchObject({ approximate: true, added: 50, removed: 50, unchanged: 2 });
    expect(sides(diff).new).toEqual(["same", ...b, "end"]);
    expect(diffLines(a.join("\n"), b.join("\n")).approximate).toBe(false);
  });

  it("a one-line edit of a long prompt stays cheap (prefix and suffix trimmed)", () => {
    const long = Array.from({ length: 50_000 }, (_, i) => `line ${i}`);
    const edited = [...long];
    edited[25_000] = "changed";
    const started = performance.now();
    const diff = diffLines(long.join("\n"), edited.join("\n"));
    expect(diff).toMatchObject({ added: 1, removed: 1, approximate: false });
    expect(diff.hunks).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("diffJson", () => {
  it("ignores key order and diffs by line", () => {
    expect(diffJson({ b: 1, a: { y: 2, x: 1 } }, { a: { x: 1, y: 2 }, b: 1 }).identical).toBe(true);
    const diff = diffJson({ model: "gpt-4o-mini", window: { from: 9, to: 11 } }, { window: { to: 12, from: 9 }, model: "gpt-4o-mini" });
    expect(formatUnified(diff)).toBe('--- a\n+++ b\n@@ -2,6 +2,6 @@\n   "model": "gpt-4o-mini",\n   "window": {\n     "from": 9,\n-    "to": 11\n+    "to": 12\n   }\n }\n');
  });

  it("stable-stringifies nested arrays and keeps a __proto__ key as data", () => {
    expect(stableStringify([{ b: 1, a: 2 }])).toBe('[\n  {\n    "a": 2,\n    "b": 1\n  }\n]');
    expect(stableStringify(JSON.parse('{"__proto__": {"x": 1}, "a": 1}'))).toBe('{\n  "__proto__": {\n    "x": 1\n  },\n  "a": 1\n}');
    expect(stableStringify(undefined)).toBe("");
    expect(diffJson(undefined, ["email", "sms"]).added).toBe(4);
  });
});

describe("prompt templates", () => {
  it("extracts distinct variables in order of appearance, with optional spaces", () => {
    expect(extractVariables("Hi {{first_name}}, {{ company }} and {{first_name}} again; {{not valid}} {{9x}} {{_ok}}")).toEqual(["first_name", "company", "_ok"]);
    expect(extractVariables("no variables")).toEqual([]);
  });

  it("renders in one pass, reports missing ones and leaves them in place", () => {
    expect(renderTemplate("Hi {{name}} from {{ co }}", { name: "Ann {{co}}", co: "Acme", extra: "x" })).toEqual({ text: "Hi Ann {{co}} from Acme", missing: [] });
    expect(renderTemplate("Hi {{name}} {{name}} {{co}}", {})).toEqual({ text: "Hi {{name}} {{name}} {{co}}", missing: ["name", "co"] });
    expect(renderTemplate("{{toString}}", {}).missing).toEqual(["toString"]);
  });

  it("prompt names are URL-safe slugs with folders", () => {
    for (const ok of ["cold-open", "email/cold-open", "a", "v1.2_final", "agents/sdr/system"]) expect(PROMPT_NAME_PATTERN.test(ok)).toBe(true);
    for (const bad of ["Cold", "-x", "a//b", "a/", "/a", "a/../b", "a/./b", "a b", ""]) expect(PROMPT_NAME_PATTERN.test(bad)).toBe(false);
  });

  it("parses JSON editor text with the parser's message", () => {
    expect(parseJsonText('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText("{a: 1}")).toMatchObject({ ok: false });
    expect(parseJsonText("  ")).toEqual({ ok: false, error: "enter a JSON value" });
  });
});
