"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Badge, Select, SelectItem, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TextInput, type Color } from "@tremor/react";
import { useState } from "react";
import { OUTCOME_KINDS, type OutcomeKind } from "@/server/core/records";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { formatShortDateTime, formatDecimal } from "../ui/format";
import { useDebounced } from "../ui/useDebounced";
import { EmptyRow, FilterField, Filters, LeadCell, ListError, ListFooter, nextPage, PAGE_SIZE } from "./shared";

const KIND_COLOR: Partial<Record<OutcomeKind, Color>> = { replied: "blue", booked: "indigo", confirmed: "violet", showed: "teal", converted: "emerald", no_show: "amber", lost: "rose", referred: "cyan" };

export function OutcomesTab() {
  const trpc = useTRPC();
  const { timezone } = useTenantView();
  const [kind, setKind] = useState("");
  const [lead, setLead] = useState("");
  const debouncedLead = useDebounced(lead.trim());
  const input = { limit: PAGE_SIZE, kind: (kind || undefined) as OutcomeKind | undefined, leadExternalId: debouncedLead || undefined };
  const query = useInfiniteQuery(trpc.data.outcomes.infiniteQueryOptions(input, { getNextPageParam: nextPage }));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div>
      <Filters>
        <FilterField label="Lead external id">
          <TextInput value={lead} onValueChange={setLead} placeholder="Exact external id" aria-label="Lead external id" />
        </FilterField>
        <FilterField label="Kind">
          <Select value={kind} onValueChange={setKind} placeholder="Any kind" enableClear aria-label="Outcome kind">
            {OUTCOME_KINDS.map((k) => (
              <SelectItem key={k} value={k}>
                {k}
              </SelectItem>
            ))}
          </Select>
        </FilterField>
      </Filters>
      <ListError error={query.error} noun="outcomes" />
      <Table data-testid="outcomes-table">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Occurred</TableHeaderCell>
            <TableHeaderCell>Lead</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell className="text-right">Value</TableHeaderCell>
            <TableHeaderCell>Credited touch</TableHeaderCell>
            <TableHeaderCell>External id</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((o) => (
            <TableRow key={o.id}>
              <TableCell className="whitespace-nowrap">{formatShortDateTime(o.occurredAt, timezone)}</TableCell>
              <TableCell>
                <LeadCell lead={o.lead} />
              </TableCell>
              <TableCell>
                <Badge size="xs" color={KIND_COLOR[o.kind] ?? "gray"}>
                  {o.kind}
                </Badge>
              </TableCell>
              <TableCell className="text-right tabular-nums">{o.value === null ? "—" : formatDecimal(o.value)}</TableCell>
              <TableCell className="font-mono text-xs">{o.touch ? `${o.touch.externalId} (${o.touch.channel})` : "—"}</TableCell>
              <TableCell className="font-mono text-xs">{o.externalId}</TableCell>
            </TableRow>
          ))}
          {!query.isPending && items.length === 0 && <EmptyRow columns={6}>No outcomes match these filters.</EmptyRow>}
        </TableBody>
      </Table>
      <ListFooter query={query} shown={items.length} noun={["outcome", "outcomes"]} />
    </div>
  );
}
