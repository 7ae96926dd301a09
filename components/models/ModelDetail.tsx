"use client";
/**
 * One model version: status and the promote / roll back actions (admins), holdout and training
 * metrics, how it compares with production on the same rows, the calibration chart, permutation
 * feature importance, the families tried, cross-validation folds (CSV models), its features, what
 * it served, and the approval requests about it.
 */
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, Table, TableBody, TableHead, TableRow, Text, Title } from "@tremor/react";
import Link from "next/link";
import { useTRPC } from "@/trpc/react";
import { ApprovalStatusBadge } from "../experiments/badges";
import { Td, Th } from "../patterns/cells";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDate, formatDecimal, formatInt, formatPercent, formatShortDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import type { RouterOutputs } from "../ui/trpc-types";
import { ModelStatusBadge } from "./badges";
import { CalibrationChart } from "./CalibrationChart";
import { CrossValidationTable } from "./CrossValidationTable";
import { asComparison, asFeatures, asImportance, asMetrics, familyLabel, formatAuc, formatLoss, formatMs, isNum, targetAnchor, targetLabel, type Comparison, type ModelMetrics, type SplitMetrics } from "./format";
import { ImportanceChart } from "./ImportanceChart";
import { ModelActions } from "./ModelActions";

type Model = RouterOutputs["models"]["get"];

function MetricCard({ label, value, sub, title, testId }: { label: string; value: string; sub?: string; title?: string; testId?: string }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border px-3 py-2" title={title} data-testid={testId}>
      <dt className="text-tremor-label text-tremor-content">{label}</dt>
      <dd className="text-tremor-metric font-semibold tabular-nums text-tremor-content-strong">{value}</dd>
      {sub && <dd className="text-tremor-label tabular-nums text-tremor-content-subtle">{sub}</dd>}
    </div>
  );
}

function MetricsCards({ metrics }: { metrics: ModelMetrics }) {
  const h = metrics.holdout;
  const t = metrics.train;
  const rate = (s: SplitMetrics | null) => (s && s.n > 0 ? s.positives / s.n : null);
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5" data-testid="model-metrics">
      <MetricCard label="Holdout AUC" value={formatAuc(h?.auc)} sub={`train ${formatAuc(t?.auc)}`} title="Ranking quality on the newest rows, unseen in training: 0.5 is chance" testId="metric-auc" />
      <MetricCard label="Log-loss" value={formatLoss(h?.logLoss)} sub={`train ${formatLoss(t?.logLoss)}`} title="Lower is better; punishes confident wrong probabilities" testId="metric-logloss" />
      <MetricCard label="Brier score" value={formatLoss(h?.brier)} sub={`train ${formatLoss(t?.brier)}`} title="Mean squared error of the probabilities; lower is better" testId="metric-brier" />
      <MetricCard label="Accuracy at 50%" value={formatPercent(h?.accuracy)} sub={`train ${formatPercent(t?.accuracy)}`} title="Share of holdout rows on the right side of 50%" />
      <MetricCard
        label="Holdout rows"
        value={h ? formatInt(h.n) : "—"}
        sub={h ? `${formatInt(h.positives)} positive (${formatPercent(rate(h))})` : undefined}
        title="The newest rows, held out from training"
      />
    </dl>
  );
}

