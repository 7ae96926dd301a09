"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TextInput } from "@tremor/react";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { formatShortDateTime, formatDecimal, formatDuration } from "../ui/format";
import { useDebounced } from "../ui/useDebounced";
import { dash, EmptyRow, FilterField, Filters, LeadCell, ListError, ListFooter, nextPage, PAGE_SIZE } from "./shared";

const score = (value: number | null) => (value === null ? "—" : formatDecimal(value));

export function CallsTab() {
  const trpc = useTRPC();
  const { timezone } = useTenantView();
  const [lead, setLead] = useState("");
  const debouncedLead = useDebounced(lead.trim());
  const query = useInfiniteQuery(trpc.data.calls.infiniteQueryOptions({ limit: PAGE_SIZE, leadExternalId: debouncedLead || undefined }, { getNextPageParam: nextPage }));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div>
      <Filters>
        <FilterField label="Lead external id">
          <TextInput value={lead} onValueChange={setLead} placeholder="Exact external id" aria-label="Lead external id" />
        </FilterField>
      </Filters>
      <ListError error={query.error} noun="calls" />
      <Table data-testid="calls-table">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Started</TableHeaderCell>
            <TableHeaderCell>Lead</TableHeaderCell>
            <TableHeaderCell className="text-right">Duration</TableHeaderCell>
            <TableHeaderCell>Stage reached</TableHeaderCell>
            <TableHeaderCell className="text-right">Commitment</TableHeaderCell>
            <TableHeaderCell className="text-right">BANT</TableHeaderCell>
            <TableHeaderCell className="text-right">Objections</TableHeaderCell>
            <TableHeaderCell>Appointment</TableHeaderCell>
            <TableHeaderCell>Prompt / model</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((c) => (
            <TableRow key={c.id}>
              <TableCell className="whitespace-nowrap">{formatShortDateTime(c.startedAt, timezone)}</TableCell>
              <TableCell>
                <LeadCell lead={c.lead} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatDuration(c.durationSeconds)}</TableCell>
              <TableCell>{dash(c.stageReached?.replace(/_/g, " "))}</TableCell>
              <TableCell className="text-right tabular-nums">{score(c.commitmentScore)}</TableCell>
              <TableCell className="text-right tabular-nums">{score(c.bantScore)}</TableCell>
              <TableCell className="text-right tabular-nums">{dash(c.objectionCount)}</TableCell>
              <TableCell className="whitespace-nowrap">{c.appointmentAt ? formatShortDateTime(c.appointmentAt, timezone) : "—"}</TableCell>
              <TableCell className="text-xs">{[c.promptRef, c.model].filter(Boolean).join(" · ") || "—"}</TableCell>
            </TableRow>
          ))}
          {!query.isPending && items.length === 0 && <EmptyRow columns={9}>No calls match these filters.</EmptyRow>}
        </TableBody>
      </Table>
      <ListFooter query={query} shown={items.length} noun={["call", "calls"]} />
    </div>
  );
}
