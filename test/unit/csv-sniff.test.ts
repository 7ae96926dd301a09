/** The CSV sniffer the import form and the import share (server/core/csv-sniff.ts), read against csv-parse. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { detectCsvDelimiter, parseCsvRecords, summarizeCsv } from "../../server/core/csv-sniff";

const SAMPLES: Array<{ name: string; text: string; delimiter: string }> = [
  { name: "commas", text: "external_id,company,plan\nL1,Acme,pro\nL2,Globex,\n", delimiter: "," },
  { name: "semicolons, CRLF and quoted delimiters", text: 'age;job;"marital status";y\r\n58;"technician; senior";married;no\r\n44;admin.;single;yes\r\n', delimiter: ";" },
  { name: "tabs", text: "a\tb\tc\n1\t2\t3\n", delimiter: "\t" },
  { name: "pipes, a doubled quote and a line break inside quotes", text: 'id|note\n1|"said ""hi""\nthen left"\n2|plain\n', delimiter: "|" },
  { name: "a comma file whose text holds semicolons", text: 'id,text\n1,"a; b; c"\n2,"d; e"\n', delimiter: "," },
  { name: "a byte-order mark and blank lines", text: "\uFEFFid,x\n\n1,2\n\n", delimiter: "," },
];

describe("CSV sniffing", () => {
  it.each(SAMPLES)("detects the delimiter and parses as csv-parse does: $name", ({ text, delimiter }) => {
    expect(detectCsvDelimiter(text)).toBe(delimiter);
    const reference = parse(text.replace(/^\uFEFF/, ""), { delimiter, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
    expect(parseCsvRecords(text, delimiter as never)).toEqual(reference);
  });

  it("reads the Bank Marketing file (\";\", quoted headers and values) as csv-parse does, and summarizes its columns", () => {
    const text = gunzipSync(readFileSync(new URL("../fixtures/bank-marketing/bank-full.csv.gz", import.meta.url))).toString("utf8");
    expect(detectCsvDelimiter(text)).toBe(";");
    expect(parseCsvRecords(text, ";")).toEqual(parse(text, { delimiter: ";", skip_empty_lines: true, trim: true }));
    const summary = summarizeCsv(text);
    expect(summary.rows).toBe(45_211);
    const y = summary.columns.find((c) => c.name === "y")!;
    expect(y).toEqual({ name: "y", values: [{ value: "no", count: 39_922 }, { value: "yes", count: 5_289 }], moreValues: false });
    expect(summary.columns.find((c) => c.name === "balance")!.moreValues).toBe(true);
  });
});
