"use client";
/**
 * Findings as a forest plot: one row per finding with its rate as a bar, the interval as an error
 * bar and the base rate as a dashed line, all on one scale; beside it n, conversions, the reported
 * effect with its interval, the adjusted p, confidence and what the evidence allows.
 */
import { Badge, Table, TableBody, TableHead, TableRow } from "@tremor/react";
import type { Finding } from "@/server/core/patterns/types";
import { formatInt, formatPercent } from "../ui/format";
import { CountCell, EffectCell, RateCell, Td, Th } from "./cells";
import { findingColor, formatConfidence, formatP, formatRateInterval, humanize, isAdjusted, isNum, moreOutcomes, reportedEffect } from "./format";

const W = 180;
const H = 22;

const STROKE: Record<string, string> = { emerald: "stroke-emerald-600", rose: "stroke-rose-600", amber: "stroke-amber-500", gray: "stroke-gray-500" };
const FILL: Record<string, string> = { emerald: "fill-emerald-200", rose: "fill-rose-200", amber: "fill-amber-100", gray: "fill-gray-200" };
const DOT: Record<string, string> = { emerald: "fill-emerald-600", rose: "fill-rose-600", amber: "fill-amber-500", gray: "fill-gray-500" };

/** A round upper bound and tick step for rates in [0, max]. */
export function rateScale(max: number): { max: number; step: number } {
  const m = isNum(max) && max > 0 ? Math.min(1, max) : 0.1;
  for (const step of [0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25]) {
    const top = Math.ceil((m * 1.05) / step) * step;
    if (top / step <= 4) return { max: Math.min(1, top), step };
  }
  return { max: 1, step: 0.25 };
}

export function RateAxis({ max, step, width = W }: { max: number; step: number; width?: number }) {
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(t);
  return (
    <svg width={width} height={18} className="overflow-visible" aria-hidden>
      <line x1={0} x2={width} y1={17} y2={17} className="stroke-gray-300" />
      {ticks.map((t) => (
        <text key={t} x={(t / max) * width} y={11} textAnchor={t === 0 ? "start" : t >= max - 1e-9 ? "end" : "middle"} className="fill-gray-500 text-[10px]">
          {`${Number((t * 100).toFixed(1))}%`}
        </text>
      ))}
    </svg>
  );
}

export interface RateBarProps {
  rate: number;
  lower: number;
  upper: number;
  baseRate?: number | null;
  max: number;
  color: string;
  /** Raw figures a confounder explains: drawn hollow and dashed so they do not read as the finding. */
  muted?: boolean;
  title: string;
  width?: number;
}

/** One bar with its interval; exported for other rate charts (gap buckets, sequences). */
export function RateBar({ rate, lower, upper, baseRate, max, color, muted, title, width = W }: RateBarProps) {
  const x = (v: number) => Math.max(0, Math.min(width, (v / max) * width));
  const y = H / 2;
  return (
    <svg width={width} height={H} role="img" aria-label={title} className="overflow-visible">
      <title>{title}</title>
      <rect x={0} y={y - 5} width={x(rate)} height={10} rx={2} className={muted ? "fill-none stroke-gray-400" : FILL[color]} strokeDasharray={muted ? "3 2" : undefined} />
      {isNum(baseRate) && <line x1={x(baseRate)} x2={x(baseRate)} y1={0} y2={H} className="stroke-gray-400" strokeDasharray="3 2" />}
      <line x1={x(lower)} x2={x(upper)} y1={y} y2={y} className={muted ? "stroke-gray-400" : STROKE[color]} strokeWidth={1.5} />
      <line x1={x(lower)} x2={x(lower)} y1={y - 4} y2={y + 4} className={muted ? "stroke-gray-400" : STROKE[color]} strokeWidth={1.5} />
      <line x1={x(upper)} x2={x(upper)} y1={y - 4} y2={y + 4} className={muted ? "stroke-gray-400" : STROKE[color]} strokeWidth={1.5} />
      <circle cx={x(rate)} cy={y} r={3} className={muted ? "fill-white stroke-gray-500" : DOT[color]} />
    </svg>
  );
}

/** Tremor badges are w-max with a nowrap label; in a narrow table cell they may wrap instead (with `Wrapping`). */
const WRAP = "w-auto max-w-[10rem] whitespace-normal text-left";
/** The badge's own label span is whitespace-nowrap: this one inside it lets a long label wrap within WRAP's width. */
const Wrapping = ({ children }: { children: React.ReactNode }) => <span className="whitespace-normal">{children}</span>;

