"use client";
/**
 * One experiment: status and actions, its configuration, the latest decision with reasons and
 * SRM warning, per-arm statistics, lift and units over time, and the approval requests it raised.
 */
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, Text, Title } from "@tremor/react";
import Link from "next/link";
import type { DecisionReason } from "@/server/core/experiments/decision";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatInt, formatPercent, formatShortDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import type { RouterOutputs } from "../ui/trpc-types";
import { ArmsTable } from "./ArmsTable";
import { ApprovalStatusBadge, StatusBadge } from "./badges";
import { DecisionPanel } from "./DecisionPanel";
import { ExperimentActions } from "./ExperimentActions";
import { asDecisionResult, metricLabel } from "./format";
import { LiftChart } from "./LiftChart";
import { NoUnitsHelp } from "./NoUnitsHelp";

type Experiment = RouterOutputs["experiments"]["get"];

function ConfigSummary({ e }: { e: Experiment }) {
  const c = e.config;
  const items: Array<[string, string]> = [
    ["Primary metric", `${c.primaryMetric} (${metricLabel(c.primaryMetric)})`],
    ["Guardrails", c.guardrails.length ? c.guardrails.map((g) => `${g.metric} (max drop ${formatPercent(g.maxRelativeDrop)})`).join(", ") : "none"],
    ["Min sample per arm", formatInt(c.minSamplePerArm)],
    ["Max sample per arm", c.maxSamplePerArm ? formatInt(c.maxSamplePerArm) : "no limit"],
    ["Deploy gate", `lift ≥ ${formatPercent(c.minRelativeLift)}`],
    ["Alpha", `${c.alpha} (${c.correction === "holm" ? "Holm" : "Benjamini–Hochberg"} adjusted)`],
    ["Method", c.method === "sequential" ? "sequential (always-valid)" : "fixed horizon"],
    ["Allocation", c.allocation === "thompson" ? "Thompson sampling (bandit)" : "fixed weights"],
    ["Attribution window", `${c.attributionWindowDays} days from first exposure`],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 text-tremor-default sm:grid-cols-2 lg:grid-cols-3" data-testid="experiment-config">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt className="text-tremor-label text-tremor-content">{label}</dt>
          <dd className="text-tremor-content-strong">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ApprovalLinks({ e }: { e: Experiment }) {
  const { slug, timezone } = useTenantView();
  const versionOf = new Map(e.arms.map((a) => [a.promptVersionId, a.version]));
  return (
    <Card data-testid="experiment-approvals">
      <Title>Approval requests</Title>
      {e.approvals.length === 0 ? (
        <Text className="mt-1">None yet. A PROMOTE decision asks an admin to move the production label to the winner (or moves it at once when the tenant approves promotions automatically).</Text>
      ) : (
        <ul className="mt-2 space-y-2">
          {e.approvals.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2 text-tremor-default" data-testid="experiment-approval">
              <ApprovalStatusBadge status={a.status} rolledBack={Boolean(a.rolledBackAt)} />
              <Link href={`/t/${slug}/approvals?status=all#approval-${a.id}`} className="text-tremor-brand hover:underline">
                {a.title}
              </Link>
              <Text className="text-tremor-label">
                {a.label}: v{versionOf.get(a.fromVersionId ?? "") ?? "?"} → v{versionOf.get(a.toVersionId ?? "") ?? "?"} · requested {formatShortDateTime(a.createdAt, timezone)}
                {a.decidedAt ? ` · decided ${formatShortDateTime(a.decidedAt, timezone)}` : ""}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function ExperimentDetail({ experimentKey }: { experimentKey: string }) {
  const trpc = useTRPC();
  const { slug, timezone } = useTenantView();
  // A running experiment is re-evaluated in the background (after outcomes, on a schedule): follow it.
  const query = useQuery(trpc.experiments.get.queryOptions({ key: experimentKey }, { refetchInterval: (q) => (q.state.data?.status === "running" ? 30_000 : false) }));
  const e = query.data;

  if (query.isPending) return <Loading what="the experiment" />;
  if (!e)
    return (
      <div className="space-y-3">
        <Link href={`/t/${slug}/experiments`} className="text-tremor-default text-tremor-brand hover:underline">
          ← Experiments
        </Link>
        <ErrorCallout error={query.error} title="Could not load the experiment" />
      </div>
    );

  const latest = asDecisionResult(e.latestResult?.result);
  const reasons = (e.decisionReasons?.length ? e.decisionReasons : (latest?.reasons ?? [])) as DecisionReason[];
  const units = e.arms.reduce((s, a) => s + a.units, 0);

  return (
    <div className="space-y-6" data-testid="experiment-detail" data-key={e.key}>
      <div>
        <Link href={`/t/${slug}/experiments`} className="text-tremor-default text-tremor-brand hover:underline">
          ← Experiments
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div>
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="text-tremor-title font-medium text-tremor-content-strong">{e.name}</h1>
              <StatusBadge status={e.status} testId="experiment-status" />
            </div>
            <Text>
              <span className="font-mono">{e.key}</span> · prompt{" "}
              <Link href={`/t/${slug}/prompts/${e.prompt.id}`} className="font-mono text-tremor-brand hover:underline">
                {e.prompt.name}
              </Link>{" "}
              · {formatInt(units)} units · created {formatShortDateTime(e.createdAt, timezone)}
              {e.startedAt && ` · started ${formatShortDateTime(e.startedAt, timezone)}`}
              {e.endedAt && ` · ended ${formatShortDateTime(e.endedAt, timezone)}`}
            </Text>
            {e.hypothesis && <Text className="mt-1 italic">Hypothesis: {e.hypothesis}</Text>}
          </div>
          <ExperimentActions experimentKey={e.key} status={e.status} />
        </div>
      </div>
      <ErrorCallout error={query.error} title="Could not refresh the experiment" />

      <Card>
        <Title>Configuration</Title>
        <div className="mt-3">
          <ConfigSummary e={e} />
        </div>
      </Card>

      <DecisionPanel decision={e.decision} reasons={reasons} result={latest} lastEvaluatedAt={e.lastEvaluatedAt} status={e.status} />

      {units === 0 && (e.status === "running" || e.status === "draft") && <NoUnitsHelp experimentKey={e.key} status={e.status} />}

      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <Title>Arms</Title>
          {e.config.allocation === "thompson" && (
            <Badge size="xs" color="violet" data-testid="bandit-weights" title="Thompson sampling: each evaluation sets every arm's share of new units to its posterior probability of being best (at least 5%)">
              bandit: shares follow P(best)
            </Badge>
          )}
        </div>
        <Text>
          {latest
            ? `From the latest evaluation (${formatInt(latest.perArm.reduce((s, a) => s + a.units, 0))} units). Rates with Wilson 95% intervals; differences with Newcombe intervals; p-values ${latest.config.method === "sequential" ? "always-valid" : "fixed-horizon"} and ${latest.config.correction === "holm" ? "Holm" : "BH"}-adjusted over all variants and guardrails.`
            : "Statistics appear after the first evaluation."}
        </Text>
        <div className="mt-3">
          <ArmsTable arms={e.arms} result={latest} allocation={e.config.allocation} />
        </div>
      </Card>

      <LiftChart history={e.history} arms={e.arms} metric={e.config.primaryMetric} />

      <ApprovalLinks e={e} />
    </div>
  );
}
