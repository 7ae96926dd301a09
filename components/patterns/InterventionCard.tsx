"use client";
/**
 * An intervention between booking and appointment (the reminder) and show-up, compared like with
 * like: per stratum, the pooled (raw) comparison, and the adjusted one that is the finding.
 */
import { Badge, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import type { InterventionResult } from "@/server/core/patterns/interventions";
import { formatInt, formatPercent } from "../ui/format";
import { ConfounderCallout, FLIPS_LABEL, flipsDirection, needsAttention } from "./ConfounderCallout";
import { formatP, formatRateInterval, formatRatio, formatRatioInterval, humanize } from "./format";
import { EvidenceBadge } from "./ForestTable";

const VERDICT_COLOR = { consistent: "emerald", amplified: "blue", attenuated: "amber", reversed: "rose" } as const;

export function InterventionCard({ result }: { result: InterventionResult }) {
  const f = result.finding;
  const adjusted = needsAttention(f.confounding) || result.verdict === "reversed" || result.verdict === "attenuated";
  const units = result.strata.reduce((s, x) => s + x.treated.units + x.untreated.units, 0);
  return (
    <Card data-testid={`intervention-${result.kind}`}>
      <div className="flex flex-wrap items-center gap-2">
        <Title>Intervention: {result.kind} → show-up</Title>
        {f.confounding && flipsDirection(f.confounding) ? (
          <Badge color="amber">{FLIPS_LABEL}</Badge>
        ) : (
          <Badge color={VERDICT_COLOR[result.verdict] ?? "gray"}>{result.verdict}</Badge>
        )}
        <EvidenceBadge finding={f} />
      </div>
      <Text>
        Booked leads with a resolved appointment (n={formatInt(units)}), with and without a {result.kind} between booking and appointment, compared within {humanize(result.confounder).toLowerCase()} strata.
      </Text>

      <div className="mt-4 grid gap-4 md:grid-cols-2">
        <div className={`rounded-tremor-default border p-3 ${adjusted ? "border-dashed border-tremor-border bg-tremor-background-muted" : "border-tremor-border"}`}>
          <Text className="text-tremor-label uppercase tracking-wide">Pooled (raw), not the finding{adjusted ? ": misleading here" : ""}</Text>
          <p className={`mt-1 tabular-nums ${adjusted ? "text-tremor-content line-through decoration-1" : "text-tremor-content-strong"}`}>
            {formatPercent(result.raw.treatedRate)} with vs {formatPercent(result.raw.untreatedRate)} without
          </p>
          <p className="text-tremor-default tabular-nums text-tremor-content">
            OR {formatRatio(result.raw.oddsRatio)} {formatRatioInterval(result.raw.interval)}, p {formatP(result.raw.pValue)}
          </p>
        </div>
        <div className="rounded-tremor-default border-2 border-tremor-brand-muted p-3">
          <Text className="text-tremor-label uppercase tracking-wide">Adjusted (the finding)</Text>
          <p className="mt-1 font-medium tabular-nums text-tremor-content-strong">
            {formatPercent(result.adjusted.treatedRate)} {formatRateInterval(f.interval)} with vs {formatPercent(result.adjusted.untreatedRate)} without
          </p>
          <p className="text-tremor-default tabular-nums text-tremor-content">
            Mantel–Haenszel OR {formatRatio(result.adjusted.oddsRatio)} {formatRatioInterval(result.adjusted.interval)}, CMH p {formatP(result.adjusted.pValue)} (adj. {formatP(f.pAdjusted)})
          </p>
          <p className="text-tremor-label text-tremor-content">
            Rates standardised to all booked leads&apos; strata. Breslow–Day homogeneity p {formatP(result.adjusted.homogeneityPValue)}
            {result.adjusted.homogeneityPValue < 0.05 ? ": the effect differs between strata, read the rows below." : "."}
          </p>
        </div>
      </div>

      <Table className="mt-4">
        <TableHead>
          <TableRow>
            <TableHeaderCell>{humanize(result.confounder)}</TableHeaderCell>
            <TableHeaderCell className="text-right">With {result.kind}</TableHeaderCell>
            <TableHeaderCell className="text-right">Without</TableHeaderCell>
            <TableHeaderCell className="text-right">Share given {result.kind}</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.strata.map((s) => {
            const n = s.treated.units + s.untreated.units;
            return (
              <TableRow key={s.stratum}>
                <TableCell>{s.stratum}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatPercent(s.treated.rate)} <span className="text-tremor-label text-tremor-content-subtle">({formatInt(s.treated.successes)} / {formatInt(s.treated.units)})</span>
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatPercent(s.untreated.rate)} <span className="text-tremor-label text-tremor-content-subtle">({formatInt(s.untreated.successes)} / {formatInt(s.untreated.units)})</span>
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatPercent(n > 0 ? s.treated.units / n : null, 0)} <span className="text-tremor-label text-tremor-content-subtle">of {formatInt(n)}</span>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {f.confounding ? (
        <ConfounderCallout note={f.confounding} label={result.kind} />
      ) : (
        <Text className="mt-3">{result.explanation}</Text>
      )}
    </Card>
  );
}
