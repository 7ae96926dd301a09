"use client";
/** Every label move, newest first: who moved which label from which version to which, why, and how (by hand, approval, auto, rollback). */
import { Badge, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import { useTenantView } from "../shell/TenantContext";
import { formatShortDateTime } from "../ui/format";
import { LabelBadge, type PromptDetailData } from "./shared";

const SOURCE_COLOR = { manual: "gray", approval: "indigo", auto: "blue", rollback: "rose" } as const;

export function LabelHistory({ prompt }: { prompt: PromptDetailData }) {
  const { timezone } = useTenantView();
  const protectedSet = new Set(prompt.protectedLabels);
  return (
    <Card id="label-history">
      <Title>Label history</Title>
      <Text>Roll a label back from the Labels card above: it returns to the version it pointed at before its last move.</Text>
      <Table className="mt-3" data-testid="label-history">
        <TableHead>
          <TableRow>
            <TableHeaderCell>When</TableHeaderCell>
            <TableHeaderCell>Label</TableHeaderCell>
            <TableHeaderCell>Move</TableHeaderCell>
            <TableHeaderCell>How</TableHeaderCell>
            <TableHeaderCell>By</TableHeaderCell>
            <TableHeaderCell>Reason</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {prompt.events.length === 0 && (
            <TableRow>
              <TableCell colSpan={6} className="text-center text-tremor-content-subtle">
                No label has been moved yet (latest follows new versions on its own).
              </TableCell>
            </TableRow>
          )}
          {prompt.events.map((e) => (
            <TableRow key={e.id} data-testid="label-event" data-label={e.label} data-source={e.source}>
              <TableCell className="whitespace-nowrap">{formatShortDateTime(e.createdAt, timezone)}</TableCell>
              <TableCell>
                <LabelBadge name={e.label} isProtected={protectedSet.has(e.label)} />
              </TableCell>
              <TableCell className="whitespace-nowrap font-medium text-tremor-content-strong">
                {e.fromVersion === null ? "set" : `v${e.fromVersion}`} → v{e.toVersion ?? "?"}
              </TableCell>
              <TableCell>
                <Badge size="xs" color={SOURCE_COLOR[e.source] ?? "gray"}>
                  {e.source}
                </Badge>
              </TableCell>
              <TableCell className="max-w-[14rem] truncate" title={e.actor.name}>
                {e.actor.name}
              </TableCell>
              <TableCell className="max-w-sm whitespace-normal">{e.reason ?? "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
