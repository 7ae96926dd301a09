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

/** How a check whose direction flips without a called reversal is labelled (`flipsDirection`). */
export const FLIPS_LABEL = "direction flips within strata, inconclusive";

/** A check that changes how the raw figure may be read. */
export const needsAttention = (note: ConfoundingNote | undefined) => Boolean(note && (isAdjusted(note) || flipsDirection(note)));

export function ConfounderCallout({ note, label }: { note: ConfoundingNote; label?: string }) {
  // Not a called reversal, but not "holding" either.
  const opposite = flipsDirection(note);
  const base = VERDICT[note.verdict] ?? { text: note.verdict, color: "amber" as const };
  const v = opposite ? { text: FLIPS_LABEL, color: "amber" as const } : base;
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
 * Confounder checks among `findings`: a callout for every one whose verdict changes the reading
 * (reversed, attenuated, direction flipped; the first `max`, the others counted), then the checks
 * of significant findings that held, one row each; the remaining consistent checks are counted.
 */
export function ConfounderChecks({ findings, max = 8 }: { findings: Finding[]; max?: number }) {
  // The mirror side of a two-valued dimension is the same check as its carrier (Finding.mirrorOf): shown once.
  const checked = findings.filter((f) => f.confounding && f.mirrorOf === undefined);
  if (checked.length === 0) return null;
  const attention = checked.filter((f) => needsAttention(f.confounding));
  const adjusted = attention.slice(0, max);
  const held = checked.filter((f) => !needsAttention(f.confounding) && f.significant);
  const unshown = attention.length - adjusted.length;
  const rest = checked.length - attention.length - held.length;
  return (
    <div>
      {adjusted.map((f) => (
        <ConfounderCallout key={f.key} note={f.confounding!} label={f.label} />
      ))}
      {unshown > 0 && (
        <p className="mt-2 text-tremor-label text-amber-700">
          {formatInt(unshown)} more {unshown === 1 ? "finding changes" : "findings change"} within confounder strata as well (their adjusted effects are in the tables above).
        </p>
      )}
      {held.length > 0 && <HeldChecks findings={held} />}
      {rest > 0 && (
        <p className="mt-2 text-tremor-label text-tremor-content">
          {formatInt(rest)} more {rest === 1 ? "finding was" : "findings were"} re-checked within confounder strata and either held there or are not significant.
        </p>
      )}
    </div>
  );
}

/** Significant findings whose effect held within the confounder's strata: raw and stratified odds ratios side by side. */
function HeldChecks({ findings }: { findings: Finding[] }) {
  return (
    <div className="mt-3 overflow-x-auto rounded-tremor-default border border-emerald-200" data-testid="confounder-checks-held">
      <p className="px-3 pt-2 text-tremor-default font-medium text-emerald-800">
        Confounder checks: {formatInt(findings.length)} significant {findings.length === 1 ? "finding holds" : "findings hold"} within the strata of a known confounder
      </p>
      <table className="mt-1 w-full text-tremor-default tabular-nums">
        <thead>
          <tr className="text-left text-tremor-label text-tremor-content">
            <th className="px-3 py-1 font-medium">Finding</th>
            <th className="px-3 py-1 font-medium">Stratified by</th>
            <th className="px-3 py-1 text-right font-medium">Raw odds ratio</th>
            <th className="px-3 py-1 text-right font-medium">Within strata (Mantel–Haenszel)</th>
            <th className="px-3 py-1 font-medium">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => {
            const note = f.confounding!;
            const v = VERDICT[note.verdict] ?? { text: note.verdict, color: "gray" as const };
            return (
              <tr key={f.key} className="border-t border-tremor-border" title={note.explanation}>
                <td className="px-3 py-1 text-tremor-content-strong">{f.label}</td>
                <td className="px-3 py-1 text-tremor-content">
                  {humanize(note.confounder)} ({formatInt(note.strata)})
                </td>
                <td className="px-3 py-1 text-right">
                  {formatRatio(note.rawOddsRatio)} <span className="text-tremor-label text-tremor-content">{formatRatioInterval(note.rawInterval)}</span>
                </td>
                <td className="px-3 py-1 text-right">
                  {formatRatio(note.adjustedOddsRatio)} <span className="text-tremor-label text-tremor-content">{formatRatioInterval(note.adjustedInterval)}</span>
                </td>
                <td className="px-3 py-1">
                  <Badge size="xs" color={v.color}>
                    {v.text}
                  </Badge>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
