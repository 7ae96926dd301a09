"use client";
/** A histogram with its quartiles and count (days to conversion, touches to convert). */
import { BarChart, Card, Text, Title } from "@tremor/react";
import type { DistributionSummary } from "@/server/core/patterns/how-when-common";
import { formatDecimal, formatInt } from "../ui/format";
import { isNum } from "./format";

const fmt = (v: number | null | undefined, unit: string) => (isNum(v) ? `${formatDecimal(v)} ${unit}` : "—");

export function DistributionCard({ title, description, summary, noun, testId }: { title: string; description: string; summary: DistributionSummary | undefined; noun: string; testId?: string }) {
  if (!summary || !Array.isArray(summary.histogram)) return null;
  const data = summary.histogram.map((b) => ({ bucket: b.label, [noun]: b.count }));
  return (
    <Card data-testid={testId}>
      <Title>{title}</Title>
      <Text>{description}</Text>
      {summary.n === 0 ? (
        <Text className="mt-3">No conversions to measure yet.</Text>
      ) : (
        <>
          <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-tremor-default tabular-nums">
            <div>
              <dt className="inline text-tremor-content">n </dt>
              <dd className="inline font-medium text-tremor-content-strong">{formatInt(summary.n)}</dd>
            </div>
            <div>
              <dt className="inline text-tremor-content">median </dt>
              <dd className="inline font-medium text-tremor-content-strong">{fmt(summary.median, summary.unit)}</dd>
            </div>
            <div>
              <dt className="inline text-tremor-content">middle half </dt>
              <dd className="inline font-medium text-tremor-content-strong">
                {isNum(summary.p25) ? formatDecimal(summary.p25) : "—"}–{fmt(summary.p75, summary.unit)}
              </dd>
            </div>
            <div>
              <dt className="inline text-tremor-content">mean </dt>
              <dd className="inline font-medium text-tremor-content-strong">{fmt(summary.mean, summary.unit)}</dd>
            </div>
          </dl>
          <BarChart className="mt-3 h-48" data={data} index="bucket" categories={[noun]} colors={["blue"]} valueFormatter={formatInt} yAxisWidth={48} showLegend={false} allowDecimals={false} />
        </>
      )}
    </Card>
  );
}
