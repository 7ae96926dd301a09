"use client";
/** The card at the top of each tab: version, when, sample size, confidence, notes, and the target being viewed. */
import { Badge, Card, ProgressBar, Text, Title } from "@tremor/react";
import type { ReactNode } from "react";
import { HEALTH_MIN_SAMPLE, type HealthFinding } from "@/server/core/patterns/health";
import type { PatternSet, PatternType, TargetResult } from "@/server/core/patterns/types";
import { formatDate, formatInt, formatPercent, formatShortDateTime } from "../ui/format";
import { formatConfidence, isNum, moreOutcomes } from "./format";

export const UNIT: Record<PatternType, string> = { who: "leads", what: "touches", when: "touches", how: "leads" };
export const TYPE_TITLE: Record<PatternType, string> = {
  who: "WHO: which leads convert",
  what: "WHAT: which words and message traits",
  when: "WHEN: which weekday and hour",
  how: "HOW: which channels and sequences",
};
const CONFIDENCE_TARGET = 0.7;

export interface PatternEnvelope {
  version: number;
  computedAt: Date | string;
  validUntil: Date | string;
  sampleSize: number;
  confidence: number;
  patterns: PatternSet;
}

export function ConfidenceBar({ value, className = "" }: { value: number; className?: string }) {
  const color = value >= CONFIDENCE_TARGET ? "emerald" : value >= 0.5 ? "amber" : "rose";
  return (
    <div className={className} title={`Confidence ${formatConfidence(value)} (0–1: volume of outcomes × precision of the interval; ${CONFIDENCE_TARGET} is the target)`}>
      <div className="flex items-baseline justify-between">
        <span className="text-tremor-metric text-2xl font-semibold tabular-nums text-tremor-content-strong">{formatConfidence(value)}</span>
        <span className="text-tremor-label text-tremor-content">target ≥ {CONFIDENCE_TARGET}</span>
      </div>
      <ProgressBar value={Math.max(0, Math.min(100, value * 100))} color={color} className="mt-1" aria-label="Confidence" />
    </div>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text className="text-tremor-label uppercase tracking-wide">{label}</Text>
      <div className="mt-1 text-tremor-default text-tremor-content-emphasis">{children}</div>
    </div>
  );
}

export function TargetPicker({ results, target, onChange }: { results: TargetResult[]; target: string; onChange: (t: string) => void }) {
  if (results.length < 2) return null;
  return (
    <div role="group" aria-label="Target outcome" className="inline-flex flex-wrap gap-1 rounded-tremor-default bg-tremor-background-subtle p-1">
      {results.map((r) => (
        <button
          key={r.target}
          type="button"
          aria-pressed={r.target === target}
          onClick={() => onChange(r.target)}
          className={`rounded-tremor-small px-3 py-1 text-tremor-default ${r.target === target ? "bg-white font-medium text-tremor-content-strong shadow-tremor-input" : "text-tremor-content hover:text-tremor-content-emphasis"}`}
        >
          {r.target} <span className="text-tremor-label text-tremor-content-subtle">({formatInt(r.conversions)})</span>
        </button>
      ))}
    </div>
  );
}

export function SetSummary({ type, data, result, onTarget, health, timezone }: { type: PatternType; data: PatternEnvelope; result: TargetResult | undefined; onTarget: (t: string) => void; health: HealthFinding[]; timezone: string }) {
  const set = data.patterns;
  const significant = result?.findings.filter((f) => f.significant).length ?? 0;
  const needMore = result?.findings.filter((f) => f.outcomesNeeded > 0).length ?? 0;
  const issues = health.filter((h) => h.type === type && h.severity !== "ok");
  return (
    <Card data-testid={`summary-${type}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex items-center gap-2">
            <Title>{TYPE_TITLE[type]}</Title>
            <Badge color="blue" data-testid="pattern-version">v{data.version}</Badge>
          </div>
          <Text>
            Computed {formatShortDateTime(data.computedAt, timezone)} over {set.window?.from ? `${formatDate(set.window.from, timezone)} – ` : "everything up to "}
            {formatDate(set.window?.to, timezone)} · valid until {formatDate(data.validUntil, timezone)}
          </Text>
        </div>
        <TargetPicker results={set.results ?? []} target={result?.target ?? ""} onChange={onTarget} />
      </div>
      <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Sample size">
          <span className="text-2xl font-semibold tabular-nums text-tremor-content-strong">{formatInt(data.sampleSize)}</span> outcomes
          <div className="text-tremor-label text-tremor-content">of the primary target ({set.results?.[0]?.target ?? "—"})</div>
          {data.sampleSize < HEALTH_MIN_SAMPLE && (
            <div className="text-tremor-label text-amber-700" data-testid="set-needs-more">
              needs {moreOutcomes(HEALTH_MIN_SAMPLE - data.sampleSize)} before acting on it
            </div>
          )}
        </Stat>
        <Stat label="Confidence">
          <ConfidenceBar value={data.confidence} />
        </Stat>
        {result && (
          <Stat label={`Target: ${result.target}`}>
            <span className="tabular-nums">
              {formatInt(result.conversions)} of {formatInt(result.n)} {UNIT[type]}
            </span>
            <div className="text-tremor-label text-tremor-content">base rate {result.n > 0 && isNum(result.baseRate) ? formatPercent(result.baseRate) : "—"}</div>
          </Stat>
        )}
        {result && (
          <Stat label="Findings">
            <span className="tabular-nums">
              {formatInt(significant)} significant of {formatInt(result.findings.length)}
            </span>
            {needMore > 0 && <div className="text-tremor-label text-amber-700">{formatInt(needMore)} need more outcomes before they can count</div>}
          </Stat>
        )}
      </div>
      {(set.notes?.length ?? 0) > 0 && (
        <ul className="mt-4 list-disc space-y-0.5 pl-5 text-tremor-default text-tremor-content" aria-label="Notes">
          {set.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {issues.length > 0 && (
        <div className="mt-3 flex flex-wrap gap-2">
          {issues.map((h, i) => (
            <Badge key={i} size="xs" color={h.severity === "alert" ? "rose" : "amber"} title={h.message}>
              {h.message}
            </Badge>
          ))}
        </div>
      )}
    </Card>
  );
}
