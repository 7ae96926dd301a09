"use client";
/**
 * Permutation feature importance: how much the holdout AUC drops when one feature's values are
 * shuffled (bigger = the model leans on it more), sorted; its standard deviation over the repeats
 * in the table beside it. A drop within about one sd of zero is noise.
 */
import { BarChart, Button, Table, TableBody, TableHead, TableRow } from "@tremor/react";
import { useState } from "react";
import { Td, Th } from "../patterns/cells";
import { isNum, type ImportanceItem } from "./format";

const SHOWN = 15;
const drop = (v: number) => (isNum(v) ? v.toFixed(4) : "—");

export function ImportanceChart({ items }: { items: ImportanceItem[] }) {
  const [all, setAll] = useState(false);
  if (items.length === 0) return <p className="text-tremor-default text-tremor-content" data-testid="importance-empty">No feature importance was stored for this version.</p>;
  const shown = all ? items : items.slice(0, SHOWN);
  const data = shown.map((i) => ({ feature: i.feature, "AUC drop": i.aucDrop }));
  return (
    <div className="grid gap-4 xl:grid-cols-5">
      <div className="xl:col-span-3" data-testid="importance-chart">
        <BarChart
          style={{ height: `${Math.max(12, shown.length * 1.6 + 3)}rem` }}
          data={data}
          index="feature"
          categories={["AUC drop"]}
          colors={["indigo"]}
          layout="vertical"
          valueFormatter={drop}
          yAxisWidth={160}
          showLegend={false}
          showAnimation={false}
        />
      </div>
      <div className="overflow-x-auto xl:col-span-2">
        <Table data-testid="importance-table">
          <TableHead>
            <TableRow>
              <Th>Feature</Th>
              <Th right title="Holdout AUC lost when the feature is shuffled">
                AUC drop
              </Th>
              <Th right title="Standard deviation of the drop over the shuffles">
                sd
              </Th>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((i) => {
              const noise = isNum(i.sd) && Math.abs(i.aucDrop) <= i.sd;
              return (
                <TableRow key={i.feature} data-testid="importance-row" data-feature={i.feature}>
                  <Td className="max-w-[14rem] truncate font-mono text-xs" title={i.feature}>
                    {i.feature}
                  </Td>
                  <Td right className={noise ? "text-tremor-content-subtle" : "font-medium text-tremor-content-strong"} title={noise ? "Within one sd of zero: indistinguishable from noise" : undefined}>
                    {drop(i.aucDrop)}
                  </Td>
                  <Td right>{drop(i.sd)}</Td>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {items.length > SHOWN && (
          <Button size="xs" variant="light" className="mt-1" onClick={() => setAll((v) => !v)}>
            {all ? `Show the top ${SHOWN}` : `Show all ${items.length}`}
          </Button>
        )}
      </div>
    </div>
  );
}
