"use client";
/** A target's versions, newest first: family, status, source, rows, holdout metrics, and any promotion waiting in Approvals. */
import { Badge, Table, TableBody, TableHead, TableRow } from "@tremor/react";
import Link from "next/link";
import { Td, Th } from "../patterns/cells";
import { useTenantView } from "../shell/TenantContext";
import { formatInt, formatShortDateTime } from "../ui/format";
import type { RouterOutputs } from "../ui/trpc-types";
import { ModelStatusBadge } from "./badges";
import { asMetrics, familyLabel, formatAuc, formatLoss } from "./format";

export type ModelListItem = RouterOutputs["models"]["list"]["items"][number];

export function VersionsTable({ target, versions }: { target: string; versions: ModelListItem[] }) {
  const { slug, timezone } = useTenantView();
  return (
    <div className="overflow-x-auto">
      <Table data-testid="model-versions" data-target={target}>
        <TableHead>
          <TableRow>
            <Th>Version</Th>
            <Th>Family</Th>
            <Th>Status</Th>
            <Th>Source</Th>
            <Th right title="Rows used to fit / newest rows held out for the metrics">
              Rows train / holdout
            </Th>
            <Th right title="Area under the ROC curve on the holdout: 0.5 is chance, 1 ranks every positive above every negative">
              Holdout AUC
            </Th>
            <Th right title="Holdout log-loss: lower is better; punishes confident wrong probabilities">
              Log-loss
            </Th>
            <Th right title="Holdout Brier score: mean squared error of the probabilities; lower is better">
              Brier
            </Th>
            <Th>Created</Th>
            <Th>Approval</Th>
          </TableRow>
        </TableHead>
        <TableBody>
          {versions.map((v) => {
            const holdout = asMetrics(v.metrics).holdout;
            const production = v.status === "production";
            return (
              <TableRow key={v.id} className={production ? "bg-emerald-50" : undefined} data-testid="model-version-row" data-version={v.version} data-status={v.status} data-id={v.id}>
                <Td>
                  <Link href={`/t/${slug}/models/${v.id}`} className="font-medium text-tremor-brand hover:underline" data-testid="model-version-link">
                    v{v.version}
                  </Link>
                </Td>
                <Td title={familyLabel(v.family)}>
                  <span className="font-mono text-xs">{v.family}</span>
                </Td>
                <Td>
                  <ModelStatusBadge status={v.status} />
                </Td>
                <Td>{v.source === "csv" ? "CSV upload" : "tenant data"}</Td>
                <Td right>
                  {formatInt(v.trainRows)} / {formatInt(v.holdoutRows)}
                </Td>
                <Td right className="font-medium text-tremor-content-strong">
                  {formatAuc(holdout?.auc)}
                </Td>
                <Td right>{formatLoss(holdout?.logLoss)}</Td>
                <Td right>{formatLoss(holdout?.brier)}</Td>
                <Td className="whitespace-nowrap">{formatShortDateTime(v.createdAt, timezone)}</Td>
                <Td>
                  {v.pendingApprovalId ? (
                    <Link href={`/t/${slug}/approvals#approval-${v.pendingApprovalId}`} className="text-tremor-brand hover:underline" data-testid="model-pending-approval">
                      <Badge size="xs" color="amber">
                        promotion pending
                      </Badge>
                    </Link>
                  ) : (
                    <span className="text-tremor-content-subtle">—</span>
                  )}
                </Td>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
