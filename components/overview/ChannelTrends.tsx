"use client";
/** Weekly touches by channel, and weekly reply rate by channel with the counts behind each rate. */
import { AreaChart, Card, LineChart, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title, type CustomTooltipProps } from "@tremor/react";
import { useMemo } from "react";
import { formatInt, formatPercent, formatWeek } from "../ui/format";
import { channelColor, channelTotals, pivotWeekly, type WeeklyRow } from "./channels";

type Row = Record<string, string | number | null>;

function RateTooltip({ payload, active, label }: CustomTooltipProps) {
  if (!active || !payload?.length) return null;
  const row = payload[0]!.payload as Row;
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-2 text-tremor-default shadow-tremor-dropdown">
      <p className="mb-1 font-medium text-tremor-content-strong">Week of {String(label)}</p>
      {payload.map((p) => {
        const channel = String(p.dataKey);
        const touches = Number(row[`${channel}__touches`] ?? 0);
        const replies = Number(row[`${channel}__replies`] ?? 0);
        return (
          <p key={channel} className="flex justify-between gap-4 tabular-nums">
            <span>{channel}</span>
            <span>
              {formatPercent(touches > 0 ? replies / touches : null)} <span className="text-tremor-content-subtle">({formatInt(replies)}/{formatInt(touches)})</span>
            </span>
          </p>
        );
      })}
    </div>
  );
}

export function ChannelTrends({ rows, channels, days }: { rows: WeeklyRow[]; channels: readonly string[]; days: number }) {
  const { touchData, rateData } = useMemo(() => {
    const pivot = pivotWeekly(rows, channels);
    return {
      touchData: pivot.map((r) => ({ ...Object.fromEntries(channels.map((c) => [c, r[c]])), week: formatWeek(r.week) })),
      rateData: pivot.map((r) => {
        const out: Row = { week: formatWeek(r.week) };
        for (const c of channels) {
          out[c] = r[`${c}__rate`];
          out[`${c}__touches`] = r[`${c}__touches`];
          out[`${c}__replies`] = r[`${c}__replies`];
        }
        return out;
      }),
    };
  }, [rows, channels]);
  const totals = useMemo(() => channelTotals(rows, channels), [rows, channels]);
  const colors = channels.map(channelColor);

  if (rows.length === 0) {
    return (
      <Card>
        <Title>Weekly touches by channel</Title>
        <Text className="mt-2">No touches were sent in the last {days} days. Choose a longer period, or send touches through the API.</Text>
      </Card>
    );
  }

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card>
        <Title>Weekly touches by channel</Title>
        <Text>Touches sent per week, stacked by channel. The latest week may be partial.</Text>
        <AreaChart className="mt-4 h-72" data={touchData} index="week" categories={[...channels]} colors={colors} stack valueFormatter={formatInt} yAxisWidth={56} allowDecimals={false} data-testid="touches-chart" />
      </Card>
      <Card>
        <Title>Weekly reply rate by channel</Title>
        <Text>Replied touches ÷ touches sent that week; hover for the counts. Weeks with no touches on a channel are gaps.</Text>
        <LineChart
          className="mt-4 h-72"
          data={rateData}
          index="week"
          categories={[...channels]}
          colors={colors}
          valueFormatter={(v) => formatPercent(v, 0)}
          yAxisWidth={48}
          customTooltip={RateTooltip}
          data-testid="reply-rate-chart"
        />
      </Card>
      <Card className="xl:col-span-2">
        <Title>By channel, last {days} days</Title>
        <Table className="mt-2">
          <TableHead>
            <TableRow>
              <TableHeaderCell>Channel</TableHeaderCell>
              <TableHeaderCell className="text-right">Touches</TableHeaderCell>
              <TableHeaderCell className="text-right">Replied touches</TableHeaderCell>
              <TableHeaderCell className="text-right">Reply rate</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {totals.map((t) => (
              <TableRow key={t.channel}>
                <TableCell>
                  <span className={`mr-2 inline-block h-2 w-2 rounded-full bg-${channelColor(t.channel)}-500`} />
                  {t.channel}
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatInt(t.touches)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatInt(t.replies)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatPercent(t.rate)} <span className="text-tremor-label text-tremor-content-subtle">(n={formatInt(t.touches)})</span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
    </div>
  );
}
