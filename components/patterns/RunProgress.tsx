"use client";
/** A learning or backfill run as it goes: overall progress and each stage with its status and time. */
import { Badge, Button, Card, ProgressBar, Text } from "@tremor/react";
import { formatDuration, formatShortDateTime } from "../ui/format";
import type { PatternRun } from "./useLearnRun";

const STAGE_COLOR = { pending: "gray", running: "blue", done: "emerald", failed: "rose" } as const;
const RUN_COLOR = { queued: "gray", running: "blue", succeeded: "emerald", failed: "rose" } as const;

const seconds = (from?: string | Date | null, to?: string | Date | null) => (from && to ? (new Date(to).getTime() - new Date(from).getTime()) / 1000 : null);

export function RunProgress({ run, timezone, onDismiss }: { run: PatternRun; timezone: string; onDismiss: () => void }) {
  const stages = Array.isArray(run.stages) ? run.stages : [];
  const done = stages.filter((s) => s.status === "done").length;
  const finished = run.status === "succeeded" || run.status === "failed";
  const took = seconds(run.startedAt, run.finishedAt);
  return (
    <Card className="p-4" data-testid="learn-progress" data-status={run.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <Text className="font-medium text-tremor-content-strong">{run.kind === "backfill" ? "Backfill" : "Learning"} run</Text>
          <Badge size="xs" color={RUN_COLOR[run.status as keyof typeof RUN_COLOR] ?? "gray"} data-testid="learn-status">
            {run.status === "succeeded" ? "done" : run.status}
          </Badge>
          <Text className="text-tremor-label">
            requested {formatShortDateTime(run.createdAt, timezone)}
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
        <ProgressBar value={Math.round((run.progress ?? 0) * 100)} color={run.status === "failed" ? "rose" : finished ? "emerald" : "blue"} className="flex-1" aria-label="Run progress" />
        <Text className="tabular-nums">
          {done}/{stages.length} stages · {Math.round((run.progress ?? 0) * 100)}%
        </Text>
      </div>
      <ol className="mt-3 grid gap-1 sm:grid-cols-2 lg:grid-cols-3" aria-label="Stages">
        {stages.map((s, i) => {
          const t = seconds(s.startedAt, s.finishedAt);
          return (
            <li key={`${s.name}-${i}`} className="flex flex-wrap items-center justify-between gap-x-2 rounded-tremor-small border border-tremor-border px-2 py-1 text-tremor-default" data-stage-status={s.status}>
              <span className="truncate">{s.name}</span>
              <span className="flex shrink-0 items-center gap-1">
                {t !== null && <span className="text-tremor-label text-tremor-content-subtle">{formatDuration(t)}</span>}
                <Badge size="xs" color={STAGE_COLOR[s.status] ?? "gray"}>
                  {s.status}
                </Badge>
              </span>
              {s.error && <span className="w-full text-tremor-label text-rose-600">{s.error}</span>}
            </li>
          );
        })}
      </ol>
      {run.status === "failed" && run.error && <p className="mt-2 text-tremor-default text-rose-700">The run failed: {run.error}. The previous patterns stay in place.</p>}
      {run.status === "succeeded" && <p className="mt-2 text-tremor-default text-emerald-700">Done: the patterns below are the new versions.</p>}
    </Card>
  );
}
