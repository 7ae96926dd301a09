"use client";
/**
 * One call: its excellence score with the five components and what each rests on, the outcomes
 * attributed to it, the transcript grouped by stage, the transcript analysis the cohort
 * comparison uses, and the latest show-up prediction served for it.
 */
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, Text, Title } from "@tremor/react";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDecimal, formatDuration, formatPercent, formatShortDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import type { RouterOutputs } from "../ui/trpc-types";
import { CallAnalysis } from "./CallAnalysis";
import { clock, formatScore, isNum, OUTCOME_COLOR, SCORE_COMPONENTS, stageLabel } from "./format";
import { ScoreBar } from "./ScoreBar";

type Call = RouterOutputs["excellence"]["callDetail"];
type Turn = { speaker: string; text: string; startSeconds: number; endSeconds: number; stage?: string | null };

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-tremor-label text-tremor-content">{label}</dt>
      <dd className="tabular-nums text-tremor-content-strong">{children}</dd>
    </div>
  );
}

function ScoreBreakdown({ call }: { call: Call }) {
  const components = call.components;
  return (
    <Card data-testid="call-score-breakdown">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <Title>Excellence score</Title>
        <span className="text-tremor-metric font-semibold tabular-nums text-tremor-content-strong" data-testid="call-detail-score">
          {formatScore(call.score)}
          <span className="text-tremor-default font-normal text-tremor-content"> / 100</span>
        </span>
      </div>
      {!components ? (
        <Text className="mt-2">Not scored yet: scores are computed a few seconds after a call or its outcomes arrive.</Text>
      ) : (
        <>
          <div className="mt-2">
            <ScoreBar components={components} width="w-full" />
          </div>
          <ul className="mt-4 space-y-2">
            {SCORE_COMPONENTS.map((c) => {
              const points = components[c.key] ?? 0;
              return (
                <li key={c.key} className="grid grid-cols-[10rem_1fr_4.5rem] items-center gap-3" data-testid="score-component" data-component={c.key} data-points={points}>
                  <span className="text-tremor-default text-tremor-content-emphasis">{c.label}</span>
                  <span className="flex items-center gap-2">
                    <span className="h-2 flex-1 rounded-full bg-gray-100">
                      <span className={`block h-2 rounded-full ${c.color}`} style={{ width: `${Math.min(100, (points / c.max) * 100)}%` }} />
                    </span>
                    <span className="hidden text-tremor-label text-tremor-content lg:inline">{c.help}</span>
                  </span>
                  <span className="text-right tabular-nums text-tremor-content-strong">
                    {formatScore(points)} / {c.max}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <dl className="mt-4 grid grid-cols-2 gap-3 border-t border-tremor-border pt-3 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Commitment score">{isNum(call.commitmentScore) ? formatDecimal(call.commitmentScore) : "—"}</Fact>
        <Fact label="Funnel completion">{isNum(call.funnelCompletion) ? formatPercent(call.funnelCompletion > 1 ? call.funnelCompletion / 100 : call.funnelCompletion) : "—"}</Fact>
        <Fact label="BANT">{isNum(call.bantScore) ? formatDecimal(call.bantScore) : "—"}</Fact>
        <Fact label="Objections">{isNum(call.objectionCount) ? call.objectionCount : "—"}</Fact>
        <Fact label="Days to appointment">{isNum(call.daysToAppointment) ? formatDecimal(call.daysToAppointment) : "—"}</Fact>
        <Fact label="Motivation">{call.motivation ?? "—"}</Fact>
      </dl>
      <div className="mt-3 flex flex-wrap items-center gap-1.5" data-testid="call-outcomes">
        <span className="text-tremor-label text-tremor-content">Outcomes attributed to this call:</span>
        {call.outcomes.length === 0 ? (
          <span className="text-tremor-default text-tremor-content-subtle">none yet</span>
        ) : (
          call.outcomes.map((o, i) => (
            <Badge key={`${o.kind}-${i}`} size="xs" color={OUTCOME_COLOR[o.kind] ?? "gray"} title={o.occurredAt}>
              {o.kind.replace(/_/g, " ")}
            </Badge>
          ))
        )}
      </div>
    </Card>
  );
}

/** Consecutive turns of the same stage, in order (a stage may come back, e.g. a late objection). */
function groupByStage(turns: Turn[]): Array<{ stage: string | null; turns: Turn[] }> {
  const groups: Array<{ stage: string | null; turns: Turn[] }> = [];
  for (const t of turns) {
    const stage = t.stage ?? null;
    const last = groups.at(-1);
    if (last && last.stage === stage) last.turns.push(t);
    else groups.push({ stage, turns: [t] });
  }
  return groups;
}

function Transcript({ turns }: { turns: Turn[] }) {
  return (
    <Card data-testid="call-transcript">
      <Title>Transcript</Title>
      {turns.length === 0 ? (
        <Text className="mt-1">No transcript was sent with this call.</Text>
      ) : (
        <div className="mt-3 space-y-4">
          {groupByStage(turns).map((g, i) => (
            <section key={i} data-testid="transcript-stage" data-stage={g.stage ?? ""}>
              <h3 className="text-tremor-label font-semibold uppercase tracking-wide text-tremor-content">
                {stageLabel(g.stage)} <span className="font-normal normal-case">· {clock(g.turns[0]!.startSeconds)}–{clock(g.turns.at(-1)!.endSeconds)}</span>
              </h3>
              <ol className="mt-1 space-y-1.5">
                {g.turns.map((t, j) => (
                  <li key={j} className={`flex gap-3 ${t.speaker === "agent" ? "" : "pl-8"}`} data-testid="transcript-turn" data-speaker={t.speaker}>
                    <span className="w-10 shrink-0 pt-0.5 text-right font-mono text-tremor-label text-tremor-content-subtle">{clock(t.startSeconds)}</span>
                    <div className={`rounded-tremor-default px-3 py-1.5 text-tremor-default ${t.speaker === "agent" ? "bg-blue-50 text-tremor-content-strong" : "bg-gray-100 text-tremor-content-strong"}`}>
                      <span className="mr-2 text-tremor-label font-semibold uppercase text-tremor-content">{t.speaker}</span>
                      {t.text}
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      )}
    </Card>
  );
}

function PredictionCard({ call }: { call: Call }) {
  const { slug, timezone } = useTenantView();
  const p = call.prediction;
  if (!p) return null;
  return (
    <Card data-testid="call-prediction">
      <Title>Show-up prediction</Title>
      <Text>
        {formatPercent(p.probability)} chance to show, predicted {formatShortDateTime(p.predictedAt, timezone)} by{" "}
        <Link href={`/t/${slug}/models/${p.modelVersionId}`} className="text-tremor-brand hover:underline">
          this model version
        </Link>
        {p.actual !== null && p.actual !== undefined && ` · actual: ${p.actual === 1 ? "showed" : "no show"}, error ${isNum(p.errorPoints) ? formatDecimal(p.errorPoints) : "—"} points`}.
      </Text>
    </Card>
  );
}

export function CallDetail({ externalId }: { externalId: string }) {
  const trpc = useTRPC();
  const { slug, timezone } = useTenantView();
  const query = useQuery(trpc.excellence.callDetail.queryOptions({ externalId }));
  const call = query.data;

  if (query.isPending) return <Loading what="the call" />;
  if (!call)
    return (
      <div className="space-y-3">
        <Link href={`/t/${slug}/calls`} className="text-tremor-default text-tremor-brand hover:underline">
          ← Calls
        </Link>
        <ErrorCallout error={query.error} title="Could not load the call" />
      </div>
    );

  const turns = (call.transcript ?? []) as Turn[];
  return (
    <div className="space-y-6" data-testid="call-detail" data-external-id={call.externalId}>
      <div>
        <Link href={`/t/${slug}/calls`} className="text-tremor-default text-tremor-brand hover:underline">
          ← Calls
        </Link>
        <h1 className="mt-2 text-tremor-title font-medium text-tremor-content-strong">
          Call <span className="font-mono">{call.externalId}</span>
        </h1>
        <Text>
          Lead <span className="font-mono">{call.leadExternalId}</span>
          {call.lead.name ? ` (${call.lead.name}${call.lead.company ? `, ${call.lead.company}` : ""})` : call.lead.company ? ` (${call.lead.company})` : ""} · {formatShortDateTime(call.startedAt, timezone)} ·{" "}
          {formatDuration(call.durationSeconds)} · reached {stageLabel(call.stageReached)}
          {call.appointmentAt && ` · appointment ${formatShortDateTime(call.appointmentAt, timezone)}`}
          {call.promptRef && ` · prompt ${call.promptRef}`}
          {call.scoredAt && ` · scored ${formatShortDateTime(call.scoredAt, timezone)}`}
        </Text>
      </div>
      <ErrorCallout error={query.error} title="Could not refresh the call" />
      <ScoreBreakdown call={call} />
      <PredictionCard call={call} />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="xl:col-span-2">
          <Transcript turns={turns} />
        </div>
        <CallAnalysis analysis={call.analysis} />
      </div>
    </div>
  );
}
