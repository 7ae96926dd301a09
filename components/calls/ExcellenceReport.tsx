"use client";
/**
 * The latest Excellence Report (seed 002): the top 10% of calls against the rest, the patterns
 * that separate them with their evidence, and recommendations; admins generate one now and turn
 * it into prompt variants (a draft experiment waiting in Approvals). The JSON download is built
 * from the report already loaded (the HTTP endpoint, GET /api/v1/excellence/report, picks the
 * tenant from a header a plain link cannot send).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Callout, Card, Text, Title } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { controlClass } from "../experiments/fields";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDate, formatInt, formatShortDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import type { RouterOutputs } from "../ui/trpc-types";
import { reportView, type ReportView } from "./report-view";
import { BehaviourTable, FigureCards, KeyValues, LanguageSection, Recommendations, StructureTable } from "./ReportSections";

type ReportRow = NonNullable<RouterOutputs["excellence"]["report"]>;
type Proposal = { skipped: string } | { approvalId: string; experimentKey: string; promptName?: string; variants: Array<{ key: string; version?: number; title: string; rationale: string }> };

function download(row: ReportRow) {
  const blob = new Blob([JSON.stringify(row.report, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `excellence-report-${new Date(row.generatedAt).toISOString().slice(0, 10)}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ProposalResult({ proposal }: { proposal: Proposal }) {
  const { slug } = useTenantView();
  if ("skipped" in proposal)
    return (
      <p className="text-tremor-default text-tremor-content-emphasis" role="status" data-testid="propose-result" data-outcome="skipped">
        Not proposed: {proposal.skipped}.
      </p>
    );
  return (
    <div className="text-tremor-default text-tremor-content-emphasis" role="status" data-testid="propose-result" data-outcome="proposed">
      <p>
        Approval requested: a draft experiment <span className="font-mono">{proposal.experimentKey}</span>
        {proposal.promptName ? ` on ${proposal.promptName}` : ""} with {proposal.variants.length} variant{proposal.variants.length === 1 ? "" : "s"} starts when an admin approves it.{" "}
        <Link href={`/t/${slug}/approvals#approval-${proposal.approvalId}`} className="text-tremor-brand hover:underline" data-testid="propose-approval-link">
          Review it in Approvals
        </Link>
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {proposal.variants.map((v) => (
          <li key={v.key}>
            <span className="font-medium">{v.title}</span>
            {v.version !== undefined && <span className="text-tremor-content"> (v{v.version})</span>}: {v.rationale}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReportActions({ row }: { row: ReportRow | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canRun = useCan("excellence:run");
  const [lookback, setLookback] = useState("30");
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.excellence.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() })]);
  const generate = useMutation(
    trpc.excellence.generate.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.excellence.report.queryKey({}), next);
        return refresh();
      },
    }),
  );
  const propose = useMutation(trpc.excellence.proposeVariants.mutationOptions({ onSuccess: refresh }));
  const days = Number(lookback);
  const lookbackOk = Number.isInteger(days) && days >= 1 && days <= 3650;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        {row && (
          <Button size="xs" variant="secondary" onClick={() => download(row)} data-testid="report-download">
            Download JSON
          </Button>
        )}
        {canRun && (
          <>
            <label className="flex items-center gap-1 text-tremor-default text-tremor-content-emphasis">
              Last
              <input type="number" min={1} max={3650} className={`${controlClass} w-20`} value={lookback} onChange={(e) => setLookback(e.target.value)} aria-label="Lookback days" data-testid="report-lookback" />
              days
            </label>
            <Button size="xs" onClick={() => generate.mutate({ lookbackDays: days })} loading={generate.isPending} disabled={!lookbackOk} data-testid="report-generate">
              Generate report now
            </Button>
            <Button size="xs" variant="secondary" onClick={() => propose.mutate(row ? { reportId: row.id } : {})} loading={propose.isPending} disabled={!row} data-testid="report-propose">
              Propose prompt variants
            </Button>
          </>
        )}
      </div>
      {!canRun && <Text className="text-tremor-label">Only admins and owners can generate a report or propose prompt variants.</Text>}
      {propose.data && <ProposalResult proposal={propose.data as unknown as Proposal} />}
      <ErrorCallout error={generate.error} title="Could not generate the report" />
      <ErrorCallout error={propose.error} title="Could not propose prompt variants" />
    </div>
  );
}

function ReportBody({ row, view }: { row: ReportRow; view: ReportView }) {
  return (
    <div className="mt-4 space-y-6">
      {view.topPerformers.length > 0 && (
        <section>
          <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Top performers</h3>
          <Text>The top 10% of the period&apos;s {formatInt(row.callCount)} scored calls{view.comparedWith ? `, compared with ${view.comparedWith}` : ""}.</Text>
          <div className="mt-2">
            <FigureCards entries={view.topPerformers} testId="report-top-performers" />
          </div>
        </section>
      )}
      <section>
        <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Language: what the top calls say, stage by stage</h3>
        <Text>Phrases that separate the top 10% from the rest within each call stage, ranked by the log-odds z with an informative prior; counts are calls on each side.</Text>
        <div className="mt-2">
          <LanguageSection view={view} />
        </div>
      </section>
      <section>
        <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Structure</h3>
        <Text>Durations, talk ratio and questions: medians per cohort, the difference and the standardized effect size with 95% intervals, Benjamini–Hochberg q.</Text>
        <div className="mt-2">
          <StructureTable rows={view.structure} />
        </div>
      </section>
      <section>
        <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Behaviour</h3>
        <Text>Share of calls showing each behaviour (objection handling, confirmation step, commitment asks…) per cohort, and the difference with its 95% interval.</Text>
        <div className="mt-2">
          <BehaviourTable rows={view.behaviour} />
        </div>
      </section>
      {(view.modelPerformance || view.activeOptimizations.length > 0) && (
        <div className="grid gap-6 lg:grid-cols-2">
          <section data-testid="report-model-performance">
            <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Show-up model</h3>
            {view.modelPerformance ? <KeyValues value={view.modelPerformance} /> : <Text>No show-up model in production when the report was written.</Text>}
          </section>
          <section data-testid="report-active-optimizations">
            <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Experiments running</h3>
            {view.activeOptimizations.length === 0 ? (
              <Text>None.</Text>
            ) : (
              <ul className="space-y-1">
                {view.activeOptimizations.map((o, i) => (
                  <li key={i}>
                    <KeyValues value={o} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
      <section>
        <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Recommendations</h3>
        <div className="mt-2">
          <Recommendations items={view.recommendations} />
        </div>
      </section>
    </div>
  );
}

export function ExcellenceReport() {
  const trpc = useTRPC();
  const { timezone } = useTenantView();
  const canRun = useCan("excellence:run");
  const query = useQuery(trpc.excellence.report.queryOptions({}));
  const row = query.data ?? null;
  const view = row ? reportView(row.report) : null;
  const state = !row ? "none" : view?.insufficient ? "too-few" : "ready";

  return (
    <Card data-testid="excellence-report" data-state={query.isPending ? undefined : state} data-report-id={row?.id ?? ""}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl">
          <Title>Excellence Report</Title>
          {row ? (
            <p className="text-tremor-default text-tremor-content" data-testid="report-generated-at">
              Generated {formatShortDateTime(row.generatedAt, timezone)} over calls from {formatDate(row.periodFrom, timezone)} to {formatDate(row.periodTo, timezone)} · {formatInt(row.callCount)} scored
              calls. Written weekly (Sunday) and on demand.
            </p>
          ) : (
            <Text>What the top 10% of calls do that the rest don&apos;t. Written weekly (Sunday) and on demand.</Text>
          )}
        </div>
        <ReportActions row={row} />
      </div>
      <ErrorCallout error={query.error} title="Could not load the report" />
      {query.isPending ? (
        <Loading what="the report" />
      ) : !row ? (
        <p className="text-tremor-default text-tremor-content mt-4" data-testid="report-none">
          No report yet.{canRun ? " Generate one now, or wait for the weekly run." : " The weekly run writes one, or an admin can generate it now."}
        </p>
      ) : !view ? (
        <Text className="mt-4">This report could not be read; download the JSON to inspect it.</Text>
      ) : view.insufficient ? (
        <>
          <Callout title="Too few calls for a comparison" color="amber" className="mt-4" data-testid="report-too-few">
            <p>{view.insufficient.message}</p>
            {view.insufficient.needed !== null && (
              <p className="mt-1 font-medium">
                {formatInt(view.insufficient.needed)} more call{view.insufficient.needed === 1 ? "" : "s"} needed
                {view.insufficient.minimum !== null ? ` (the comparison needs at least ${formatInt(view.insufficient.minimum)} scored calls in the period)` : ""}.
              </p>
            )}
          </Callout>
          {view.topPerformers.length > 0 && <ReportBody row={row} view={view} />}
        </>
      ) : (
        <ReportBody row={row} view={view} />
      )}
    </Card>
  );
}
