/**
 * CSV for data people: an RFC 4180 parser (quoted fields, doubled quotes, CRLF, a BOM, a trailing
 * newline) and the training table of a CSV with a named binary target column. Errors name the
 * column or row to fix.
 */
import { inferFeatures } from "./transform";
import type { FeatureRow, FeatureSpec, TrainingSet } from "./types";

export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let sawAny = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    sawAny = true;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        }
        else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      sawAny = false;
    } else field += ch;
  }
  if (quoted) throw new Error("the file ends inside a quoted field (a missing closing quote)");
  if (sawAny || field !== "" || record.length) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === ""));
  if (!nonEmpty.length) throw new Error("the file is empty");
  const [header, ...rows] = nonEmpty;
  return { header: header!.map((h) => h.trim()), rows };
}

const POSITIVE = new Set(["1", "true", "yes", "y", "t"]);
const NEGATIVE = new Set(["0", "false", "no", "n", "f"]);

export function tableFromCsv(text: string, options: { target: string; exclude?: string[]; positive?: string }): TrainingSet & { features: FeatureSpec[]; positiveLabel: string } {
  const { header, rows } = parseCsv(text);
  const target = header.indexOf(options.target);
  if (target < 0) throw new Error(`no column named "${options.target}" (columns: ${header.join(", ")})`);
  const unknown = (options.exclude ?? []).filter((c) => !header.includes(c));
  if (unknown.length) throw new Error(`cannot exclude ${unknown.map((c) => `"${c}"`).join(", ")}: no such column`);
  rows.forEach((row, r) => {
    if (row.length !== header.length) throw new Error(`row ${r + 2} has ${row.length} fields; the header has ${header.length}`);
  });
  const values = [...new Set(rows.map((row) => row[target]!.trim()).filter((v) => v !== ""))].sort();
  if (values.length !== 2) throw new Error(`target "${options.target}" must have exactly two values; it has ${values.length}: ${values.slice(0, 10).join(", ")}${values.length > 10 ? ", …" : ""}`);
  let positive = options.positive;
  if (positive !== undefined && !values.includes(positive)) throw new Error(`positive value "${positive}" is not a value of "${options.target}" (${values.join(", ")})`);
  positive ??= values.find((v) => POSITIVE.has(v.toLowerCase())) ?? (values.every((v) => NEGATIVE.has(v.toLowerCase()) || POSITIVE.has(v.toLowerCase())) ? values[1] : undefined);
  if (positive === undefined) throw new Error(`which value of "${options.target}" is the positive class, ${values[0]} or ${values[1]}? Say it with positive`);
  const keep = header.map((name, j) => ({ name, j })).filter(({ name, j }) => j !== target && !(options.exclude ?? []).includes(name));
  const labeled = rows.filter((row) => row[target]!.trim() !== "");
  const tableRows: FeatureRow[] = labeled.map((row) => Object.fromEntries(keep.map(({ name, j }) => [name, row[j]!.trim() === "" ? null : row[j]!])));
  return { rows: tableRows, labels: labeled.map((row) => (row[target]!.trim() === positive ? 1 : 0)), features: inferFeatures(tableRows), positiveLabel: positive };
}
