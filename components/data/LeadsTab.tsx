"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Select, SelectItem, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TextInput } from "@tremor/react";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { formatShortDateTime } from "../ui/format";
import { useDebounced } from "../ui/useDebounced";
import { dash, EmptyRow, FilterField, Filters, LeadCell, ListError, ListFooter, nextPage, PAGE_SIZE } from "./shared";

export function LeadsTab({ onShowTouches }: { onShowTouches: (leadExternalId: string) => void }) {
  const trpc = useTRPC();
  const { timezone } = useTenantView();
  const [search, setSearch] = useState("");
  const [industry, setIndustry] = useState("");
  const [source, setSource] = useState("");
  const debouncedSearch = useDebounced(search.trim());
  const options = useQuery(trpc.data.leadFilters.queryOptions());
  const input = { limit: PAGE_SIZE, search: debouncedSearch || undefined, industry: industry || undefined, source: source || undefined };
  const query = useInfiniteQuery(trpc.data.leads.infiniteQueryOptions(input, { getNextPageParam: nextPage }));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div>
      <Filters>
        <FilterField label="Search">
          <TextInput value={search} onValueChange={setSearch} placeholder="External id, name, email or company" aria-label="Search leads" />
        </FilterField>
        <FilterField label="Industry">
          <Select value={industry} onValueChange={setIndustry} placeholder="Any industry" enableClear aria-label="Industry">
            {(options.data?.industries ?? []).map((v) => (
              <SelectItem key={v} value={v}>
                {v}
              </SelectItem>
            ))}
          </Select>
        </FilterField>
        <FilterField label="Source">
          <Select value={source} onValueChange={setSource} placeholder="Any source" enableClear aria-label="Source">
            {(options.data?.sources ?? []).map((v) => (
              <SelectItem key={v} value={v}>
                {v}
              </SelectItem>
            ))}
          </Select>
        </FilterField>
      </Filters>
      <ListError error={query.error ?? options.error} noun="leads" />
      <Table data-testid="leads-table">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Lead</TableHeaderCell>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Email</TableHeaderCell>
            <TableHeaderCell>Title</TableHeaderCell>
            <TableHeaderCell>Industry</TableHeaderCell>
            <TableHeaderCell>Size</TableHeaderCell>
            <TableHeaderCell>Source</TableHeaderCell>
            <TableHeaderCell>Country</TableHeaderCell>
            <TableHeaderCell>Created</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((lead) => (
            <TableRow key={lead.id}>
              <TableCell>
                <LeadCell lead={lead} onSelect={onShowTouches} />
              </TableCell>
              <TableCell>{dash(lead.name)}</TableCell>
              <TableCell className="max-w-[14rem] truncate">{dash(lead.email)}</TableCell>
              <TableCell className="max-w-[12rem] truncate">{dash([lead.title, lead.seniority].filter(Boolean).join(" · "))}</TableCell>
              <TableCell>{dash(lead.industry)}</TableCell>
              <TableCell className="tabular-nums">{dash(lead.companySize)}</TableCell>
              <TableCell>{dash(lead.source)}</TableCell>
              <TableCell>{dash(lead.country)}</TableCell>
              <TableCell className="whitespace-nowrap">{formatShortDateTime(lead.createdAt, timezone)}</TableCell>
            </TableRow>
          ))}
          {!query.isPending && items.length === 0 && <EmptyRow columns={9}>No leads match these filters.</EmptyRow>}
        </TableBody>
      </Table>
      <ListFooter query={query} shown={items.length} noun={["lead", "leads"]} />
    </div>
  );
}
