"use client";
/** CSV upload of leads or outcomes: the file is read in the browser and sent to ingest.importCsv. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Callout, Card, Select, SelectItem, Text, Title } from "@tremor/react";
import { useRef, useState, type ChangeEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatInt } from "../ui/format";

type Kind = "leads" | "outcomes";

const COLUMNS: Record<Kind, { required: string; optional: string }> = {
  leads: { required: "external_id", optional: "email, name, company, industry, company_size, title, seniority, source, country, timezone, created_at; other columns become attributes" },
  outcomes: { required: "external_id, lead_external_id, kind, occurred_at", optional: "value, touch_external_id, call_external_id" },
};
const MAX_BYTES = 50 * 1024 * 1024;

/** Data lines under the header (a quoted field spanning lines makes this an upper bound). */
const countRows = (csv: string) => Math.max(0, csv.split(/\r?\n/).filter((line) => line.trim() !== "").length - 1);

export function CsvImportCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<Kind>("leads");
  const [file, setFile] = useState<{ name: string; csv: string; rows: number } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
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
      setFile({ name: chosen.name, csv, rows: countRows(csv) });
    } catch {
      setReadError(`Could not read ${chosen.name}. Check that it is a plain-text CSV file.`);
    }
  }

  function chooseKind(value: string) {
    setKind(value as Kind);
    importCsv.reset();
  }

  function start() {
    if (file) importCsv.mutate({ kind, csv: file.csv });
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
        <Button onClick={start} disabled={!file || importCsv.isPending} loading={importCsv.isPending} loadingText={file ? `Importing ${formatInt(file.rows)} rows…` : "Importing…"}>
          Import {kind}
        </Button>
      </div>
      {file && !importCsv.isPending && !importCsv.data && (
        <Text className="mt-2">
          {file.name}: {formatInt(file.rows)} data rows ready to import as {kind}.
        </Text>
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
        </Callout>
      )}
      <ErrorCallout error={importCsv.error} title="Import rejected; nothing was written" />
    </Card>
  );
}
