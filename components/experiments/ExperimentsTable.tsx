"use client";
import { Badge, Button, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text } from "@tremor/react";
import Link from "next/link";
import { useTenantView } from "../shell/TenantContext";
import { formatInt, formatShortDateTime } from "../ui/format";
import type { RouterOutputs } from "../ui/trpc-types";
import { DecisionBadge, StatusBadge } from "./badges";
import { metricLabel } from "./format";

type Row = RouterOutputs["experiments"]["list"][number];

export function ExperimentsTable({ rows, filtered, canWrite, onNew }: { rows: Row[]; filtered: boolean; canWrite: boolean; onNew: () => void }) {
  const { slug, timezone } = useTenantView();
  if (rows.length === 0)
    return (
      <div className="py-6 text-center" data-testid="experiments-empty">
        <Text className="font-medium text-tremor-content-strong">{filtered ? "No experiments with this status." : "No experiments yet."}</Text>
        {!filtered && (
          <Text className="mt-1">
            An experiment splits leads between versions of one prompt (create the versions on the{" "}
            <Link href={`/t/${slug}/prompts`} className="text-tremor-brand hover:underline">
              Prompts
            </Link>{" "}
            page), then promotes the version that wins on the metric you choose.
          </Text>
        )}
        {!filtered && canWrite && (
          <Button className="mt-3" size="xs" variant="secondary" onClick={onNew}>
            Draft the first experiment
          </Button>
        )}
      </div>
    );
  return (
    <Table data-testid="experiments-table">
      <TableHead>
        <TableRow>
          <TableHeaderCell>Experiment</TableHeaderCell>
          <TableHeaderCell>Prompt</TableHeaderCell>
          <TableHeaderCell>Primary metric</TableHeaderCell>
          <TableHeaderCell>Arms</TableHeaderCell>
          <TableHeaderCell className="text-right">Units</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Decision</TableHeaderCell>
          <TableHeaderCell>Last evaluated</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((e) => (
          <TableRow key={e.id} data-testid={`experiment-row-${e.key}`}>
            <TableCell className="min-w-[14rem] max-w-xs whitespace-normal">
              <Link href={`/t/${slug}/experiments/${encodeURIComponent(e.key)}`} className="font-medium text-tremor-brand hover:underline">
                {e.name}
              </Link>
              <div className="font-mono text-tremor-label text-tremor-content">{e.key}</div>
            </TableCell>
            <TableCell className="font-mono text-xs">
              <Link href={`/t/${slug}/prompts/${e.promptId}`} className="hover:underline">
                {e.prompt}
              </Link>
            </TableCell>
            <TableCell>{metricLabel(e.primaryMetric)}</TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1">
                {e.arms.map((a) => (
                  <Badge key={a.key} size="xs" color={a.isControl ? "gray" : "indigo"} title={a.isControl ? "control" : "variant"}>
                    {a.key} · v{a.version}
                    {a.isControl ? " (control)" : ""}
                  </Badge>
                ))}
              </div>
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatInt(e.units)}</TableCell>
            <TableCell>
              <StatusBadge status={e.status} />
            </TableCell>
            <TableCell>
              <DecisionBadge decision={e.decision} />
            </TableCell>
            <TableCell className="whitespace-nowrap">{e.lastEvaluatedAt ? formatShortDateTime(e.lastEvaluatedAt, timezone) : "never"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
