"use client";
/** HOW: sequences, channel contributions (Markov removal effects), multi-channel lift, touches to convert, interventions. */
import { BarChart, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import type { MarkovAttribution } from "@/server/core/patterns/how";
import type { PatternSet, TargetResult } from "@/server/core/patterns/types";
import type { HowDetails } from "@/server/services/patterns/how";
import { channelColor } from "../overview/channels";
import { formatDecimal, formatInt, formatPercent } from "../ui/format";
import { DistributionCard } from "./DistributionCard";
import { ForestLegend, ForestTable } from "./ForestTable";
import { InterventionCard } from "./InterventionCard";
import { MultiChannelCard, SequenceTable } from "./SequenceTable";

function ChannelContributions({ attribution, target }: { attribution: MarkovAttribution; target: string }) {
  const channels = [...(attribution.channels ?? [])].sort((a, b) => b.normalized - a.normalized);
  // One series per channel, stacked: each bar then takes its channel's colour, as in the table and the other charts.
  const data = channels.map((c) => ({ channel: c.channel, [c.channel]: c.normalized }));
  return (
    <Card>
      <Title>Channel contributions ({target})</Title>
      <Text>
        Markov removal effect: how much of the chain&apos;s conversion probability is lost when a channel is taken out, normalised to shares. Fitted on {formatInt(attribution.paths)} distinct paths with{" "}
        {formatInt(attribution.totalConversions)} conversions (conversion probability {formatPercent(attribution.conversionProbability)}).{" "}
        {attribution.replicates
          ? `Shares carry 95% intervals from a Bayesian bootstrap over leads (${formatInt(attribution.replicates)} refits of the chain).`
          : "Point estimates: no interval was computed for this version."}
      </Text>
      {channels.length === 0 ? (
        <Text className="mt-3">No converting paths yet, so no contributions.</Text>
      ) : (
        <div className="mt-4 grid gap-6 lg:grid-cols-2">
          <div data-testid="how-chart">
            <BarChart
              className="h-60"
              data={data}
              index="channel"
              categories={channels.map((c) => c.channel)}
              colors={channels.map((c) => channelColor(c.channel))}
              stack
              layout="vertical"
              valueFormatter={(v) => formatPercent(v, 0)}
              yAxisWidth={80}
              showLegend={false}
            />
          </div>
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Channel</TableHeaderCell>
                <TableHeaderCell className="text-right">Removal effect</TableHeaderCell>
                <TableHeaderCell className="text-right">
                  Share
                  <div className="font-normal text-tremor-content-subtle">[95% CI]</div>
                </TableHeaderCell>
                <TableHeaderCell className="text-right">
                  Attributed
                  <div className="font-normal text-tremor-content-subtle">of {formatInt(attribution.totalConversions)}</div>
                </TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {channels.map((c) => (
                <TableRow key={c.channel}>
                  <TableCell>
                    <span className={`mr-2 inline-block h-2 w-2 rounded-full bg-${channelColor(c.channel)}-500`} />
                    {c.channel}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatPercent(c.removalEffect)}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {formatPercent(c.normalized)}
                    {c.normalizedInterval && (
                      <div className="text-tremor-label text-tremor-content-subtle">
                        [{formatPercent(c.normalizedInterval.lower)}–{formatPercent(c.normalizedInterval.upper)}]
                      </div>
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {formatDecimal(c.attributedConversions)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}

export function HowTab({ set, result }: { set: PatternSet; result: TargetResult }) {
  const details = (set.details ?? {}) as Partial<HowDetails>;
  const mine = (details.byTarget ?? []).find((t) => t.target === result.target);
  const interventions = details.interventions ?? [];

  if (!mine) {
    // The "showed" result: interventions between booking and appointment, units are booked leads.
    return (
      <div className="space-y-6">
        {interventions.map((i) => (
          <InterventionCard key={i.kind} result={i} />
        ))}
        {result.findings.length > 0 && (
          <Card>
            <Title>Findings ({result.target})</Title>
            <ForestTable findings={result.findings} baseRate={result.baseRate} unit="booked leads" testId="how-findings" />
            <ForestLegend baseRate={result.baseRate} n={result.n} unit="booked leads" />
          </Card>
        )}
        {interventions.length === 0 && result.findings.length === 0 && <Text>Nothing was measured for {result.target} in this version.</Text>}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      {mine.attribution ? <ChannelContributions attribution={mine.attribution} target={result.target} /> : <Text>No channel attribution in this version of the pattern set.</Text>}
      <SequenceTable details={mine} findings={result.findings} baseRate={result.baseRate} />
      <div className="grid gap-6 xl:grid-cols-2">
        <MultiChannelCard details={mine} finding={result.findings.find((f) => f.key === "channel_mix=multi")} />
        <DistributionCard title="Touches to convert" description={`Outreach touches a lead received before its ${result.target} outcome.`} summary={mine.touchesToConvert} noun="Leads" testId="how-touches" />
      </div>
      {interventions.map((i) => (
        <InterventionCard key={i.kind} result={i} />
      ))}
    </div>
  );
}
