"use client";
/** "Confounder check": the raw odds ratio next to the one within strata of a known confounder, the verdict and why. */
import { Badge, Callout } from "@tremor/react";
import type { ConfoundingNote, ConfoundingVerdict, Finding } from "@/server/core/patterns/types";
import { formatInt } from "../ui/format";
import { formatRatio, formatRatioInterval, humanize, isAdjusted } from "./format";

const VERDICT: Record<ConfoundingVerdict, { text: string; color: "emerald" | "amber" | "rose" | "blue" }> = {
  consistent: { text: "holds within strata", color: "emerald" },
  amplified: { text: "stronger within strata", color: "blue" },
  attenuated: { text: "largely explained by the confounder", color: "amber" },
  reversed: { text: "reverses within strata", color: "rose" },
};

/** Both odds ratios at least this far from 1 (the 10% change-in-estimate margin of server/core/stats/stratified.ts). */
const MARGIN = Math.log(1.1);

/** Raw and adjusted odds ratios clearly on opposite sides of 1 without a called reversal (the adjusted interval covers 1). */
export const flipsDirection = (note: ConfoundingNote) =>
  note.verdict !== "reversed" && Math.log(note.rawOddsRatio) * Math.log(note.adjustedOddsRatio) < 0 && Math.abs(Math.log(note.rawOddsRatio)) > MARGIN && Math.abs(Math.log(note.adjustedOddsRatio)) > MARGIN;

/** A check that changes how the raw figure may be read. */
export const needsAttention = (note: ConfoundingNote | undefined) => Boolean(note && (isAdjusted(note) || flipsDirection(note)));

export function ConfounderCallout({ note, label }: { note: ConfoundingNote; label?: string }) {
  // Not a called reversal, but not "holding" either.
  const opposite = flipsDirection(note);
  const base = VERDICT[note.verdict] ?? { text: note.verdict, color: "amber" as const };
  const v = opposite ? { text: "direction flips within strata, inconclusive", color: "amber" as const } : base;
  const level = Math.round((note.adjustedInterval?.level ?? 0.95) * 100);
  return (
    <Callout title={`Confounder check${label ? `: ${label}` : ""}`} color={v.color} className="mt-3" data-testid="confounder-check">
      <div className="flex flex-wrap items-center gap-2">
        <Badge size="xs" color={v.color}>
          {opposite ? v.text : `${note.verdict}: ${v.text}`}
        </Badge>
        <span className="text-tremor-label">
          stratified by {humanize(note.confounder)} ({formatInt(note.strata)} strata, Mantel–Haenszel)
        </span>
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 tabular-nums sm:max-w-md">
        <dt className={needsAttention(note) ? "line-through decoration-1" : ""}>Raw odds ratio</dt>
        <dd className={needsAttention(note) ? "line-through decoration-1" : ""}>
          {formatRatio(note.rawOddsRatio)} <span className="text-tremor-label">{level}% CI {formatRatioInterval(note.rawInterval)}</span>
        </dd>
        <dt className="font-medium">Adjusted odds ratio</dt>
        <dd className="font-medium">
          {formatRatio(note.adjustedOddsRatio)} <span className="text-tremor-label">{level}% CI {formatRatioInterval(note.adjustedInterval)}</span>
        </dd>
      </dl>
      <p className="mt-2">{note.explanation}</p>
      {opposite && (
        <p className="mt-1 font-medium">
          The raw and adjusted odds ratios point in opposite directions, but the adjusted interval includes 1: too little data to call a reversal. Do not act on the raw effect.
        </p>
      )}
      {isAdjusted(note) && <p className="mt-1 text-tremor-label">The raw effect is not reported as a pattern; the adjusted one is.</p>}
    </Callout>
  );
}

/**
 * Confounder checks among `findings`: every one whose verdict changes the reading (reversed,
 * attenuated), then those of significant findings; the remaining consistent checks are counted.
 */
export function ConfounderChecks({ findings, max = 8 }: { findings: Finding[]; max?: number }) {
  const checked = findings.filter((f) => f.confounding);
  if (checked.length === 0) return null;
  const adjusted = checked.filter((f) => needsAttention(f.confounding));
  const significant = checked.filter((f) => !needsAttention(f.confounding) && f.significant);
  const shown = [...adjusted, ...significant].slice(0, max);
  const rest = checked.length - shown.length;
  return (
    <div>
      {shown.map((f) => (
        <ConfounderCallout key={f.key} note={f.confounding!} label={f.label} />
      ))}
      {rest > 0 && (
        <p className="mt-2 text-tremor-label text-tremor-content">
          {formatInt(rest)} more {rest === 1 ? "finding was" : "findings were"} re-checked within confounder strata and either held there or are not significant.
        </p>
      )}
    </div>
  );
}
