/**
 * What a CSV file looks like before it is imported: its delimiter (public datasets often use ";"
 * or tabs), its header, and the values of its columns. Pure and small enough for the browser, so
 * the import form can offer the file's own columns and values; the server parses the file with
 * csv-parse using the same delimiter.
 */

export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;

/** A header as the import reads it: camelCase and snake_case alike ("leadExternalId" → "lead_external_id"). */
export const csvColumnName = (header: string) => header.trim().replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[\s-]+/g, "_").toLowerCase();
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * Parses CSV text (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks).
 * Fields are trimmed; blank lines are skipped. `maxRows` stops after that many records.
 */
export function parseCsvRecords(text: string, delimiter: CsvDelimiter, maxRows = Infinity): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field.trim());
    if (record.length > 1 || record[0] !== "") records.push(record);
    record = [];
    field = "";
  };
  for (; i < text.length && records.length < maxRows; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === delimiter) {
      record.push(field.trim());
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else field += c;
  }
  if (records.length < maxRows && (field !== "" || record.length > 0)) endRecord();
  return records;
}

/**
 * The delimiter of a CSV file: the candidate that splits the first lines into the same number of
 * fields, more than one, the most often (ties: the order of CSV_DELIMITERS, comma first).
 */
export function detectCsvDelimiter(text: string): CsvDelimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: { delimiter: CsvDelimiter; fields: number } = { delimiter: ",", fields: 1 };
  for (const delimiter of CSV_DELIMITERS) {
    const records = parseCsvRecords(sample, delimiter, 20);
    // A sample cut mid-record: judge by the complete records only.
    const complete = records.length > 1 ? records.slice(0, -1) : records;
    const fields = complete[0]?.length ?? 0;
    if (fields > best.fields && complete.every((r) => r.length === fields)) best = { delimiter, fields };
  }
  return best.delimiter;
}

export interface CsvColumnSummary {
  name: string;
  /** The most common non-empty values with their counts (at most `maxValues`), most common first. */
  values: Array<{ value: string; count: number }>;
  /** More distinct values than were listed. */
  moreValues: boolean;
}

/** Header and per-column value counts of a CSV file, for an import form. */
export function summarizeCsv(text: string, maxValues = 20): { delimiter: CsvDelimiter; rows: number; columns: CsvColumnSummary[] } {
  const delimiter = detectCsvDelimiter(text);
  const [header = [], ...rows] = parseCsvRecords(text, delimiter);
  const counts = header.map(() => new Map<string, number>());
  for (const row of rows) {
    row.forEach((value, col) => {
      const map = counts[col];
      // Past a few hundred distinct values a column is an id or a measure: stop counting it.
      if (!map || value === "" || map.size > 500) return;
      map.set(value, (map.get(value) ?? 0) + 1);
    });
  }
  const columns = header.map((name, col) => {
    const entries = [...counts[col]!.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return { name, values: entries.slice(0, maxValues).map(([value, count]) => ({ value, count })), moreValues: entries.length > maxValues };
  });
  return { delimiter, rows: rows.length, columns };
}
