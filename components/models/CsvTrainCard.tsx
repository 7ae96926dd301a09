"use client";
/**
 * Train on any CSV (members and up): the file is read in the browser, the target and excluded
 * columns are chosen from its header, and models.trainCsv cross-validates (per-fold AUC and the
 * mean) and trains inside the request, then registers the model under `csv:<target>` like any
 * other version. The server's validation (e.g. a target column with three values) shows here.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Callout, Card, Text, Title } from "@tremor/react";
import Link from "next/link";
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { controlClass, Field, FieldError } from "../experiments/fields";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout, errorIssues } from "../ui/ErrorCallout";
import { formatInt, formatPercent } from "../ui/format";
import { CrossValidationTable } from "./CrossValidationTable";
import { guessExcluded, guessTarget, MAX_DISTINCT, summarizeCsv, type CsvSummary } from "./csv";
import { asComparison, asCrossValidation, familyLabel, formatAuc, formatLoss, formatMs, isNum, MODEL_FAMILIES, type ModelFamily } from "./format";

/** What models.trainCsv answers (server/services/models/csv.ts), read defensively. */
interface CsvTrainResult {
  runId: string;
  target: string;
  crossValidation: unknown;
  holdout: { n?: number; positives?: number; auc?: number; logLoss?: number; brier?: number; accuracy?: number } | null;
  family: string;
  candidates: Array<{ family: string; holdout?: { auc?: number } | null; trainingMs?: number }>;
  modelVersionId: string;
  version: number;
  comparison: unknown;
  approvalId: string | null;
  promoted: boolean;
}

/** 20 MB: what the server accepts (MAX_CSV_CHARS); bigger tables belong in the ingestion API. */
const MAX_BYTES = 20_000_000;

function Result({ result }: { result: CsvTrainResult }) {
  const { slug } = useTenantView();
  const cv = asCrossValidation(result.crossValidation);
  const comparison = asComparison(result.comparison);
  const h = result.holdout ?? {};
  const figures: Array<[string, string]> = [
    ["Holdout AUC", formatAuc(h.auc)],
    ["Log-loss", formatLoss(h.logLoss)],
    ["Brier", formatLoss(h.brier)],
    ["Accuracy", formatPercent(h.accuracy)],
    ["Holdout rows", isNum(h.n) ? `${formatInt(h.n)} (${formatInt(h.positives ?? 0)} positive)` : "—"],
    ["Family", familyLabel(result.family)],
  ];
  return (
    <div className="mt-4 space-y-4" data-testid="csv-train-result" data-version-id={result.modelVersionId}>
      <Callout title={`Registered ${result.target} v${result.version}`} color="emerald">
        <p>
          {comparison?.reason ?? "Registered as a candidate."}{" "}
          {result.promoted
            ? "Promoted to production automatically by the tenant's model policy."
            : result.approvalId
              ? "It beats production, so a promotion request waits in Approvals."
              : "It stays a candidate; an admin can still promote it by hand."}
        </p>
        <p className="mt-1 flex flex-wrap gap-x-4">
          <Link href={`/t/${slug}/models/${result.modelVersionId}`} className="font-medium text-tremor-brand hover:underline" data-testid="csv-version-link">
            Open v{result.version}: calibration, feature importance, promote
          </Link>
          {result.approvalId && !result.promoted && (
            <Link href={`/t/${slug}/approvals#approval-${result.approvalId}`} className="text-tremor-brand hover:underline" data-testid="csv-approval-link">
              Review the promotion request
            </Link>
          )}
        </p>
      </Callout>
      {cv && (
        <div>
          <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Cross-validation</h3>
          <CrossValidationTable cv={cv} />
        </div>
      )}
      <div>
        <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Final model on its holdout</h3>
        <dl className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="csv-holdout">
          {figures.map(([label, value]) => (
            <div key={label} className="rounded-tremor-small border border-tremor-border px-2 py-1.5">
              <dt className="text-tremor-label text-tremor-content">{label}</dt>
              <dd className="font-medium tabular-nums text-tremor-content-strong">{value}</dd>
            </div>
          ))}
        </dl>
        {result.candidates.length > 1 && (
          <Text className="mt-2">
            Families tried: {result.candidates.map((c) => `${c.family} (AUC ${formatAuc(c.holdout?.auc)}, ${formatMs(c.trainingMs)})`).join(" · ")}; the best on validation was kept.
          </Text>
        )}
      </div>
    </div>
  );
}