function ComparisonPanel({ comparison, model }: { comparison: Comparison | null; model: Model }) {
  const { slug } = useTenantView();
  if (!comparison) return <Text>No comparison was stored for this version.</Text>;
  const rows: Array<[string, (s: Comparison["candidate"]) => string]> = [
    ["AUC", (s) => formatAuc(s?.auc)],
    ["Log-loss", (s) => formatLoss(s?.logLoss)],
    ["Brier", (s) => formatLoss(s?.brier)],
    ["Rows", (s) => (s ? formatInt(s.n) : "—")],
  ];
  return (
    <div data-testid="model-comparison" data-better={String(comparison.better)}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge size="xs" color={comparison.better ? "emerald" : "gray"}>
          {comparison.better ? "better than production" : "not better"}
        </Badge>
        <span className="text-tremor-default text-tremor-content-emphasis" data-testid="comparison-reason">
          {comparison.reason}
        </span>
      </div>
      {comparison.production ? (
        <div className="mt-3 overflow-x-auto">
          <Table>
            <TableHead>
              <TableRow>
                <Th>On the same newest rows</Th>
                <Th right>This version (v{model.version})</Th>
                <Th right>
                  Production at the time
                  {comparison.productionVersionId ? (
                    <>
                      {" "}
                      (
                      <Link href={`/t/${slug}/models/${comparison.productionVersionId}`} className="text-tremor-brand hover:underline">
                        v{comparison.productionVersion ?? "?"}
                      </Link>
                      )
                    </>
                  ) : comparison.productionVersion ? (
                    ` (v${comparison.productionVersion})`
                  ) : (
                    ""
                  )}
                </Th>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(([label, f]) => (
                <TableRow key={label}>
                  <Td>{label}</Td>
                  <Td right className="font-medium text-tremor-content-strong">
                    {f(comparison.candidate)}
                  </Td>
                  <Td right>{f(comparison.production)}</Td>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : (
        <Text className="mt-1">There was no production model to compare with when this version was registered.</Text>
      )}
      <Text className="mt-2 text-tremor-label">A candidate is proposed for promotion only when its AUC is higher and its log-loss no higher than production&apos;s on the same rows.</Text>
    </div>
  );
}

function CandidatesTable({ metrics, chosen }: { metrics: ModelMetrics; chosen: string }) {
  if (metrics.candidates.length === 0) return <Text>Only one family was trained.</Text>;
  return (
    <div className="overflow-x-auto">
      <Table data-testid="model-candidates">
        <TableHead>
          <TableRow>
            <Th>Family</Th>
            <Th right>Validation AUC</Th>
            <Th right>Log-loss</Th>
            <Th right>Brier</Th>
            <Th right>Training time</Th>
          </TableRow>
        </TableHead>
        <TableBody>
          {metrics.candidates.map((c) => (
            <TableRow key={c.family} className={c.family === chosen ? "bg-emerald-50" : undefined} data-family={c.family}>
              <Td>
                <span className="font-mono text-xs">{c.family}</span> <span className="text-tremor-label">{familyLabel(c.family)}</span>
                {c.family === chosen && (
                  <Badge size="xs" color="emerald" className="ml-2">
                    kept
                  </Badge>
                )}
              </Td>
              <Td right className="font-medium text-tremor-content-strong">
                {formatAuc(c.holdout?.auc)}
              </Td>
              <Td right>{formatLoss(c.holdout?.logLoss)}</Td>
              <Td right>{formatLoss(c.holdout?.brier)}</Td>
              <Td right>{formatMs(c.trainingMs)}</Td>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function ApprovalsList({ model }: { model: Model }) {
  const { slug, timezone } = useTenantView();
  return (
    <Card data-testid="model-approvals">
      <Title>Approval requests</Title>
      {model.approvals.length === 0 ? (
        <Text className="mt-1">None. A retrained candidate that beats production asks an admin here (or is promoted at once when the policy allows); promoting by hand records an approved request.</Text>
      ) : (
        <ul className="mt-2 space-y-2">
          {model.approvals.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2 text-tremor-default" data-testid="model-approval" data-status={a.status}>
              <ApprovalStatusBadge status={a.status} rolledBack={Boolean(a.rolledBackAt)} />
              <Link href={`/t/${slug}/approvals?status=all#approval-${a.id}`} className="text-tremor-brand hover:underline">
                {a.title}
              </Link>
              <Text className="text-tremor-label">
                {a.toModelVersionId === model.id ? "to this version" : "away from this version"} · requested {formatShortDateTime(a.createdAt, timezone)}
                {a.decidedAt ? ` · decided ${formatShortDateTime(a.decidedAt, timezone)}` : ""}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function ModelDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { slug, timezone } = useTenantView();
  const query = useQuery(trpc.models.get.queryOptions({ id }));
  const m = query.data;

  if (query.isPending) return <Loading what="the model version" />;
  if (!m)
    return (
      <div className="space-y-3">
        <Link href={`/t/${slug}/models`} className="text-tremor-default text-tremor-brand hover:underline">
          ← Models
        </Link>
        <ErrorCallout error={query.error} title="Could not load the model version" />
      </div>
    );

  const metrics = asMetrics(m.metrics);
  const importance = asImportance(m.importance);
  const comparison = asComparison(m.comparison);
  const features = asFeatures(m.features);
  const cv = metrics.crossValidation;
  const served = m.served;

  return (
    <div className="space-y-6" data-testid="model-detail" data-id={m.id} data-target={m.target} data-status={m.status}>
      <div>
        <Link href={`/t/${slug}/models#${targetAnchor(m.target)}`} className="text-tremor-default text-tremor-brand hover:underline">
          ← Models
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div>
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="text-tremor-title font-medium text-tremor-content-strong">
                {targetLabel(m.target)} model v{m.version}
              </h1>
              <ModelStatusBadge status={m.status} testId="model-status" />
            </div>
            <Text>
              <span className="font-mono">{m.target}</span> · {familyLabel(m.family)} · {m.source === "csv" ? "trained from an uploaded CSV" : "trained on tenant data"} · {formatInt(m.trainRows)} training
              and {formatInt(m.holdoutRows)} holdout rows · training took {formatMs(m.trainingMs)} · created {formatShortDateTime(m.createdAt, timezone)}
              {m.trainingFrom && m.trainingTo && ` · data ${formatDate(m.trainingFrom, timezone)} – ${formatDate(m.trainingTo, timezone)}`}
              {m.promotedAt && ` · promoted ${formatShortDateTime(m.promotedAt, timezone)}`}
              {m.archivedAt && ` · archived ${formatShortDateTime(m.archivedAt, timezone)}`}
            </Text>
            {m.note && <Text className="mt-1 italic">{m.note}</Text>}
          </div>
          <ModelActions id={m.id} target={m.target} version={m.version} status={m.status} />
        </div>
      </div>
      <ErrorCallout error={query.error} title="Could not refresh the model version" />

      <Card>
        <Title>Metrics</Title>
        <Text>On the holdout (the newest {formatInt(m.holdoutRows)} rows, never seen in training), with the training figures underneath; a large gap means the model memorised its training rows.</Text>
        <div className="mt-3">
          <MetricsCards metrics={metrics} />
        </div>
        <p className="mt-3 text-tremor-default text-tremor-content" data-testid="model-served">
          Served {formatInt(served.predictions)} predictions; {formatInt(served.resolved)} have a known outcome
          {isNum(served.averageErrorPoints) ? `, average error ${formatDecimal(served.averageErrorPoints)} points (|100·p − 100·actual|; retraining starts above 25 over more than 20 outcomes in 7 days)` : ""}.
        </p>
      </Card>

      <Card>
        <Title>Compared with production</Title>
        <div className="mt-2">
          <ComparisonPanel comparison={comparison} model={m} />
        </div>
      </Card>

      <Card data-testid="model-calibration">
        <Title>Calibration</Title>
        <Text>Holdout rows grouped by predicted probability: the rate actually observed in each group against the mean prediction. On the grey diagonal the probabilities can be taken at face value.</Text>
        <div className="mt-3">
          <CalibrationChart bins={metrics.holdout?.calibration ?? []} />
        </div>
      </Card>

      <Card data-testid="model-importance">
        <Title>Feature importance</Title>
        <Text>Permutation importance on the holdout: the AUC lost when one feature&apos;s values are shuffled, sorted. The sd is over the repeated shuffles; a drop within one sd of zero is noise.</Text>
        <div className="mt-3">
          <ImportanceChart items={importance} />
        </div>
      </Card>

      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <Title>Families compared</Title>
          <Text>Each family trained on the same rows and scored on the same validation rows; the best was kept.</Text>
          <div className="mt-3">
            <CandidatesTable metrics={metrics} chosen={m.family} />
          </div>
        </Card>
        <Card data-testid="model-features">
          <Title>Features ({formatInt(features.length)})</Title>
          <Text>The inputs, with the transform stored in the model so serving uses exactly the training encoding.</Text>
          <ul className="mt-3 flex flex-wrap gap-1.5">
            {features.map((f) => (
              <li key={f.name}>
                <Badge size="xs" color="gray" title={f.kind}>
                  <span className="font-mono">{f.name}</span> <span className="text-tremor-content-subtle">{f.kind}</span>
                </Badge>
              </li>
            ))}
          </ul>
        </Card>
      </div>

      {cv && (
        <Card data-testid="model-cross-validation">
          <Title>Cross-validation</Title>
          <Text>Before the final fit, {cv.folds.length}-fold cross-validation on the whole file: each fold trained on the others and scored on itself.</Text>
          <div className="mt-3">
            <CrossValidationTable cv={cv} />
          </div>
        </Card>
      )}

      <ApprovalsList model={m} />
    </div>
  );
}
