"use client";
/** A training run as it goes: stage, progress bar, message; on success a link to the version it registered. */
import { Button, Card, ProgressBar, Text } from "@tremor/react";
import Link from "next/link";
import { useTenantView } from "../shell/TenantContext";
import { formatDuration, formatShortDateTime } from "../ui/format";
import { RunStatusBadge } from "./badges";
import type { TrainingRun } from "./useTrainingRun";

const seconds = (from?: string | Date | null, to?: string | Date | null) => (from && to ? (new Date(to).getTime() - new Date(from).getTime()) / 1000 : null);

export function TrainingRunProgress({ run, onDismiss }: { run: TrainingRun; onDismiss: () => void }) {
  const { slug, timezone } = useTenantView();
  const finished = run.status !== "running";
  const percent = Math.round((run.progress ?? 0) * 100);
  const took = seconds(run.startedAt, run.finishedAt);
  return (
    <Card className="p-4" data-testid="train-progress" data-status={run.status} data-run={run.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Text className="font-medium text-tremor-content-strong">Training run</Text>
          <RunStatusBadge status={run.status} testId="train-status" />
          <Text className="text-tremor-label">
            {run.reason.replace(/_/g, " ")} · started {formatShortDateTime(run.startedAt, timezone)}
            {took !== null && ` · took ${formatDuration(took)}`}
          </Text>
        </div>
        {finished && (
          <Button size="xs" variant="light" onClick={onDismiss}>
            Dismiss
          </Button>
        )}
      </div>
      <div className="mt-3 flex items-center gap-3">
        <ProgressBar value={percent} color={run.status === "failed" ? "rose" : finished ? "emerald" : "blue"} className="flex-1" aria-label="Training progress" />
        <p className="text-tremor-default text-tremor-content tabular-nums" data-testid="train-percent">
          {percent}%
        </p>
      </div>
      <p className="text-tremor-default text-tremor-content mt-2" data-testid="train-stage">
        {run.stage}
        {run.message && run.status === "running" ? ` · ${run.message}` : ""}
      </p>
      {run.status === "failed" && <p className="mt-2 text-tremor-default text-rose-700">The run failed: {run.error ?? run.message ?? "no reason given"}. Nothing was registered; production is unchanged.</p>}
      {run.status === "succeeded" && (
        <p className="mt-2 text-tremor-default text-emerald-700" data-testid="train-done">
          Done{run.message ? `: ${run.message}` : ""}.{" "}
          {run.modelVersionId && (
            <Link href={`/t/${slug}/models/${run.modelVersionId}`} className="text-tremor-brand hover:underline" data-testid="train-version-link">
              Open the new version
            </Link>
          )}
        </p>
      )}
    </Card>
  );
}
