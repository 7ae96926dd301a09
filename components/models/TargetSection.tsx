"use client";
/**
 * One prediction target: its production version highlighted, "Train now" with the run's progress
 * (tenant-data targets, members and up), the retraining triggers, and every version.
 */
import { Badge, Button, Card, ProgressBar, Text, Title } from "@tremor/react";
import Link from "next/link";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatInt, formatShortDateTime } from "../ui/format";
import type { RouterOutputs } from "../ui/trpc-types";
import { RollbackButton } from "./ModelActions";
import { asMetrics, familyLabel, formatAuc, formatLoss, isTenantTarget, targetAnchor, targetHelp, targetLabel, type TenantTarget } from "./format";
import { TrainingRunProgress } from "./TrainingRunProgress";
import { TriggerStatus } from "./TriggerStatus";
import { useTrainingRun } from "./useTrainingRun";
import { VersionsTable, type ModelListItem } from "./VersionsTable";

type ListedRun = RouterOutputs["models"]["list"]["runs"][number];

function ProductionSummary({ production }: { production: ModelListItem | undefined }) {
  const { slug, timezone } = useTenantView();
  if (!production)
    return (
      <div className="rounded-tremor-default border border-dashed border-tremor-border px-3 py-2" data-testid="production-summary" data-version="">
        <Text>No model in production: predictions for this target are refused until a version is promoted.</Text>
      </div>
    );
  const holdout = asMetrics(production.metrics).holdout;
  return (
    <div className="rounded-tremor-default border border-emerald-200 bg-emerald-50 px-3 py-2" data-testid="production-summary" data-version={production.version}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge size="xs" color="emerald">
          production
        </Badge>
        <Link href={`/t/${slug}/models/${production.id}`} className="font-medium text-tremor-brand hover:underline">
          v{production.version}
        </Link>
        <span className="text-tremor-default text-tremor-content-emphasis">{familyLabel(production.family)}</span>
      </div>
      <p className="mt-1 text-tremor-default tabular-nums text-tremor-content-emphasis">
        Holdout AUC <strong>{formatAuc(holdout?.auc)}</strong> · log-loss {formatLoss(holdout?.logLoss)} · Brier {formatLoss(holdout?.brier)} · {formatInt(production.trainRows + production.holdoutRows)} rows
        {production.promotedAt && ` · promoted ${formatShortDateTime(production.promotedAt, timezone)}`}
      </p>
    </div>
  );
}

function TrainNow({ target, runs }: { target: TenantTarget; runs: ListedRun[] | undefined }) {
  const canTrain = useCan("models:train");
  const state = useTrainingRun(target, runs);
  const reason = state.running ? "A run for this target is already in progress." : undefined;
  return (
    <div className="space-y-3">
      {canTrain && (
        <span title={reason} className="inline-flex">
          <Button size="xs" onClick={() => state.train.mutate({ target })} loading={state.train.isPending} disabled={state.running} data-testid={`train-now-${target}`}>
            Train now
          </Button>
        </span>
      )}
      <ErrorCallout error={state.train.error} title="Could not start training" />
      {state.run ? (
        <TrainingRunProgress run={state.run} onDismiss={state.dismiss} />
      ) : state.runId ? (
        <Card className="p-4" data-testid="train-progress" data-status="requested">
          <Text className="font-medium text-tremor-content-strong">Run requested</Text>
          <ProgressBar value={0} className="mt-3" aria-label="Training progress" />
          <Text className="mt-2">Waiting for the first progress report; it is read every second.</Text>
        </Card>
      ) : null}
      <ErrorCallout error={state.runError} title="Could not read the run's progress" />
    </div>
  );
}

export function TargetSection({ target, versions, runs }: { target: string; versions: ModelListItem[]; runs: ListedRun[] | undefined }) {
  const canTrain = useCan("models:train");
  const production = versions.find((v) => v.status === "production");
  const tenantTarget = isTenantTarget(target) ? target : null;
  return (
    <Card id={targetAnchor(target)} className="scroll-mt-6" data-testid={`model-target-${target}`} data-target={target}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl">
          <Title>
            {targetLabel(target)} <span className="ml-1 font-mono text-tremor-label text-tremor-content">{target}</span>
          </Title>
          <Text>{targetHelp(target)}</Text>
        </div>
        <div className="flex flex-wrap items-start gap-2">{production && <RollbackButton target={target} version={production.version} />}</div>
      </div>

      <div className="mt-3 grid gap-4 lg:grid-cols-2">
        <ProductionSummary production={production} />
        {tenantTarget && <TriggerStatus target={tenantTarget} />}
      </div>

      {tenantTarget ? (
        <div className="mt-4">
          <TrainNow target={tenantTarget} runs={runs} />
          {!canTrain && <Text className="text-tremor-label">Members and up can train a new version.</Text>}
        </div>
      ) : (
        <Text className="mt-3 text-tremor-label">A new version of this target comes from uploading the CSV again (below).</Text>
      )}

      <div className="mt-4">
        {versions.length === 0 ? (
          <p className="text-tremor-default text-tremor-content" data-testid={`model-versions-empty-${target}`}>
            No versions yet.{tenantTarget ? (canTrain ? " Train now to fit one from this tenant's data (it needs at least 100 rows with a known outcome, 20 of each class)." : "") : ""}
          </p>
        ) : (
          <VersionsTable target={target} versions={versions} />
        )}
      </div>
    </Card>
  );
}
