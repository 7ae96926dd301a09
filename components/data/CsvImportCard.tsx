"use client";
/**
 * CSV upload of leads or outcomes: the file is read in the browser and sent to ingest.importCsv.
 * A leads file is summarized first (delimiter, columns, their values), so a dataset in one file can
 * name its outcome column and the values that mean the outcome happened, and get ids when it has none.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Callout, Card, Select, SelectItem, Text, Title } from "@tremor/react";
import { useRef, useState, type ChangeEvent } from "react";
import { csvColumnName, summarizeCsv, type CsvColumnSummary } from "@/server/core/csv-sniff";
import { useTRPC } from "@/trpc/react";
import { controlClass, Field } from "../experiments/fields";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatInt } from "../ui/format";

const OUTCOME_KINDS = ["converted", "booked", "showed", "replied"] as const;
/** Values that usually mean "it happened", ticked for the user when a column is chosen. */
const HAPPENED = /^(yes|y|true|1|converted|won|subscribed|purchased)$/i;
const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };

type Kind = "leads" | "outcomes";

const COLUMNS: Record<Kind, { required: string; optional: string }> = {
  leads: { required: "external_id (or ids from the file, below)", optional: "email, name, company, industry, company_size, title, seniority, source, country, timezone, created_at; other columns become attributes, and one may record the outcome" },
  outcomes: { required: "external_id, lead_external_id, kind, occurred_at", optional: "value, touch_external_id, call_external_id" },
};
const MAX_BYTES = 50 * 1024 * 1024;

