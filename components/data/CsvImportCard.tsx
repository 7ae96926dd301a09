"use client";
/**
 * CSV upload of leads or outcomes: the file is read in the browser and sent to ingest.importCsv.
 * A leads file is summarized first (delimiter, columns, their values), so a dataset in one file can
 * name its outcome columns and the values that mean each outcome happened (with a column of amounts),
 * its id column or get ids when it has none, and leave columns out.
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
const AMOUNT = /^-?[0-9][0-9,]*([.][0-9]+)?$/;
const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };

type Kind = "leads" | "touches" | "outcomes";

const COLUMNS: Record<Kind, { required: string; optional: string }> = {
  leads: { required: "external_id (or another id column, or ids from the file: below)", optional: "email, name, company, industry, company_size, title, seniority, source, country, timezone, created_at; other columns become attributes, and some may record outcomes" },
  touches: {
    required: "external_id (or another id column, or ids from the file: below), lead_external_id, channel (email, sms, linkedin, voice, other), sent_at",
    optional: "subject, body, cta, angle, pain_points (separated by |), prompt_ref, model, cost_usd, sequence_step, replied (yes/no), replied_at; other columns (variant, tone, …) become touch attributes that WHAT compares",
  },
  outcomes: { required: "external_id, lead_external_id, kind, occurred_at", optional: "value, touch_external_id, call_external_id" },
};
const MAX_BYTES = 100 * 1024 * 1024;

/** One outcome column as the form edits it. */
interface OutcomeDraft {
  column: string;
  values: string[];
  kind: (typeof OUTCOME_KINDS)[number];
  valueColumn: string;
}
/** The id source: a column of the file, or ids generated from the file and line number. */
const GENERATED = "(generated)";

