"use client";
/** How the tenant's calls score: counts, the average, the top-10% threshold, and the distribution in 10-point buckets. */
import { BarChart, Card, Text, Title } from "@tremor/react";
import { formatInt } from "../ui/format";
import type { RouterOutputs } from "../ui/trpc-types";
import { formatScore } from "./format";
import { ScoreLegend } from "./ScoreBar";

type Overview = RouterOutputs["excellence"]["overview"];

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border px-3 py-2" data-testid={testId}>
      <dt className="text-tremor-label text-tremor-content">{label}</dt>
      <dd className="text-tremor-metric font-semibold tabular-nums text-tremor-content-strong">{value}</dd>
      {sub && <dd className="text-tremor-label text-tremor-content-subtle">{sub}</dd>}
    </div>
  );
}

export function ExcellenceOverview({ overview }: { overview: Overview }) {
  const data = overview.distribution.map((b) => ({ score: b.bucket, Calls: b.count }));
  return (
    <Card data-testid="excellence-overview">
      <Title>Excellence scores</Title>
      <Text>
        Every call scored 0–100 as seed 002 defines it: the appointment outcome (up to 50 points), the commitment shown on the call (20), days to the appointment (10), what happened after it (10) and
        referrals (10). Scores are recomputed when outcomes arrive.
      </Text>
      <dl className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Calls" value={formatInt(overview.calls)} testId="overview-calls" />
        <Stat label="Scored" value={formatInt(overview.scored)} sub={overview.calls > overview.scored ? `${formatInt(overview.calls - overview.scored)} waiting to be scored` : "all calls"} testId="overview-scored" />
        <Stat label="Average score" value={formatScore(overview.averageScore)} testId="overview-average" />
        <Stat
          label="Top 10% threshold"
          value={formatScore(overview.topThreshold)}
          sub={overview.topCount ? `the best ${formatInt(overview.topCount)} calls score at least this` : undefined}
          testId="overview-threshold"
        />
      </dl>
      {overview.scored === 0 ? (
        <p className="text-tremor-default text-tremor-content mt-4" data-testid="score-distribution-empty">
          No scored calls yet: calls arrive through the ingestion API (POST /api/v1/calls) and are scored within seconds.
        </p>
      ) : (
        <div className="mt-4" data-testid="score-distribution">
          <Text className="font-medium">Calls per score bucket</Text>
          <BarChart className="mt-2 h-56" data={data} index="score" categories={["Calls"]} colors={["blue"]} valueFormatter={formatInt} yAxisWidth={48} showLegend={false} allowDecimals={false} showAnimation={false} />
          <div className="mt-2">
            <ScoreLegend />
          </div>
        </div>
      )}
    </Card>
  );
}
