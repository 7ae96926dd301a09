"use client";
/**
 * Relative lift over time per variant, with its 95% interval as two lighter lines, and units per
 * arm over time; one point per stored evaluation (the server keeps the latest 200).
 */
import { Card, LineChart, Text, Title } from "@tremor/react";
import { useTenantView } from "../shell/TenantContext";
import { formatInt } from "../ui/format";
import type { RouterOutputs } from "../ui/trpc-types";
import { asDecisionResult, metricLabel, usableLift } from "./format";

type History = RouterOutputs["experiments"]["get"]["history"];

const PALETTE = [
  { line: "indigo", band: "indigo-300" },
  { line: "emerald", band: "emerald-300" },
  { line: "amber", band: "amber-300" },
  { line: "fuchsia", band: "fuchsia-300" },
  { line: "cyan", band: "cyan-300" },
  { line: "rose", band: "rose-300" },
  { line: "lime", band: "lime-300" },
];
const UNIT_COLORS = ["gray", "indigo", "emerald", "amber", "fuchsia", "cyan", "rose", "lime"];

const signedPercent = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(1)}%`;

export function LiftChart({ history, arms, metric }: { history: History; arms: Array<{ key: string; isControl: boolean }>; metric: string }) {
  const { timezone } = useTenantView();
  const stamp = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  const variants = arms.filter((a) => !a.isControl).map((a) => a.key);
  const results = history.map((h, i) => ({ label: `#${i + 1} · ${stamp.format(new Date(h.computedAt))}`, units: h.units, result: asDecisionResult(h.result) }));

  const liftRows = results.map(({ label, result }) => {
    const row: Record<string, string | number | null> = { evaluation: label };
    for (const key of variants) {
      const arm = result?.perArm.find((a) => a.key === key);
      const lift = arm ? usableLift(arm) : null;
      row[`${key} lift`] = lift ? lift.lift * 100 : null;
      row[`${key} lower`] = lift ? lift.interval.lower * 100 : null;
      row[`${key} upper`] = lift ? lift.interval.upper * 100 : null;
    }
    return row;
  });
  const liftCategories = variants.flatMap((k) => [`${k} lift`, `${k} lower`, `${k} upper`]);
  const liftColors = variants.flatMap((_, i) => {
    const p = PALETTE[i % PALETTE.length]!;
    return [p.line, p.band, p.band];
  });
  const anyLift = liftRows.some((r) => variants.some((k) => r[`${k} lift`] !== null));

  const unitRows = results.map(({ label, result, units }) => {
    const row: Record<string, string | number | null> = { evaluation: label, total: units };
    for (const a of arms) row[a.key] = result?.perArm.find((p) => p.key === a.key)?.units ?? null;
    return row;
  });

  return (
    <Card data-testid="experiment-history">
      <Title>Over time</Title>
      <Text>
        One point per evaluation. Lift is the variant&apos;s {metricLabel(metric)} relative to the control, with its 95% interval (lighter lines); an interval that stays above 0% means the variant is
        better. Points are missing while an arm has no conversions.
      </Text>
      {history.length === 0 ? (
        <p className="text-tremor-default text-tremor-content mt-3" data-testid="history-empty">
          No evaluations yet: the chart fills in from the first one.
        </p>
      ) : (
        <div className="mt-4 grid gap-6 xl:grid-cols-2">
          <div data-testid="lift-chart">
            <Text className="font-medium">Relative lift vs control (%)</Text>
            {anyLift ? (
              <LineChart
                className="mt-2 h-64"
                data={liftRows}
                index="evaluation"
                categories={liftCategories}
                colors={liftColors}
                valueFormatter={signedPercent}
                yAxisWidth={72}
                connectNulls
                showAnimation={false}
              />
            ) : (
              <Text className="mt-2">No lift yet: the control or a variant has no conversions in the evaluations so far.</Text>
            )}
          </div>
          <div data-testid="units-chart">
            <Text className="font-medium">Units per arm</Text>
            <LineChart
              className="mt-2 h-64"
              data={unitRows}
              index="evaluation"
              categories={arms.map((a) => a.key)}
              colors={arms.map((_, i) => UNIT_COLORS[i % UNIT_COLORS.length]!)}
              valueFormatter={formatInt}
              yAxisWidth={56}
              allowDecimals={false}
              showAnimation={false}
            />
          </div>
        </div>
      )}
    </Card>
  );
}
