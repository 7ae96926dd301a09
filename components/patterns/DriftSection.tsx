"use client";
/**
 * Drift of one pattern type: sample size and confidence over versions, and the latest version's
 * drift against the one before (population stability index, rank changes, findings that became
 * or stopped being significant).
 */
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, LineChart, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import type { PatternDrift, TargetDrift } from "@/server/core/patterns/drift";
import type { PatternSet, PatternType } from "@/server/core/patterns/types";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDecimal, formatInt } from "../ui/format";
import { Loading } from "../ui/Loading";
import { formatConfidence, isNum } from "./format";

const LEVEL_COLOR = { stable: "emerald", warning: "amber", alert: "rose" } as const;
const psiLevel = (psi: number) => (psi > 0.25 ? "alert" : psi > 0.1 ? "warning" : "stable");

function TargetDriftDetail({ drift, labels }: { drift: TargetDrift; labels: Map<string, string> }) {
  const name = (key: string) => labels.get(key) ?? key;
  return (
    <div className="mt-3">
      <Text className="font-medium text-tremor-content-strong">Rank changes ({drift.target})</Text>
      {drift.topChanges.length === 0 ? (
        <Text>The top findings kept their ranks.</Text>
      ) : (
        <ul className="mt-1 space-y-0.5 text-tremor-default text-tremor-content">
          {drift.topChanges.slice(0, 8).map((c) => (
            <li key={c.key} className="tabular-nums">
              {c.label}: {c.previousRank === null ? "new" : `#${c.previousRank}`} → {c.rank === null ? "gone" : `#${c.rank}`}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        <div>
          <Text className="text-tremor-label uppercase tracking-wide">Became significant</Text>
          <Text>{drift.entered.length ? drift.entered.map(name).join(", ") : "none"}</Text>
        </div>
        <div>
          <Text className="text-tremor-label uppercase tracking-wide">No longer significant</Text>
          <Text>{drift.left.length ? drift.left.map(name).join(", ") : "none"}</Text>
        </div>
      </div>
    </div>
  );
}

export function DriftSection({ type, set, target, timezone }: { type: PatternType; set: PatternSet; target: string | undefined; timezone: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.patterns.history.queryOptions({ type, limit: 26 }));
  const rows = history.data ?? [];
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, day: "numeric", month: "short" });
  const chart = [...rows].reverse().map((r) => ({ version: `v${r.version} · ${day.format(new Date(r.computedAt))}`, "Sample size": r.sampleSize, Confidence: r.confidence }));
  const latest = rows[0];
  const drift = (latest?.drift ?? null) as PatternDrift | null;
  const labels = new Map(set.results.flatMap((r) => r.findings.map((f) => [f.key, f.label] as const)));
  const focus = drift?.targets.find((t) => t.target === target) ?? drift?.targets[0];

  return (
    <Card data-testid={`drift-${type}`}>
      <Title>Drift over versions</Title>
      <Text>How much evidence each computation rested on, and how the latest one moved from the previous.</Text>
      {history.isPending && <Loading what="the history" />}
      <ErrorCallout error={history.error} title="Could not load the history" />
      {rows.length > 0 && (
        <div className="mt-4 grid gap-6 lg:grid-cols-2">
          <div>
            <Text className="font-medium">Sample size (outcomes)</Text>
            <LineChart className="mt-2 h-48" data={chart} index="version" categories={["Sample size"]} colors={["blue"]} valueFormatter={formatInt} yAxisWidth={56} showLegend={false} allowDecimals={false} />
          </div>
          <div>
            <Text className="font-medium">Confidence (0–1)</Text>
            <LineChart className="mt-2 h-48" data={chart} index="version" categories={["Confidence"]} colors={["emerald"]} valueFormatter={(v) => formatConfidence(v)} yAxisWidth={40} minValue={0} maxValue={1} showLegend={false} />
          </div>
        </div>
      )}
      {rows.length === 1 && <Text className="mt-3">Only one version so far: drift appears from the second computation (weekly, or run a backfill).</Text>}
      {drift && (
        <div className="mt-4 border-t border-tremor-border pt-4">
          <div className="flex flex-wrap items-center gap-2">
            <Text className="font-medium text-tremor-content-strong">
              v{latest!.version} against v{drift.previousVersion}
            </Text>
            <Badge color={LEVEL_COLOR[drift.level]}>{drift.level}</Badge>
            <Text className="text-tremor-label">max PSI {formatDecimal(drift.maxPsi)} (&lt; 0.1 stable, 0.1–0.25 moderate, &gt; 0.25 significant shift)</Text>
          </div>
          <Table className="mt-2">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Target</TableHeaderCell>
                <TableHeaderCell className="text-right">PSI</TableHeaderCell>
                <TableHeaderCell className="text-right" title="Spearman correlation of lifts over findings present in both versions">
                  Lift rank correlation
                </TableHeaderCell>
                <TableHeaderCell className="text-right">Rank changes</TableHeaderCell>
                <TableHeaderCell className="text-right">Entered / left</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {drift.targets.map((t) => (
                <TableRow key={t.target}>
                  <TableCell>{t.target}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {formatDecimal(t.psi)} <Badge size="xs" color={LEVEL_COLOR[psiLevel(t.psi)]}>{psiLevel(t.psi)}</Badge>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{isNum(t.liftRankCorrelation) ? t.liftRankCorrelation.toFixed(2) : "— (fewer than 3 shared)"}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatInt(t.topChanges.length)}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    +{formatInt(t.entered.length)} / −{formatInt(t.left.length)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {focus && <TargetDriftDetail drift={focus} labels={labels} />}
        </div>
      )}
      {latest && !drift && rows.length > 1 && <Text className="mt-3">The latest version has no drift record.</Text>}
    </Card>
  );
}