export function CsvTrainCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; csv: string; summary: CsvSummary } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [target, setTarget] = useState("");
  const [positive, setPositive] = useState("");
  const [exclude, setExclude] = useState<string[]>([]);
  const [folds, setFolds] = useState("5");
  const [families, setFamilies] = useState<ModelFamily[]>([...MODEL_FAMILIES]);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);

  const train = useMutation(
    trpc.models.trainCsv.mutationOptions({
      onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() })]),
    }),
  );

  // Training runs inside the request (10–60 s): show the time so far.
  useEffect(() => {
    if (startedAt === null || !train.isPending) return;
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - startedAt) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [startedAt, train.isPending]);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    train.reset();
    setReadError(null);
    setFile(null);
    const chosen = event.target.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setReadError(`${chosen.name} is ${formatInt(chosen.size / 1_000_000)} MB; uploads are limited to 20 MB. Sample the rows, or train with the CLI (npm run flywheel -- train --csv …).`);
      return;
    }
    try {
      const csv = await chosen.text();
      const summary = summarizeCsv(csv);
      if (summary.header.length < 2) {
        setReadError(`${chosen.name} has ${summary.header.length} column${summary.header.length === 1 ? "" : "s"}; a CSV needs a header row with a target column and at least one feature column.`);
        return;
      }
      setFile({ name: chosen.name, csv, summary });
      const guessed = guessTarget(summary.header);
      setTarget(guessed);
      setPositive("");
      setExclude(guessExcluded(summary.header).filter((c) => c !== guessed));
    } catch {
      setReadError(`Could not read ${chosen.name}. Check that it is a plain-text CSV file.`);
    }
  }

  function chooseTarget(value: string) {
    setTarget(value);
    setPositive("");
    setExclude((current) => current.filter((c) => c !== value));
    train.reset();
  }

  function toggleFamily(family: ModelFamily, on: boolean) {
    setFamilies((current) => (on ? MODEL_FAMILIES.filter((f) => f === family || current.includes(f)) : current.filter((f) => f !== family)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || !target) return;
    setStartedAt(Date.now());
    setElapsed(0);
    train.mutate({
      csv: file.csv,
      fileName: file.name,
      target,
      exclude,
      folds: Number(folds),
      ...(positive ? { positive } : {}),
      ...(families.length < MODEL_FAMILIES.length ? { families } : {}),
    });
  }

  const header = file?.summary.header ?? [];
  const targetIndex = header.indexOf(target);
  const targetValues = targetIndex >= 0 ? (file?.summary.distinct[targetIndex] ?? []) : [];
  const issues = errorIssues(train.error);
  const issueFor = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  const foldsNumber = Number(folds);
  const foldsError = Number.isInteger(foldsNumber) && foldsNumber >= 2 && foldsNumber <= 10 ? undefined : "between 2 and 10";
  const result = train.data as unknown as CsvTrainResult | undefined;

  return (
    <Card data-testid="csv-train-card">
      <Title>Train on a CSV</Title>
      <Text>
        Any table with one yes/no column to predict. Flywheel cross-validates on k folds (per-fold AUC and the mean), trains the final model with a holdout, and registers it as a candidate under{" "}
        <code className="font-mono text-xs">csv:&lt;column&gt;</code>. Numeric columns are standardized, text columns one-hot encoded; exclude ids and anything only known after the outcome (it would leak the
        answer). The file stays in your browser until you press Train; at most 20 MB.
      </Text>
      <form className="mt-4 space-y-4" onSubmit={submit} data-testid="csv-train-form">
        <div className="flex flex-wrap items-center gap-3">
          <input ref={fileInput} type="file" accept=".csv,text/csv" onChange={onFile} className="hidden" aria-label="Training CSV file" data-testid="model-csv-file" />
          <Button type="button" variant="secondary" onClick={() => fileInput.current?.click()} disabled={train.isPending}>
            {file ? "Choose another file" : "Choose CSV file"}
          </Button>
          {file && (
            <p className="text-tremor-default text-tremor-content" data-testid="csv-file-summary">
              {file.name}: {formatInt(file.summary.rows)} rows, {formatInt(header.length)} columns
            </p>
          )}
        </div>
        {readError && (
          <Callout title="Could not use this file" color="rose">
            {readError}
          </Callout>
        )}

        {file && (
          <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
            <Field label="Target column" hint="The yes/no column to predict." error={issueFor("target")}>
              <select className={controlClass} value={target} onChange={(e) => chooseTarget(e.target.value)} required data-testid="csv-target">
                <option value="">Choose a column…</option>
                {header.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
              {target && targetValues.length > 2 && (
                <span className="block text-tremor-label text-amber-700" data-testid="csv-target-warning">
                  This column has {targetValues.length > MAX_DISTINCT ? `more than ${MAX_DISTINCT}` : targetValues.length} distinct values; a target needs exactly two.
                </span>
              )}
            </Field>
            <Field label="Positive value" hint="Which value counts as “yes”; automatic picks 1, true, yes…">
              <select className={controlClass} value={positive} onChange={(e) => setPositive(e.target.value)} disabled={!target || targetValues.length > MAX_DISTINCT} data-testid="csv-positive">
                <option value="">Automatic</option>
                {targetValues.slice(0, MAX_DISTINCT).map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Exclude columns" hint="Ctrl/⌘-click to pick several. Ids and post-outcome columns." error={issueFor("exclude")}>
              <select
                className={`${controlClass} h-28`}
                multiple
                value={exclude}
                onChange={(e) => setExclude(Array.from(e.target.selectedOptions, (o) => o.value))}
                data-testid="csv-exclude"
              >
                {header
                  .filter((h) => h !== target)
                  .map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
              </select>
            </Field>
            <div className="space-y-4">
              <Field label="Folds" hint="Cross-validation folds, 2–10." error={foldsError ?? issueFor("folds")}>
                <input type="number" min={2} max={10} step={1} className={controlClass} value={folds} onChange={(e) => setFolds(e.target.value)} data-testid="csv-folds" />
              </Field>
              <fieldset className="space-y-1" data-testid="csv-families">
                <legend className="text-tremor-default font-medium text-tremor-content-emphasis">Model families</legend>
                {MODEL_FAMILIES.map((f) => (
                  <label key={f} className="flex items-center gap-2 text-tremor-default text-tremor-content-emphasis">
                    <input type="checkbox" checked={families.includes(f)} onChange={(e) => toggleFamily(f, e.target.checked)} data-testid={`csv-family-${f}`} />
                    {familyLabel(f)} <span className="font-mono text-xs text-tremor-content">{f}</span>
                  </label>
                ))}
                <span className="block text-tremor-label text-tremor-content">Several: each is tried and the best on validation kept.</span>
                <FieldError message={families.length === 0 ? "choose at least one family" : issueFor("families")} />
              </fieldset>
            </div>
          </div>
        )}

        {file && (
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={!target || families.length === 0 || Boolean(foldsError) || train.isPending} loading={train.isPending} loadingText="Training…" data-testid="csv-train-submit">
              Train and cross-validate
            </Button>
            {!target && <Text>Choose the target column first.</Text>}
          </div>
        )}
        {train.isPending && file && (
          <p className="animate-pulse text-tremor-default text-tremor-content" role="status" aria-busy="true" data-testid="csv-train-pending">
            Cross-validating {formatInt(file.summary.rows)} rows in {folds} folds, then training the final model… {elapsed}s so far (usually 10–60 s; keep this page open).
          </p>
        )}
      </form>
      <div data-testid="csv-train-error">
        <ErrorCallout error={train.error} title="Training was refused; nothing was registered" />
      </div>
      {result && !train.isPending && <Result result={result} />}
    </Card>
  );
}
