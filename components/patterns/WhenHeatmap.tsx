"use client";
/**
 * Weekday × hour heatmap (lead-local time, Monday first): colour by the cell's rate shrunk toward
 * the overall rate by its sample size (empirical Bayes, `shrinkRates`), so an hour with one touch
 * that replied does not look like the best hour; significant cells outlined, best windows drawn as
 * dashed boxes. Hovering or focusing a cell shows its raw count, rate, interval and test below the grid.
 */
import { useState } from "react";
import type { WhenCell } from "@/server/core/patterns/when";
import { shrinkRates } from "@/server/core/stats/shrinkage";
import type { Finding } from "@/server/core/patterns/types";
import { formatInt, formatPercent } from "../ui/format";
import { formatP, formatRateInterval, formatRatio, formatRatioInterval, hourLabel, isAdjusted, moreOutcomes, reportedEffect, WEEKDAYS } from "./format";

const CELL_W = 30;
const CELL_H = 24;
const LEFT = 40;
const TOP = 18;
const LOW = [239, 246, 255]; // blue-50
const HIGH = [29, 78, 216]; // blue-700

function color(t: number): string {
  const c = LOW.map((lo, i) => Math.round(lo + (HIGH[i]! - lo) * Math.max(0, Math.min(1, t))));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export interface HeatmapWindow {
  label: string;
  weekdays: number[];
  hours: number[];
}

export function WhenHeatmap({ cells, findings, windows, targetNoun }: { cells: WhenCell[]; findings: Finding[]; windows: HeatmapWindow[]; targetNoun: string }) {
  const [hover, setHover] = useState<number | null>(null);
  const byKey = new Map(findings.map((f) => [f.key, f]));
  const shrunk = shrinkRates(cells.map((c) => ({ successes: c.conversions, trials: c.touches })));
  // The scale runs from the lowest to the highest shrunk rate; with no variation beyond chance every cell is the overall rate.
  const shaded = shrunk.rates.filter((_, i) => cells[i]!.touches > 0);
  const minRate = shaded.length ? Math.min(...shaded) : 0;
  const maxRate = shaded.length ? Math.max(...shaded) : 0;
  const flat = !(maxRate - minRate > 1e-12);
  const shade = (i: number) => (flat ? 0.35 : (shrunk.rates[i]! - minRate) / (maxRate - minRate));
  const width = LEFT + 24 * CELL_W;
  const height = TOP + 7 * CELL_H;
  const hovered = hover !== null ? cells[hover] : undefined;
  const hf = hovered ? byKey.get(`weekday_hour=${hovered.label}`) : undefined;

  return (
    <div data-testid="when-heatmap">
      <div className="overflow-x-auto">
        <svg viewBox={`0 0 ${width} ${height + 4}`} className="h-auto w-full max-w-[1000px] select-none" role="img" aria-label={`${targetNoun} rate by weekday and hour`}>
          {Array.from({ length: 24 }, (_, h) =>
            h % 3 === 0 ? (
              <text key={h} x={LEFT + h * CELL_W + CELL_W / 2} y={12} textAnchor="middle" className="fill-gray-500 text-[10px]">
                {hourLabel(h)}
              </text>
            ) : null,
          )}
          {WEEKDAYS.map((d, i) => (
            <text key={d} x={LEFT - 6} y={TOP + i * CELL_H + CELL_H / 2 + 4} textAnchor="end" className="fill-gray-600 text-[11px]">
              {d}
            </text>
          ))}
          {cells.map((c, i) => {
            const f = byKey.get(`weekday_hour=${c.label}`);
            const outline = f?.significant ? (f.direction === "negative" ? "#e11d48" : "#059669") : undefined;
            const title = c.touches === 0 ? `${c.label}: no touches` : `${c.label}: ${formatPercent(c.rate)} ${formatRateInterval(f?.interval)} · ${formatInt(c.conversions)} of n=${formatInt(c.touches)}`;
            return (
              <rect
                key={c.label}
                x={LEFT + c.hour * CELL_W + 1}
                y={TOP + c.weekday * CELL_H + 1}
                width={CELL_W - 2}
                height={CELL_H - 2}
                rx={2}
                fill={c.touches === 0 ? "#f9fafb" : color(shade(i))}
                stroke={outline ?? (hover === i ? "#111827" : c.touches === 0 ? "#e5e7eb" : "none")}
                strokeWidth={outline ? 2 : 1}
                tabIndex={0}
                onMouseEnter={() => setHover(i)}
                onFocus={() => setHover(i)}
                onMouseLeave={() => setHover(null)}
                data-cell={c.label}
              >
                <title>{title}</title>
              </rect>
            );
          })}
          {cells.map((c) => {
            const f = byKey.get(`weekday_hour=${c.label}`);
            if (!isAdjusted(f?.confounding)) return null;
            return <circle key={`adj-${c.label}`} cx={LEFT + c.hour * CELL_W + CELL_W - 6} cy={TOP + c.weekday * CELL_H + 6} r={2.5} fill="#f59e0b" stroke="#fff" strokeWidth={0.5} pointerEvents="none" />;
          })}
          {windows.map((w) => {
            if (!w.weekdays.length || !w.hours.length) return null;
            const d1 = Math.min(...w.weekdays);
            const d2 = Math.max(...w.weekdays);
            const h1 = Math.min(...w.hours);
            const h2 = Math.max(...w.hours);
            return (
              <rect key={w.label} x={LEFT + h1 * CELL_W - 1} y={TOP + d1 * CELL_H - 1} width={(h2 - h1 + 1) * CELL_W + 2} height={(d2 - d1 + 1) * CELL_H + 2} fill="none" stroke="#f59e0b" strokeWidth={2} strokeDasharray="5 3" pointerEvents="none">
                <title>{w.label}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-4 text-tremor-label text-tremor-content">
        {flat ? (
          <span>Shade: no hour differs from the overall {formatPercent(shrunk.mean)} beyond chance.</span>
        ) : (
          <span className="flex items-center gap-2" title="Each cell's rate pulled toward the overall rate by how few touches it has (empirical Bayes); hover a cell for its raw rate and n">
            {formatPercent(minRate)}
            <span className="inline-block h-2 w-32 rounded" style={{ background: `linear-gradient(to right, ${color(0)}, ${color(1)})` }} />
            {formatPercent(maxRate)}
            <span className="text-tremor-content-subtle">(rate weighted by its evidence; hover for the raw rate and n)</span>
          </span>
        )}
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm border-2 border-emerald-600" /> significantly higher
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm border-2 border-rose-600" /> significantly lower
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-4 rounded-sm border-2 border-dashed border-amber-500" /> best windows
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-2 w-2 rounded-full bg-amber-500" /> raw rate explained by a confounder (hover for the adjusted effect)
        </span>
      </div>
      <p className="mt-2 min-h-[2.5rem] rounded-tremor-small bg-tremor-background-muted px-3 py-2 text-tremor-default tabular-nums text-tremor-content-emphasis" aria-live="polite" data-testid="when-cell-detail">
        {hovered ? (
          hovered.touches === 0 ? (
            `${hovered.label}: no touches sent in this hour.`
          ) : (
            <>
              <strong>{hovered.label}</strong>: {targetNoun} rate {formatPercent(hovered.rate)} {formatRateInterval(hf?.interval)} · {formatInt(hovered.conversions)} of n={formatInt(hovered.touches)} touches
              {hf && (
                <>
                  {" "}
                  · {reportedEffect(hf).kind === "adjusted OR" ? "adj. OR" : "lift"} {formatRatio(reportedEffect(hf).value)} {formatRatioInterval(reportedEffect(hf).interval)} · p adj. {formatP(hf.pAdjusted)}
                  {hf.outcomesNeeded > 0 ? ` · needs ${moreOutcomes(hf.outcomesNeeded)}` : hf.significant ? " · significant" : " · not significant"}
                  {isAdjusted(hf.confounding) ? ` · explained by ${hf.confounding!.confounder} (adjusted effect shown)` : ""}
                </>
              )}
            </>
          )
        ) : (
          "Hover or focus a cell for its count, rate and interval."
        )}
      </p>
    </div>
  );
}
