"use client";
/** A call's excellence score as a small stacked bar of its five components (out of 100), numbers in the tooltip. */
import { SCORE_COMPONENTS, isNum, type ScoreComponents } from "./format";

export function ScoreBar({ components, width = "w-32" }: { components: ScoreComponents | null | undefined; width?: string }) {
  if (!components) return <span className="text-tremor-content-subtle">not scored</span>;
  const title = SCORE_COMPONENTS.map((c) => `${c.label}: ${isNum(components[c.key]) ? components[c.key]!.toFixed(1) : "0"} / ${c.max}`).join("\n");
  return (
    <div className={`flex h-2.5 ${width} overflow-hidden rounded-full bg-gray-100`} title={title} role="img" aria-label={title} data-testid="score-bar">
      {SCORE_COMPONENTS.map((c) => {
        const points = components[c.key];
        if (!isNum(points) || points <= 0) return null;
        return <div key={c.key} className={c.color} style={{ width: `${Math.min(100, points)}%` }} />;
      })}
    </div>
  );
}

export function ScoreLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-tremor-label text-tremor-content">
      {SCORE_COMPONENTS.map((c) => (
        <li key={c.key} className="flex items-center gap-1" title={c.help}>
          <span className={`inline-block h-2.5 w-2.5 rounded-sm ${c.color}`} aria-hidden />
          {c.label} ({c.max})
        </li>
      ))}
    </ul>
  );
}
