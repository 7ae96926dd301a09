"use client";
/**
 * Calibration on the holdout: per probability bin, the mean predicted probability against the rate
 * actually observed, with the diagonal (perfect calibration) drawn through the same bins. A line
 * above the diagonal means the model under-predicts there; below, it over-predicts.
 */
import { LineChart, Table, TableBody, TableHead, TableRow } from "@tremor/react";
import { Td, Th } from "../patterns/cells";
import { formatInt, formatPercent } from "../ui/format";
import type { CalibrationBin } from "./format";

const pct = (v: number) => `${v.toFixed(0)}%`;

export function CalibrationChart({ bins }: { bins: CalibrationBin[] }) {
  const used = bins.filter((b) => b.count > 0).sort((a, b) => a.meanPredicted - b.meanPredicted);
  if (used.length === 0) return <p className="text-tremor-default text-tremor-content" data-testid="calibration-empty">No calibration bins: the holdout was empty.</p>;
  const data = used.map((b) => ({
    predicted: `${(b.meanPredicted * 100).toFixed(1)}%`,
    "Observed rate": b.observedRate * 100,
    "Perfect calibration": b.meanPredicted * 100,
  }));
  return (
    <div className="grid gap-4 xl:grid-cols-5">
      <div className="xl:col-span-3" data-testid="calibration-chart">
        <LineChart
          className="h-64"
          data={data}
          index="predicted"
          categories={["Observed rate", "Perfect calibration"]}
          colors={["blue", "gray"]}
          valueFormatter={pct}
          minValue={0}
          maxValue={100}
          yAxisWidth={48}
          xAxisLabel="Mean predicted probability (bin)"
          yAxisLabel="Observed rate"
          connectNulls
          showAnimation={false}
        />
      </div>
      <div className="overflow-x-auto xl:col-span-2">
        <Table data-testid="calibration-table">
          <TableHead>
            <TableRow>
              <Th>Bin</Th>
              <Th right>Predicted</Th>
              <Th right>Observed</Th>
              <Th right>Rows</Th>
            </TableRow>
          </TableHead>
          <TableBody>
            {used.map((b) => (
              <TableRow key={`${b.lower}-${b.upper}`}>
                <Td className="whitespace-nowrap">
                  {formatPercent(b.lower, 0)}–{formatPercent(b.upper, 0)}
                </Td>
                <Td right>{formatPercent(b.meanPredicted)}</Td>
                <Td right className={Math.abs(b.observedRate - b.meanPredicted) > 0.1 ? "text-amber-700" : ""}>
                  {formatPercent(b.observedRate)}
                </Td>
                <Td right>{formatInt(b.count)}</Td>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
