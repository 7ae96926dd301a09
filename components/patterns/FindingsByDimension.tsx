"use client";
/** Findings of one target grouped by what was varied (industry, CTA, …), each group as a forest plot. */
import { Badge, Text } from "@tremor/react";
import { useState } from "react";
import type { Finding } from "@/server/core/patterns/types";
import type { BinTrend } from "@/server/core/patterns/who-trend";
import { formatInt, formatPercent } from "../ui/format";
import { formatP, groupByDimension, humanize } from "./format";
import { ForestTable } from "./ForestTable";

/** The position of an ordered value ("bin:3", "151-300", "2"), or null for a categorical one. */
function orderOf(value: string): number | null {
  const bin = /^bin:(\d+)$/.exec(value);
  if (bin) return Number(bin[1]);
  const leading = /^(\d+(?:\.\d+)?)(?:\s*[-–+]|$)/.exec(value);
  return leading ? Number(leading[1]) : null;
}

const UNORDERED = new Set(["(missing)", "(other)"]);

/** Binned and counted dimensions (company size, body length, questions) read best in their own order, low to high. */
function naturalOrder(findings: Finding[]): Finding[] {
  const ordered = findings.filter((f) => !UNORDERED.has(f.value));
  if (ordered.length < 2 || ordered.some((f) => orderOf(f.value) === null)) return findings;
  return [...ordered.sort((a, b) => orderOf(a.value)! - orderOf(b.value)!), ...findings.filter((f) => UNORDERED.has(f.value))];
}

/** "p = 0.012", "p < 0.001". */
const pText = (p: number) => (formatP(p).startsWith("<") ? `p ${formatP(p).replace("<", "< ")}` : `p = ${formatP(p)}`);

/** What the bins say together: a rise or fall with the number, or none (and why: a curved shape, or strata that remove it). */
function TrendLine({ trend, name }: { trend: BinTrend; name: string }) {
  const subject = name.replace(/ \(attribute\)$/, "").toLowerCase();
  const trendP = `trend ${pText(trend.pAdjusted)}`;
  let text: string;
  if (trend.direction !== "none") text = `${trend.direction === "rising" ? "↗ Rises" : "↘ Falls"} with ${subject} (${trendP})${trend.steady ? ", bin by bin" : ", overall though not bin by bin"}.`;
  else if (trend.curved) text = `No steady rise or fall with ${subject}: the bins differ, but not in one direction (departure from a line ${pText(trend.departurePValue)}).`;
  else if (trend.adjusted)
    text = `No trend within ${trend.adjusted.confounder.replace(/^attributes\./, "").replace(/_/g, " ")} strata (${pText(trend.adjusted.pValue)}): the overall ${trend.zScore > 0 ? "rise" : "fall"} (${trendP}) is their mix.`;
  else text = `No steady rise or fall with ${subject} (${trendP}).`;
  return (
    <p className={`text-tremor-label ${trend.direction === "none" ? "text-tremor-content" : "text-tremor-content-emphasis"}`} data-testid="trend-line" data-direction={trend.direction}>
      {text}
    </p>
  );
}

export function FindingsByDimension({
  findings,
  baseRate,
  unit,
  testId,
  labels = {},
  trends = {},
}: {
  findings: Finding[];
  baseRate: number;
  unit: string;
  testId: string;
  labels?: Record<string, string>;
  /** Binned dimensions' trends across their bins (WHO), by dimension. */
  trends?: Record<string, BinTrend>;
}) {
  const [onlySignificant, setOnlySignificant] = useState(false);
  const groups = groupByDimension(findings);
  // A two-valued dimension's second side is the same comparison (Finding.mirrorOf): counted once.
  const comparisons = (of: Finding[]) => of.filter((f) => f.mirrorOf === undefined);
  const significant = comparisons(findings).filter((f) => f.significant).length;
  const mirrored = findings.length - comparisons(findings).length;
  return (
    <div data-testid={testId}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <Text>
          {formatInt(findings.length)} values compared with the rest of their population
          {mirrored > 0 ? ` in ${formatInt(findings.length - mirrored)} comparisons (a two-valued attribute is one)` : ""}; {formatInt(significant)} significant.
        </Text>
        <label className="flex items-center gap-2 text-tremor-default text-tremor-content">
          <input type="checkbox" checked={onlySignificant} onChange={(e) => setOnlySignificant(e.target.checked)} />
          Only significant
        </label>
      </div>
      {groups.map((g) => {
        const inOrder = naturalOrder(g.findings);
        const shown = onlySignificant ? inOrder.filter((f) => f.significant) : inOrder;
        if (shown.length === 0) return null;
        const tests = comparisons(g.findings);
        const sig = tests.filter((f) => f.significant).length;
        return (
          <section key={g.dimension} className="mt-4" aria-label={labels[g.dimension] ?? humanize(g.dimension)}>
            <div className="flex items-center gap-2">
              <h3 className="text-tremor-default font-semibold text-tremor-content-strong">{labels[g.dimension] ?? humanize(g.dimension)}</h3>
              <Badge size="xs" color={sig > 0 ? "emerald" : "gray"}>
                {tests.length === 1 && g.findings.length === 2 ? (sig ? "significant, one comparison" : "one comparison") : `${sig} of ${tests.length} significant`}
              </Badge>
            </div>
            {trends[g.dimension] && <TrendLine trend={trends[g.dimension]!} name={labels[g.dimension] ?? humanize(g.dimension)} />}
            {g.findings[0]?.reference !== undefined && (
              <p className="text-tremor-label text-tremor-content-emphasis" data-testid="reference-line">
                Each compared with {g.findings[0].reference} ({formatPercent(g.findings[0].restRate)}), the control, not with the rest: effect = rate ÷ the control&apos;s rate.
              </p>
            )}
            <ForestTable findings={shown} baseRate={baseRate} unit={unit} short />
          </section>
        );
      })}
      {onlySignificant && significant === 0 && <Text className="mt-3">No value is significant for this target yet.</Text>}
    </div>
  );
}