export function EvidenceBadge({ finding }: { finding: Pick<Finding, "significant" | "direction" | "outcomesNeeded" | "confounding" | "pooled"> }) {
  if (finding.pooled)
    return (
      <Badge size="xs" color="gray" className={WRAP} title="The values beyond the most common ones, pooled: shown for completeness, never reported as a pattern">
        <Wrapping>pooled rare values</Wrapping>
      </Badge>
    );
  if (finding.outcomesNeeded > 0)
    return (
      <Badge size="xs" color="amber" className={WRAP} title="Below the minimum number of outcomes; the estimate is shown but not reported as a pattern">
        <Wrapping>needs {moreOutcomes(finding.outcomesNeeded)}</Wrapping>
      </Badge>
    );
  const adjusted = isAdjusted(finding.confounding);
  if (finding.significant)
    return (
      <Badge size="xs" color={findingColor(finding)} className={WRAP}>
        <Wrapping>
          {finding.direction === "negative" ? "significantly lower" : "significantly higher"}
          {adjusted ? " (adjusted)" : ""}
        </Wrapping>
      </Badge>
    );
  return (
    <Badge size="xs" color="gray" className={WRAP}>
      <Wrapping>{adjusted ? `explained by ${humanize(finding.confounding!.confounder).toLowerCase()}` : "not significant"}</Wrapping>
    </Badge>
  );
}

export function rateTitle(f: Pick<Finding, "label" | "rate" | "interval" | "n" | "conversions">, noun = "rate") {
  return `${f.label}: ${noun} ${formatPercent(f.rate)} (${Math.round((f.interval.level ?? 0.95) * 100)}% CI ${formatRateInterval(f.interval)}), ${formatInt(f.conversions)} of n=${formatInt(f.n)}`;
}

/** "industry: SaaS" → "SaaS" when the table is already headed by its dimension. */
const shortLabel = (label: string) => (label.includes(": ") ? label.slice(label.indexOf(": ") + 2) : label);

export function ForestTable({ findings, baseRate, unit = "units", testId, short = false, scaleMax }: { findings: Finding[]; baseRate?: number | null; unit?: string; testId?: string; short?: boolean; scaleMax?: number }) {
  const scale = rateScale(scaleMax ?? Math.max(baseRate ?? 0, ...findings.map((f) => (isNum(f.interval?.upper) ? f.interval.upper : f.rate))));
  return (
    <div data-testid={testId} className="overflow-x-auto">
      <Table>
        <TableHead>
          <TableRow>
            <Th>Value</Th>
            <Th>
              <RateAxis max={scale.max} step={scale.step} />
            </Th>
            <Th right>Rate [95%&nbsp;CI]</Th>
            <Th right title={`${unit} with this value that reached the target / all ${unit} with this value`}>
              Conv. / n
            </Th>
            <Th right title="Rate ÷ rate of everything else; or the confounder-adjusted odds ratio where a confounder explains the raw lift">
              Effect [95%&nbsp;CI]
            </Th>
            <Th right title="Benjamini–Hochberg adjusted p-value">
              p&nbsp;adj.
            </Th>
            <Th right title="0–1: outcomes behind the finding × precision of its interval">
              Conf.
            </Th>
            <Th>Evidence</Th>
          </TableRow>
        </TableHead>
        <TableBody>
          {findings.map((f) => {
            const color = findingColor(f);
            const adjusted = isAdjusted(f.confounding);
            const effect = reportedEffect(f);
            return (
              <TableRow key={f.key} className={f.significant ? "bg-tremor-background-muted" : ""} data-significant={f.significant || undefined}>
                <Td
                  className={`max-w-[12rem] truncate ${f.significant ? "font-semibold text-tremor-content-strong" : ""}`}
                  title={
                    f.mirrorOf
                      ? `${f.label}: the other side of the same comparison (${f.mirrorOf.replace(/^attributes\./, "")}), counted once`
                      : f.reference
                        ? `${f.label}, compared with ${f.reference} (the control)`
                        : f.label
                  }
                >
                  {short ? shortLabel(f.label) : f.label}
                </Td>
                <Td className="py-1">
                  <RateBar rate={f.rate} lower={f.interval?.lower ?? f.rate} upper={f.interval?.upper ?? f.rate} baseRate={baseRate} max={scale.max} color={color} muted={adjusted} title={rateTitle(f) + (adjusted ? " (raw, confounded)" : "")} />
                </Td>
                <RateCell rate={f.rate} interval={f.interval} note={adjusted ? "raw, before adjustment" : undefined} />
                <CountCell x={f.conversions} n={f.n} />
                <EffectCell value={effect.value} interval={effect.interval} kind={effect.kind} />
                <Td right>{formatP(f.pAdjusted)}</Td>
                <Td right>{formatConfidence(f.confidence)}</Td>
                <Td className="whitespace-normal">
                  <EvidenceBadge finding={f} />
                </Td>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

export function ForestLegend({ baseRate, n, unit }: { baseRate?: number | null; n?: number; unit: string }) {
  return (
    <p className="mt-2 text-tremor-label text-tremor-content">
      Bar: rate; whisker: 95% interval; dashed line: base rate
      {isNum(baseRate) && n !== 0 ? ` ${formatPercent(baseRate)}` : ""}
      {isNum(n) ? ` over ${formatInt(n)} ${unit}` : ""}. Green/red rows are significant after Benjamini–Hochberg; hollow dashed bars are raw rates a confounder explains (their adjusted effect is shown).
    </p>
  );
}
