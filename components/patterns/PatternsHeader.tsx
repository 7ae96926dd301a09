"use client";
/** Health of the tenant's patterns, the last learning run, "Learn now" with its progress, and backfill. */
import { Badge, Button, Callout, Card, ProgressBar, Text } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import type { HealthFinding } from "@/server/core/patterns/health";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDuration, formatShortDateTime } from "../ui/format";
import type { RouterOutputs } from "../ui/trpc-types";
import { BackfillForm } from "./BackfillForm";
import { RunProgress } from "./RunProgress";
import type { LearnRunState } from "./useLearnRun";

type Health = RouterOutputs["patterns"]["health"];
type ListItem = RouterOutputs["patterns"]["list"][number];

const SEVERITY_COLOR = { ok: "emerald", warning: "amber", alert: "rose" } as const;

export function healthFindings(health: Health | undefined): HealthFinding[] {
  const raw = health?.findings;
  return Array.isArray(raw) ? (raw as unknown as HealthFinding[]) : [];
}

export function LearnNowButton({ state, label = "Learn now" }: { state: LearnRunState; label?: string }) {
  const canManage = useCan("patterns:manage");
  const reason = !canManage ? "Only admins and owners can start learning." : state.running ? "A run is already in progress." : undefined;
  return (
    <span title={reason} className="inline-flex">
      <Button size="sm" onClick={() => state.learn.mutate()} loading={state.learn.isPending} disabled={!canManage || state.running} tooltip={reason} data-testid="learn-now">
        {label}
      </Button>
    </span>
  );
}

function HealthPanel({ health, list, timezone }: { health: Health | undefined; list: ListItem[]; timezone: string }) {
  if (!health) return <Text>No health check yet: it runs daily at 06:00 UTC and after the demo seed.</Text>;
  const findings = healthFindings(health);
  const problems = findings.filter((f) => f.severity !== "ok");
  const latestComputed = Math.max(0, ...list.map((p) => (p.available ? new Date(p.computedAt).getTime() : 0)));
  const stale = latestComputed > new Date(health.checkedAt).getTime();
  return (
    <div data-testid="patterns-health">
      <div className="flex flex-wrap items-center gap-2">
        <Text className="font-medium text-tremor-content-strong">Health</Text>
        <Badge color={SEVERITY_COLOR[health.status as keyof typeof SEVERITY_COLOR] ?? "gray"}>{health.status}</Badge>
        <Text className="text-tremor-label">checked {formatShortDateTime(health.checkedAt, timezone)}</Text>
        {findings.map((f, i) => (
          <Badge key={`${f.type}-${f.code}-${i}`} size="xs" color={f.code === "NO_DATA" ? "gray" : (SEVERITY_COLOR[f.severity] ?? "gray")} title={f.message}>
            {f.type.toUpperCase()}: {f.code.toLowerCase().replace(/_/g, " ")}
          </Badge>
        ))}
      </div>
      {stale && <Text className="mt-1 text-tremor-label">Checked before the latest learning run; the daily check will update it.</Text>}
      {problems.length > 0 && (
        <Callout title={`${problems.length} ${problems.length === 1 ? "issue" : "issues"} to look at`} color={problems.some((f) => f.severity === "alert") ? "rose" : "amber"} className="mt-2">
          <ul className="list-disc space-y-0.5 pl-5">
            {problems.map((f, i) => (
              <li key={`${f.type}-${f.code}-${i}`}>
                <strong>{f.type.toUpperCase()}</strong> · {f.message}
              </li>
            ))}
          </ul>
        </Callout>
      )}
    </div>
  );
}

export function PatternsHeader({ state, health, list, timezone }: { state: LearnRunState; health: Health | undefined; list: ListItem[]; timezone: string }) {
  const canManage = useCan("patterns:manage");
  const { slug } = useTenantView();
  const [showBackfill, setShowBackfill] = useState(false);
  const last = state.lastRun;
  const took = last?.startedAt && last.finishedAt ? (new Date(last.finishedAt).getTime() - new Date(last.startedAt).getTime()) / 1000 : null;
  return (
    <div className="space-y-3">
      <Card className="space-y-4 p-4">
        <HealthPanel health={health} list={list} timezone={timezone} />
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-tremor-border pt-3">
          <p className="text-tremor-default text-tremor-content" data-testid="last-run">
            {last ? (
              <>
                Last run: {last.kind} · <span className={last.status === "failed" ? "text-rose-600" : ""}>{last.status}</span> · requested {formatShortDateTime(last.createdAt, timezone)}
                {took !== null && ` · took ${formatDuration(took)}`}
                {last.status === "failed" && last.error && ` · ${last.error}`}
              </>
            ) : (
              "No learning run yet."
            )}
          </p>
          <div className="flex items-center gap-2">
            <Link href={`/t/${slug}/settings#pattern-learning`} className="text-tremor-default text-tremor-brand hover:underline">
              Learning settings
            </Link>
            {canManage && (
              <Button size="sm" variant="secondary" onClick={() => setShowBackfill((v) => !v)} aria-expanded={showBackfill}>
                Backfill…
              </Button>
            )}
            <LearnNowButton state={state} />
          </div>
        </div>
        {canManage && showBackfill && (
          <div className="border-t border-tremor-border pt-3">
            <BackfillForm state={state} />
          </div>
        )}
        <ErrorCallout error={state.learn.error} title="Could not start learning" />
      </Card>
      {state.run ? (
        <RunProgress run={state.run} timezone={timezone} onDismiss={state.dismiss} />
      ) : state.runId ? (
        <Card className="p-4" data-testid="learn-progress" data-status="requested">
          <Text className="font-medium text-tremor-content-strong">Run requested</Text>
          <ProgressBar value={0} className="mt-3" aria-label="Run progress" />
          <Text className="mt-2">Waiting for the first progress report; it is read every second.</Text>
        </Card>
      ) : null}
      <ErrorCallout error={state.runError} title="Could not read the run's progress" />
    </div>
  );
}
