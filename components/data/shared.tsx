"use client";
/** Pieces shared by the Data tabs: filter layout, "Load more", lead cell, empty rows. */
import { Button, TableCell, TableRow, Text } from "@tremor/react";
import type { ReactNode } from "react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatInt } from "../ui/format";
import { Loading } from "../ui/Loading";

export const PAGE_SIZE = 50;

/** Cursor pagination: the procedures return `{ items, nextCursor }`; null means the last page. */
export const nextPage = (last: { nextCursor: string | null }) => last.nextCursor;

export function Filters({ children }: { children: ReactNode }) {
  return <div className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">{children}</div>;
}

export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block space-y-1">
      <span className="text-tremor-label font-medium text-tremor-content">{label}</span>
      {children}
    </label>
  );
}

interface ListState {
  isPending: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetching: boolean;
  fetchNextPage: () => unknown;
}

/** `noun` is [singular, plural], e.g. ["touch", "touches"]. */
export function ListFooter({ query, shown, noun }: { query: ListState; shown: number; noun: [string, string] }) {
  if (query.isPending) return <Loading what={noun[1]} />;
  if (shown === 0) return null;
  return (
    <div className="mt-3 flex items-center justify-between gap-4">
      <Text>
        Showing {formatInt(shown)} {shown === 1 ? noun[0] : noun[1]}
        {query.hasNextPage ? ", newest first." : " (all that match)."}
        {query.isFetching && !query.isFetchingNextPage && " Refreshing…"}
      </Text>
      {query.hasNextPage && (
        <Button variant="secondary" size="xs" onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage} loadingText="Loading…">
          Load more
        </Button>
      )}
    </div>
  );
}

export function ListError({ error, noun }: { error: unknown; noun: string }) {
  return <ErrorCallout error={error} title={`Could not load ${noun}`} />;
}

export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell colSpan={columns} className="text-center text-tremor-content-subtle">
        {children}
      </TableCell>
    </TableRow>
  );
}

export function LeadCell({ lead, onSelect }: { lead: { externalId: string; company: string | null }; onSelect?: (externalId: string) => void }) {
  return (
    <div className="max-w-[14rem]">
      {onSelect ? (
        <button type="button" className="font-mono text-xs text-tremor-brand hover:underline" onClick={() => onSelect(lead.externalId)} title="Show this lead's touches">
          {lead.externalId}
        </button>
      ) : (
        <span className="font-mono text-xs">{lead.externalId}</span>
      )}
      {lead.company && <div className="truncate text-tremor-label text-tremor-content-subtle">{lead.company}</div>}
    </div>
  );
}

export const dash = (value: string | number | null | undefined) => (value === null || value === undefined || value === "" ? "—" : value);