export function CsvImportCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<Kind>("leads");
  const [file, setFile] = useState<{ name: string; csv: string; rows: number; delimiter: string; columns: CsvColumnSummary[] } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<OutcomeDraft[]>([]);
  const [idSource, setIdSource] = useState(GENERATED);
  const [ignored, setIgnored] = useState<string[]>([]);
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
      setReadError(`${chosen.name} is ${formatInt(chosen.size / 1024 / 1024)} MB; files are limited to 100 MB. Split it and import the parts.`);
      return;
    }
    try {
      const csv = await chosen.text();
      const summary = summarizeCsv(csv);
      setFile({ name: chosen.name, csv, rows: summary.rows, delimiter: summary.delimiter, columns: summary.columns });
      setOutcomes([]);
      setIgnored([]);
      setIdSource(summary.columns.find((c) => csvColumnName(c.name) === "external_id")?.name ?? GENERATED);
    } catch {
      setReadError(`Could not read ${chosen.name}. Check that it is a plain-text CSV file.`);
    }
  }

  function chooseKind(value: string) {
    setKind(value as Kind);
    importCsv.reset();
  }

  // A column without a name (pandas' index) is left out by the import: nothing to choose for it.
  const columns = file?.columns.filter((c) => c.name.trim() !== "") ?? [];
  // Columns with a few values can record an outcome; ids and measures cannot.
  const outcomeCandidates = columns.filter((c) => !c.moreValues && c.values.length >= 2);
  // Ids: external_id, or a column whose every value (as far as the summary counted) is on one row only.
  const idCandidates = columns.filter((c) => csvColumnName(c.name) === "external_id" || (c.values.every((v) => v.count === 1) && (c.moreValues || c.values.length === file?.rows)));
  // Amounts: columns whose listed values are all numbers.
  const amountCandidates = columns.filter((c) => c.values.length > 0 && c.values.every((v) => AMOUNT.test(v.value)));
  const usedElsewhere = (name: string) => name === idSource || outcomes.some((o) => o.column === name || o.valueColumn === name);

  function updateOutcome(index: number, change: Partial<OutcomeDraft>) {
    setOutcomes((drafts) => drafts.map((draft, i) => (i === index ? { ...draft, ...change } : draft)));
  }

  function chooseOutcomeColumn(index: number, name: string) {
    const column = columns.find((c) => c.name === name);
    updateOutcome(index, { column: name, values: column ? column.values.filter((v) => HAPPENED.test(v.value)).map((v) => v.value) : [] });
    setIgnored((names) => names.filter((n) => n !== name));
  }

  function addOutcome() {
    const taken = new Set(outcomes.map((o) => o.kind));
    setOutcomes((drafts) => [...drafts, { column: "", values: [], kind: OUTCOME_KINDS.find((k) => !taken.has(k)) ?? "converted", valueColumn: "" }]);
  }

  function toggle(list: string[], value: string) {
    return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  }

  // Leads and touches name their ids (or get them) and may leave columns out; only a leads file records outcomes in columns.
  const datasetOptions = kind !== "outcomes" && file;
  const outcomeOptions = kind === "leads";
  const chosenOutcomes = outcomeOptions ? outcomes.filter((o) => o.column !== "") : [];
  const outcomeIncomplete = Boolean(datasetOptions && chosenOutcomes.some((o) => o.values.length === 0));
  const repeatedKind = chosenOutcomes.find((o, i) => chosenOutcomes.findIndex((other) => other.kind === o.kind) !== i)?.kind;

  function start() {
    if (!file) return;
    const ignoreColumns = ignored.filter((name) => !usedElsewhere(name));
    if (kind === "outcomes") importCsv.mutate({ kind, csv: file.csv, ignoreColumns });
    else
      importCsv.mutate({
        kind,
        csv: file.csv,
        ignoreColumns,
        ...(idSource === GENERATED ? { generateIds: true } : csvColumnName(idSource) === "external_id" ? {} : { idColumn: idSource }),
        outcomeColumns: chosenOutcomes.map((o) => ({ column: o.column, values: o.values, kind: o.kind, ...(o.valueColumn ? { valueColumn: o.valueColumn } : {}) })),
      });
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
            <SelectItem value="touches">Touches</SelectItem>
            <SelectItem value="outcomes">Outcomes</SelectItem>
          </Select>
        </div>
        <input ref={fileInput} type="file" accept=".csv,text/csv" onChange={onFile} className="hidden" aria-label="CSV file" data-testid="csv-file" />
        <Button variant="secondary" onClick={() => fileInput.current?.click()} disabled={importCsv.isPending}>
          {file ? "Choose another file" : "Choose file"}
        </Button>
        <Button onClick={start} disabled={!file || importCsv.isPending || outcomeIncomplete || Boolean(repeatedKind)} loading={importCsv.isPending} loadingText={file ? `Importing ${formatInt(file.rows)} rows…` : "Importing…"}>
          Import {kind}
        </Button>
      </div>
      {file && !importCsv.isPending && !importCsv.data && (
        <p className="mt-2 text-tremor-default text-tremor-content" data-testid="csv-summary">
          {file.name}: {formatInt(file.rows)} data rows, {formatInt(file.columns.length)} columns ({DELIMITER_NAMES[file.delimiter] ?? file.delimiter}-separated), ready to import as {kind}.
        </p>
      )}
      {datasetOptions && (
        <div className="mt-4 space-y-4" data-testid="csv-dataset-options">
          <div className="max-w-xl">
          <Field
            label={kind === "touches" ? "Touch ids" : "Lead ids"}
            hint={`The column that holds each ${kind === "touches" ? "touch" : "lead"}'s id, or ids from the file and each row's line (importing the same file again then updates them rather than adding them twice).`}
          >
            <select className={controlClass} value={idSource} onChange={(e) => setIdSource(e.target.value)} data-testid="csv-id-source">
              <option value={GENERATED}>Generated from the file and line number</option>
              {idCandidates.map((c) => (
                <option key={c.name} value={c.name}>
                  Column {c.name}
                </option>
              ))}
            </select>
          </Field>
          </div>
          {outcomeOptions && outcomes.map((draft, index) => {
            const chosen = columns.find((c) => c.name === draft.column);
            return (
              <div key={index} className="grid gap-4 rounded-tremor-default border border-tremor-border p-3 md:grid-cols-4" data-testid="csv-outcome">
                <Field label={`Outcome column ${index + 1}`} hint="A column that records whether each lead reached an outcome. It becomes outcomes, not an attribute.">
                  <select className={controlClass} value={draft.column} onChange={(e) => chooseOutcomeColumn(index, e.target.value)} data-testid="csv-outcome-column">
                    <option value="">Choose a column</option>
                    {outcomeCandidates
                      .filter((c) => c.name === draft.column || !usedElsewhere(c.name))
                      .map((c) => (
                        <option key={c.name} value={c.name}>
                          {c.name}
                        </option>
                      ))}
                  </select>
                </Field>
                {chosen ? (
                  <fieldset className="space-y-1" data-testid="csv-outcome-values">
                    <legend className="text-tremor-default font-medium text-tremor-content-emphasis">Values that mean it happened</legend>
                    {chosen.values.map((v) => (
                      <label key={v.value} className="flex items-center gap-2 text-tremor-default text-tremor-content">
                        <input type="checkbox" checked={draft.values.includes(v.value)} onChange={() => updateOutcome(index, { values: toggle(draft.values, v.value) })} />
                        <span className="font-mono text-xs">{v.value}</span> <span className="text-tremor-label">({formatInt(v.count)} rows)</span>
                      </label>
                    ))}
                    {draft.values.length === 0 && <span className="block text-tremor-label text-rose-600">Tick at least one value.</span>}
                  </fieldset>
                ) : (
                  <div />
                )}
                <Field label="Recorded as" hint="The outcome each ticked row gets (when: the row's created_at, else the import time).">
                  <select className={controlClass} value={draft.kind} onChange={(e) => updateOutcome(index, { kind: e.target.value as (typeof OUTCOME_KINDS)[number] })} data-testid="csv-outcome-kind">
                    {OUTCOME_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {k}
                      </option>
                    ))}
                  </select>
                  {repeatedKind === draft.kind && <span className="block text-tremor-label text-rose-600">Another column already records {draft.kind}.</span>}
                </Field>
                <Field label="Its value (optional)" hint="A column with each outcome's amount (spend, revenue). It is not kept as an attribute.">
                  <select className={controlClass} value={draft.valueColumn} onChange={(e) => updateOutcome(index, { valueColumn: e.target.value })} data-testid="csv-outcome-value-column">
                    <option value="">None</option>
                    {amountCandidates
                      .filter((c) => c.name === draft.valueColumn || !usedElsewhere(c.name))
                      .map((c) => (
                        <option key={c.name} value={c.name}>
                          {c.name}
                        </option>
                      ))}
                  </select>
                  <button type="button" className="mt-2 text-tremor-label text-tremor-content underline" onClick={() => setOutcomes((drafts) => drafts.filter((_, i) => i !== index))}>
                    Remove this outcome column
                  </button>
                </Field>
              </div>
            );
          })}
          {outcomeOptions && outcomes.length < 8 && outcomeCandidates.some((c) => !usedElsewhere(c.name)) && (
            <Button variant="secondary" size="xs" onClick={addOutcome} data-testid="csv-add-outcome">
              {outcomes.length === 0 ? "The file records outcomes in a column" : "Add another outcome column"}
            </Button>
          )}
          <fieldset data-testid="csv-ignore">
            <legend className="text-tremor-default font-medium text-tremor-content-emphasis">Leave out (optional)</legend>
            <p className="text-tremor-label text-tremor-content">
              Every other column becomes a lead attribute. Leave out what is known only after the outcome (a visit, a spend) and row numbers: an attribute that follows from the outcome explains
              nothing.
            </p>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {columns
                .filter((c) => !usedElsewhere(c.name))
                .map((c) => (
                  <label key={c.name} className="flex items-center gap-1 text-tremor-default text-tremor-content">
                    <input type="checkbox" checked={ignored.includes(c.name)} onChange={() => setIgnored((names) => toggle(names, c.name))} />
                    <span className="font-mono text-xs">{c.name}</span>
                  </label>
                ))}
            </div>
          </fieldset>
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
            ` ${formatInt(importCsv.data.outcomes.received)} outcomes from the outcome columns: ${formatInt(importCsv.data.outcomes.inserted)} inserted, ${formatInt(importCsv.data.outcomes.updated)} updated${importCsv.data.outcomes.withdrawn ? `, ${formatInt(importCsv.data.outcomes.withdrawn)} withdrawn (the row no longer records it)` : ""}.`}
          {importCsv.data.columns && (
            <span className="mt-1 block" data-testid="csv-result-columns">
              Attributes: {importCsv.data.columns.attributes.join(", ") || "none"}.
              {importCsv.data.columns.ignored.length > 0 && ` Left out: ${importCsv.data.columns.ignored.map((c) => `${c.column} (${c.reason})`).join("; ")}.`}
            </span>
          )}
        </Callout>
      )}
      <ErrorCallout error={importCsv.error} title="Import rejected; nothing was written" />
    </Card>
  );
}
