"use client";
import { BarChart, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import type { RouterOutputs } from "../ui/trpc-types";
import { formatInt, formatPercent } from "../ui/format";

type Stage = RouterOutputs["data"]["overview"]["funnel"][number];

/** Leads per funnel stage (touched → replied → booked → showed → converted) and step conversion. */
export function FunnelCard({ funnel, days }: { funnel: Stage[]; days: number }) {
  const chartData = funnel.map((s) => ({ stage: s.label, Leads: s.leads }));
  return (
    <Card>
      <Title>Funnel</Title>
      <Text>Distinct leads reaching each stage in the last {days} days.</Text>
      <div className="mt-4 grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2" data-testid="overview-chart">
          <BarChart className="h-72" data={chartData} index="stage" categories={["Leads"]} colors={["blue"]} valueFormatter={formatInt} yAxisWidth={56} showLegend={false} allowDecimals={false} />
        </div>
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Stage</TableHeaderCell>
              <TableHeaderCell className="text-right">Leads</TableHeaderCell>
              <TableHeaderCell className="text-right">From previous</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {funnel.map((s, i) => (
              <TableRow key={s.key}>
                <TableCell>{s.label}</TableCell>
                <TableCell className="text-right tabular-nums">{formatInt(s.leads)}</TableCell>
                <TableCell className="text-right tabular-nums" title={i > 0 ? `${formatInt(s.leads)} of ${formatInt(funnel[i - 1]!.leads)}` : undefined}>
                  {i === 0 ? "—" : formatPercent(s.fromPrevious)}
                  {i > 0 && <span className="ml-1 text-tremor-label text-tremor-content-subtle">(n={formatInt(funnel[i - 1]!.leads)})</span>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </Card>
  );
}