export function CsvImportCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<Kind>("leads");
  const [file, setFile] = useState<{ name: string; csv: string; rows: number; delimiter: string; columns: CsvColumnSummary[] } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [outcomeColumn, setOutcomeColumn] = useState("");
  const [outcomeValues, setOutcomeValues] = useState<string[]>([]);
  const [outcomeKind, setOutcomeKind] = useState<(typeof OUTCOME_KINDS)[number]>("converted");
  const [generateIds, setGenerateIds] = useState(false);
  const importCsv = useMutation(
    trpc.ingest.importCsv.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.data.pathFilter()),
    }),
  );

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    importCsv.reset();
    setReadError(null);
    setFile(null);
    const chosen = event.target.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setReadError(`${chosen.name} is ${formatInt(chosen.size / 1024 / 1024)} MB; files are limited to 50 MB. Split it and import the parts.`);
      return;
    }
    try {
      const csv = await chosen.text();
      const summary = summarizeCsv(csv);
      setFile({ name: chosen.name, csv, rows: summary.rows, delimiter: summary.delimiter, columns: summary.columns });
      setOutcomeColumn("");
      setOutcomeValues([]);
      setGenerateIds(!summary.columns.some((c) => csvColumnName(c.name) === "external_id"));
    } catch {
      setReadError(`Could not read ${chosen.name}. Check that it is a plain-text CSV file.`);
    }
  }

  function chooseKind(value: string) {
    setKind(value as Kind);
    importCsv.reset();
  }

  function chooseOutcomeColumn(name: string) {
    setOutcomeColumn(name);
    const column = file?.columns.find((c) => c.name === name);
    setOutcomeValues(column ? column.values.filter((v) => HAPPENED.test(v.value)).map((v) => v.value) : []);
  }

  function toggleValue(value: string) {
    setOutcomeValues((values) => (values.includes(value) ? values.filter((v) => v !== value) : [...values, value]));
  }

  const datasetOptions = kind === "leads" && file;
  // Columns with a few values can record an outcome; ids and measures cannot.
  const outcomeCandidates = file?.columns.filter((c) => !c.moreValues && c.values.length >= 2) ?? [];
  const chosenColumn = file?.columns.find((c) => c.name === outcomeColumn);
  const outcomeIncomplete = Boolean(datasetOptions && outcomeColumn && outcomeValues.length === 0);

  function start() {
    if (!file) return;
    if (kind === "outcomes") importCsv.mutate({ kind, csv: file.csv });
    else importCsv.mutate({ kind, csv: file.csv, generateIds, ...(outcomeColumn ? { outcomeColumn: { column: outcomeColumn, values: outcomeValues, kind: outcomeKind } } : {}) });
  }

  return (
    <Card>
      <Title>Import CSV</Title>
      <Text>
        Required columns: <code className="font-mono text-xs">{COLUMNS[kind].required}</code>. Optional: {COLUMNS[kind].optional}. The whole file is checked first; one bad row rejects it, and
        nothing is written.
      </Text>
      <div className="mt-4 flex flex-wrap items-end gap-3">
        <div className="w-40">
          <Select value={kind} onValueChange={chooseKind} enableClear={false} aria-label="CSV kind">
            <SelectItem value="leads">Leads</SelectItem>
            <SelectItem value="outcomes">Outcomes</SelectItem>
          </Select>
        </div>
        <input ref={fileInput} type="file" accept=".csv,text/csv" onChange={onFile} className="hidden" aria-label="CSV file" data-testid="csv-file" />
        <Button variant="secondary" onClick={() => fileInput.current?.click()} disabled={importCsv.isPending}>
          {file ? "Choose another file" : "Choose file"}
        </Button>
        <Button onClick={start} disabled={!file || importCsv.isPending || outcomeIncomplete} loading={importCsv.isPending} loadingText={file ? `Importing ${formatInt(file.rows)} rows…` : "Importing…"}>
          Import {kind}
        </Button>
      </div>
      {file && !importCsv.isPending && !importCsv.data && (
        <p className="mt-2 text-tremor-default text-tremor-content" data-testid="csv-summary">
          {file.name}: {formatInt(file.rows)} data rows, {formatInt(file.columns.length)} columns ({DELIMITER_NAMES[file.delimiter] ?? file.delimiter}-separated), ready to import as {kind}.
        </p>
      )}
      {datasetOptions && (
        <div className="mt-4 grid gap-4 md:grid-cols-3" data-testid="csv-dataset-options">
          <Field label="Outcome column (optional)" hint="A dataset in one file: the column that records whether each lead converted. It becomes outcomes, not an attribute.">
            <select className={controlClass} value={outcomeColumn} onChange={(e) => chooseOutcomeColumn(e.target.value)} data-testid="csv-outcome-column">
              <option value="">None: outcomes come in their own file</option>
              {outcomeCandidates.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          {chosenColumn && (
            <fieldset className="space-y-1" data-testid="csv-outcome-values">
              <legend className="text-tremor-default font-medium text-tremor-content-emphasis">Values that mean it happened</legend>
              {chosenColumn.values.map((v) => (
                <label key={v.value} className="flex items-center gap-2 text-tremor-default text-tremor-content">
                  <input type="checkbox" checked={outcomeValues.includes(v.value)} onChange={() => toggleValue(v.value)} />
                  <span className="font-mono text-xs">{v.value}</span> <span className="text-tremor-label">({formatInt(v.count)} rows)</span>
                </label>
              ))}
              {outcomeIncomplete && <span className="block text-tremor-label text-rose-600">Tick at least one value.</span>}
            </fieldset>
          )}
          {chosenColumn && (
            <Field label="Recorded as" hint="The outcome each ticked row gets (when: the row's created_at, else the import time).">
              <select className={controlClass} value={outcomeKind} onChange={(e) => setOutcomeKind(e.target.value as (typeof OUTCOME_KINDS)[number])} data-testid="csv-outcome-kind">
                {OUTCOME_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <label className="flex items-start gap-2 text-tremor-default text-tremor-content md:col-span-3">
            <input type="checkbox" className="mt-1" checked={generateIds} onChange={(e) => setGenerateIds(e.target.checked)} data-testid="csv-generate-ids" />
            <span>
              The file has no <code className="font-mono text-xs">external_id</code> column: give each row an id from the file and its line number (importing the same file again updates those leads
              rather than adding them twice).
            </span>
          </label>
        </div>
      )}
      {importCsv.isPending && file && (
        <p className="mt-2 text-tremor-default text-tremor-content" role="status">
          Importing {formatInt(file.rows)} rows from {file.name}…
        </p>
      )}
      {readError && (
        <Callout title="Could not use this file" color="rose" className="mt-3">
          {readError}
        </Callout>
      )}
      {importCsv.data && (
        <Callout title="Import finished" color="emerald" className="mt-3" data-testid="csv-result">
          {formatInt(importCsv.data.received)} {importCsv.data.kind} received: {formatInt(importCsv.data.inserted)} inserted, {formatInt(importCsv.data.updated)} updated.
          {importCsv.data.outcomes &&
            ` ${formatInt(importCsv.data.outcomes.received)} outcomes from the outcome column: ${formatInt(importCsv.data.outcomes.inserted)} inserted, ${formatInt(importCsv.data.outcomes.updated)} updated.`}
        </Callout>
      )}
      <ErrorCallout error={importCsv.error} title="Import rejected; nothing was written" />
    </Card>
  );
}
