"use client";
import { Card, Metric, Text } from "@tremor/react";
import type { RouterOutputs } from "../ui/trpc-types";
import { formatInt, formatMoney, formatPercent } from "../ui/format";

type OverviewData = RouterOutputs["data"]["overview"];

/** Headline counts for the period; rates name the count they are taken from. */
export function KpiCards({ data }: { data: OverviewData }) {
  const stage = (key: string) => data.funnel.find((s) => s.key === key);
  const reached = stage("touched")?.leads ?? 0;
  const ofReached = (n: number) => (reached > 0 ? `${formatPercent(n / reached)} of ${formatInt(reached)} reached` : "no leads reached");
  const cards = [
    { label: "Touches", value: formatInt(data.totals.touches), note: `sent on all channels · ${formatInt(data.totals.leads)} leads stored` },
    { label: "Leads reached", value: formatInt(reached), note: "leads with at least one touch" },
    { label: "Replies", value: formatInt(stage("replied")?.leads ?? 0), note: ofReached(stage("replied")?.leads ?? 0) },
    { label: "Bookings", value: formatInt(stage("booked")?.leads ?? 0), note: ofReached(stage("booked")?.leads ?? 0) },
    { label: "Shows", value: formatInt(stage("showed")?.leads ?? 0), note: ofReached(stage("showed")?.leads ?? 0) },
    { label: "Deals", value: formatInt(stage("converted")?.leads ?? 0), note: ofReached(stage("converted")?.leads ?? 0) },
    { label: "Revenue", value: formatMoney(data.totals.revenue), note: "sum of converted outcome values" },
  ];
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-4 xl:grid-cols-7" data-testid="kpi-cards">
      {cards.map((c) => (
        <Card key={c.label} className="p-4">
          <Text>{c.label}</Text>
          <Metric className="mt-1 text-2xl">{c.value}</Metric>
          <Text className="mt-1 text-tremor-label">{c.note}</Text>
        </Card>
      ))}
    </div>
  );
}
