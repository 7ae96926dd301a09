"use client";
/** WHEN: weekday × hour heatmap, send windows, days to conversion, gaps and quiet hours. */
import { Card, Text, Title } from "@tremor/react";
import type { WhenDetails } from "@/server/core/patterns/when";
import type { PatternSet, TargetResult } from "@/server/core/patterns/types";
import { formatInt, formatPercent } from "../ui/format";
import { ConfounderChecks } from "./ConfounderCallout";
import { DistributionCard } from "./DistributionCard";
import { WhenHeatmap } from "./WhenHeatmap";
import { GapsCard, QuietHoursCard, WindowsCard } from "./WhenParts";

const nounOf = (target: string) => (target === "replied" ? "Reply" : target[0]!.toUpperCase() + target.slice(1));

export function WhenTab({ set, result }: { set: PatternSet; result: TargetResult }) {
  const details = (set.details ?? {}) as Partial<WhenDetails>;
  const byTarget = Array.isArray(details.byTarget) ? details.byTarget : [];
  const mine = byTarget.find((t) => t.target === result.target);
  const noun = nounOf(result.target);
  const cells = mine?.cells ?? [];

  return (
    <div className="space-y-6">
      <Card>
        <Title>
          {noun} rate by weekday and hour ({result.target})
        </Title>
        <Text>
          Lead-local time, Monday first; {formatInt(result.conversions)} of {formatInt(result.n)} touches, base rate {formatPercent(result.n > 0 ? result.baseRate : null)}. Each cell is tested against all other touches (BH over the cells)
          {details.tenantTimezone ? `; leads without a time zone use ${details.tenantTimezone}` : ""}.
        </Text>
        <div className="mt-4">
          {cells.length === 168 ? (
            <WhenHeatmap cells={cells} findings={result.findings} windows={(mine?.bestWindows ?? []).filter((w) => w.significant)} targetNoun={noun} />
          ) : (
            <p className="text-tremor-default text-tremor-content" data-testid="when-heatmap-missing">No weekday × hour grid in this version of the pattern set.</p>
          )}
        </div>
        <ConfounderChecks findings={result.findings} max={4} />
      </Card>
      {mine && <WindowsCard best={mine.bestWindows ?? []} worst={mine.worstWindows ?? []} byChannel={mine.windowsByChannel ?? {}} baseRate={result.baseRate} candidates={mine.windowCandidates} />}
      <div className="grid gap-6 xl:grid-cols-2">
        {mine?.timeToConversion && (
          <DistributionCard
            title="Days to conversion"
            description={`Days from a lead's first outreach touch to its ${result.target} outcome.`}
            summary={mine.timeToConversion}
            noun="Leads"
            testId="when-days-to-conversion"
          />
        )}
        <QuietHoursCard quiet={details.quietHours} />
      </div>
      {mine?.gaps && <GapsCard gaps={mine.gaps} baseRate={result.baseRate} noun={noun} />}
    </div>
  );
}
