"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Badge, Select, SelectItem, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TextInput } from "@tremor/react";
import { useState } from "react";
import { CHANNELS, type Channel } from "@/server/core/records";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { formatCost, formatShortDateTime } from "../ui/format";
import { useDebounced } from "../ui/useDebounced";
import { dash, EmptyRow, FilterField, Filters, LeadCell, ListError, ListFooter, nextPage, PAGE_SIZE } from "./shared";

export function TouchesTab({ initialLead = "" }: { initialLead?: string }) {
  const trpc = useTRPC();
  const { timezone } = useTenantView();
  const [channel, setChannel] = useState("");
  const [replied, setReplied] = useState("");
  const [lead, setLead] = useState(initialLead);
  const debouncedLead = useDebounced(lead.trim());
  const input = {
    limit: PAGE_SIZE,
    channel: (channel || undefined) as Channel | undefined,
    replied: replied === "yes" ? true : replied === "no" ? false : undefined,
    leadExternalId: debouncedLead || undefined,
  };
  const query = useInfiniteQuery(trpc.data.touches.infiniteQueryOptions(input, { getNextPageParam: nextPage }));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div>
      <Filters>
        <FilterField label="Lead external id">
          <TextInput value={lead} onValueChange={setLead} placeholder="Exact external id" aria-label="Lead external id" />
        </FilterField>
        <FilterField label="Channel">
          <Select value={channel} onValueChange={setChannel} placeholder="Any channel" enableClear aria-label="Channel">
            {CHANNELS.map((c) => (
              <SelectItem key={c} value={c}>
                {c}
              </SelectItem>
            ))}
          </Select>
        </FilterField>
        <FilterField label="Replied">
          <Select value={replied} onValueChange={setReplied} placeholder="Replied or not" enableClear aria-label="Replied">
            <SelectItem value="yes">Replied</SelectItem>
            <SelectItem value="no">No reply</SelectItem>
          </Select>
        </FilterField>
      </Filters>
      <ListError error={query.error} noun="touches" />
      <Table data-testid="touches-table">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Sent</TableHeaderCell>
            <TableHeaderCell>Lead</TableHeaderCell>
            <TableHeaderCell>Channel</TableHeaderCell>
            <TableHeaderCell>Content</TableHeaderCell>
            <TableHeaderCell>Model</TableHeaderCell>
            <TableHeaderCell className="text-right">Cost</TableHeaderCell>
            <TableHeaderCell>Replied</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((t) => (
            <TableRow key={t.id}>
              <TableCell className="whitespace-nowrap">{formatShortDateTime(t.sentAt, timezone)}</TableCell>
              <TableCell>
                <LeadCell lead={t.lead} />
                <div className="max-w-[14rem] truncate font-mono text-tremor-label text-tremor-content-subtle" title={`touch ${t.externalId}`}>
                  {t.externalId}
                </div>
              </TableCell>
              <TableCell>
                {t.channel}
                {t.sequenceStep !== null && <div className="text-tremor-label text-tremor-content-subtle">step {t.sequenceStep}</div>}
              </TableCell>
              <TableCell className="min-w-[16rem] max-w-sm whitespace-normal">
                <div className="truncate font-medium text-tremor-content-emphasis" title={t.subject ?? undefined}>
                  {t.subject ?? <span className="text-tremor-content-subtle">(no subject)</span>}
                </div>
                <div className="text-tremor-label text-tremor-content">
                  {[t.cta && `CTA: ${t.cta}`, t.angle && `angle: ${t.angle}`, t.promptRef && `prompt: ${t.promptRef}`].filter(Boolean).join(" · ") || "—"}
                </div>
                {t.painPoints.length > 0 && <div className="truncate text-tremor-label text-tremor-content-subtle">pains: {t.painPoints.join(", ")}</div>}
              </TableCell>
              <TableCell>{dash(t.model)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatCost(t.costUsd)}</TableCell>
              <TableCell>
                {t.replied ? (
                  <Badge color="emerald" size="xs" title={t.repliedAt ? `replied ${formatShortDateTime(t.repliedAt, timezone)}` : undefined}>
                    replied
                  </Badge>
                ) : (
                  <span className="text-tremor-content-subtle">no</span>
                )}
              </TableCell>
            </TableRow>
          ))}
          {!query.isPending && items.length === 0 && <EmptyRow columns={7}>No touches match these filters.</EmptyRow>}
        </TableBody>
      </Table>
      <ListFooter query={query} shown={items.length} noun={["touch", "touches"]} />
    </div>
  );
}
