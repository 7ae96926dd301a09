/**
 * Line diffs between two texts, and between two JSON values, for comparing prompt versions.
 * Pure: no I/O, no request context; safe to import in client components.
 *
 * Algorithm: Myers' O(ND) shortest edit script ("An O(ND) Difference Algorithm and Its
 * Variations", Algorithmica 1986) on the lines left after trimming the common prefix and
 * suffix, so the usual small edit to a long prompt costs O(N). Hunks follow the unified format
 * of GNU diffutils (`diff -U<context>`): line numbers are 1-based, and a side with no lines in a
 * hunk names the line after which the change happens (0 = before the first line).
 *
 * Domain rules:
 * - Line endings are normalised (CRLF and CR become LF) before comparing.
 * - The empty text has no lines; "a" and "a\n" differ by one empty line, so every difference in
 *   the stored text is visible.
 * - Degenerate input: when the minimal edit script would be longer than `maxEditDistance`
 *   lines (very different large texts), the differing middle is reported as removed then
 *   added and `approximate` is true, instead of spending quadratic memory.
 */

export type DiffLineKind = "added" | "removed" | "unchanged";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** 1-based line in the old text; null for an added line. */
  oldLine: number | null;
  /** 1-based line in the new text; null for a removed line. */
  newLine: number | null;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface TextDiff {
  hunks: DiffHunk[];
  added: number;
  removed: number;
  unchanged: number;
  identical: boolean;
  /** True when the texts were too different for an exact minimal script (see maxEditDistance). */
  approximate: boolean;
}

export interface DiffOptions {
  /** Unchanged lines shown around each change; Infinity gives one hunk with every line. */
  context?: number;
  /** Upper bound on the edit script length searched exactly (memory grows with its square). */
  maxEditDistance?: number;
}

export const DIFF_DEFAULTS = { context: 3, maxEditDistance: 2000 } as const;

/** Splits into lines after normalising line endings; "" has no lines. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  return text.replace(/\r\n?/g, "\n").split("\n");
}

/** The line diff of two texts, grouped into hunks with `context` unchanged lines around changes. */
export function diffLines(oldText: string, newText: string, options: DiffOptions = {}): TextDiff {
  const context = Math.max(0, options.context ?? DIFF_DEFAULTS.context);
  const maxEditDistance = Math.max(0, options.maxEditDistance ?? DIFF_DEFAULTS.maxEditDistance);
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const { lines, approximate } = editScript(a, b, maxEditDistance);
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === "added") added++;
    else if (line.kind === "removed") removed++;
  }
  return { hunks: groupHunks(lines, context), added, removed, unchanged: lines.length - added - removed, identical: added === 0 && removed === 0, approximate };
}

/**
 * JSON with object keys sorted at every depth and 2-space indentation, so equal values print
 * equally whatever their key order. `undefined` prints as "" (no lines).
 */
export function stableStringify(value: unknown): string {
  if (value === undefined) return "";
  return JSON.stringify(sortKeys(value), null, 2) ?? "";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    // fromEntries defines own properties, so a "__proto__" key stays data, not a prototype.
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** A line diff of two JSON values (config items, parameters) after stable stringification. */
export function diffJson(oldValue: unknown, newValue: unknown, options: DiffOptions = {}): TextDiff {
  return diffLines(stableStringify(oldValue), stableStringify(newValue), options);
}

/** The diff as unified-format text (what `diff -u` prints), for logs, CLIs and tests. */
export function formatUnified(diff: TextDiff, names: { old?: string; new?: string } = {}): string {
  if (diff.identical) return "";
  const out = [`--- ${names.old ?? "a"}`, `+++ ${names.new ?? "b"}`];
  const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
  for (const hunk of diff.hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`);
    for (const line of hunk.lines) out.push(`${line.kind === "added" ? "+" : line.kind === "removed" ? "-" : " "}${line.text}`);
  }
  return out.join("\n") + "\n";
}

// Edit script -------------------------------------------------------------------------------

type Op = "=" | "-" | "+";

function editScript(a: string[], b: string[], maxEditDistance: number): { lines: DiffLine[]; approximate: boolean } {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);

  let middle = myers(midA, midB, maxEditDistance);
  const approximate = middle === null;
  middle ??= [...midA.map((): Op => "-"), ...midB.map((): Op => "+")];
  const ops: Op[] = [...Array<Op>(prefix).fill("="), ...middle, ...Array<Op>(suffix).fill("=")];

  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === "=") {
      lines.push({ kind: "unchanged", text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (op === "-") {
      lines.push({ kind: "removed", text: a[i]!, oldLine: i + 1, newLine: null });
      i++;
    } else {
      lines.push({ kind: "added", text: b[j]!, oldLine: null, newLine: j + 1 });
      j++;
    }
  }
  return { lines, approximate };
}

/**
 * Myers' greedy forward search with the V array saved per edit distance d, then a backtrack.
 * Saves only the diagonals reachable at each d (2d+3 entries), so memory is O(D²), and gives
 * up (null) past `maxD` edits. Removals come before additions within a change, as in diff -u.
 */
function myers(a: string[], b: string[], maxD: number): Op[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0) return Array<Op>(m).fill("+");
  if (m === 0) return Array<Op>(n).fill("-");
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  v[offset + 1] = 0;
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= Math.min(max, maxD) && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return null;

  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const saved = trace[d]!;
    const at = (k: number) => saved[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push("=");
      x--;
      y--;
    }
    if (d > 0) ops.push(x === prevX ? "+" : "-");
    x = prevX;
    y = prevY;
  }
  ops.reverse();
  return orderRemovalsFirst(ops);
}

/** Within each run of changes, lists removals before additions (same script, diff -u order). */
function orderRemovalsFirst(ops: Op[]): Op[] {
  const out: Op[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i] === "=") {
      out.push("=");
      i++;
      continue;
    }
    let removed = 0;
    let added = 0;
    while (i < ops.length && ops[i] !== "=") {
      if (ops[i] === "-") removed++;
      else added++;
      i++;
    }
    for (let r = 0; r < removed; r++) out.push("-");
    for (let s = 0; s < added; s++) out.push("+");
  }
  return out;
}

// Hunks -------------------------------------------------------------------------------------

function groupHunks(lines: DiffLine[], context: number): DiffHunk[] {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.kind === "unchanged") continue;
    const start = Math.max(0, i - context);
    const end = Math.min(lines.length, i + 1 + context);
    const last = ranges.at(-1);
    // Adjacent or overlapping windows merge into one hunk, as in diff -u.
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }

  const hunks: DiffHunk[] = [];
  let oldBefore = 0;
  let newBefore = 0;
  let cursor = 0;
  for (const [start, end] of ranges) {
    for (; cursor < start; cursor++) {
      if (lines[cursor]!.kind !== "added") oldBefore++;
      if (lines[cursor]!.kind !== "removed") newBefore++;
    }
    const slice = lines.slice(start, end);
    const oldLines = slice.filter((l) => l.kind !== "added").length;
    const newLines = slice.filter((l) => l.kind !== "removed").length;
    hunks.push({ oldStart: oldLines === 0 ? oldBefore : oldBefore + 1, oldLines, newStart: newLines === 0 ? newBefore : newBefore + 1, newLines, lines: slice });
  }
  return hunks;
}
