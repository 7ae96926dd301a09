/**
 * Reading an uploaded CSV in the browser, only to fill the form: the header row (the target and
 * exclude choices), the number of data rows, and the distinct values of each column (up to a cap,
 * for the positive-class choice). The server parses the file again and is the one that decides.
 */

export interface CsvSummary {
  header: string[];
  rows: number;
  /** Per column: up to MAX_DISTINCT + 1 distinct non-empty values (more means "many"). */
  distinct: string[][];
}

export const MAX_DISTINCT = 20;

/** RFC 4180 rows: comma-separated, double-quoted fields may hold commas, quotes ("") and newlines. */
export function* csvRows(text: string): Generator<string[]> {
  let field = "";
  let row: string[] = [];
  let quoted = false;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  for (; i < n; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      field = "";
      if (row.length > 1 || row[0] !== "") yield row;
      row = [];
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    if (row.length > 1 || row[0] !== "") yield row;
  }
}

export function summarizeCsv(text: string): CsvSummary {
  let header: string[] | null = null;
  let sets: Array<Set<string>> = [];
  let rows = 0;
  for (const row of csvRows(text)) {
    if (!header) {
      header = row.map((h) => h.trim());
      sets = header.map(() => new Set<string>());
      continue;
    }
    rows++;
    for (let c = 0; c < sets.length; c++) {
      const set = sets[c]!;
      if (set.size > MAX_DISTINCT) continue;
      const value = (row[c] ?? "").trim();
      if (value !== "") set.add(value);
    }
  }
  return { header: header ?? [], rows, distinct: sets.map((s) => [...s].sort()) };
}

/** A first guess at the target column: a conventional name, else none. */
export function guessTarget(header: string[]): string {
  const names = ["target", "label", "y", "outcome", "converted", "churn", "churned", "class"];
  return header.find((h) => names.includes(h.toLowerCase())) ?? "";
}

/** Columns that look like row ids, excluded by default: an id carries no signal and invites overfitting. */
export function guessExcluded(header: string[]): string[] {
  return header.filter((h) => /^(id|.*_id|uuid|row|index)$/i.test(h));
}
