"use client";
/** Who did what in this tenant, newest first (admins and owners). */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Button, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import { useMemo } from "react";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";

function details(value: unknown): string {
  if (!value || (typeof value === "object" && Object.keys(value).length === 0)) return "";
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export function AuditLogCard() {
  const trpc = useTRPC();
  const { timezone } = useTenantView();
  const log = useInfiniteQuery(trpc.tenant.auditLog.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (last) => last.nextCursor }));
  const members = useQuery(trpc.members.list.queryOptions());
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const m of members.data?.members ?? []) map.set(m.userId, m.email);
    for (const k of keys.data ?? []) map.set(k.id, `key "${k.name}"`);
    return map;
  }, [members.data, keys.data]);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card id="audit-log">
      <Title>Audit log</Title>
      <Text>Changes to members, keys and settings, and every data import.</Text>
      {log.isPending && <Loading what="the audit log" />}
      <ErrorCallout error={log.error} title="Could not load the audit log" />
      {log.data && (
        <Table className="mt-3" data-testid="audit-table">
          <TableHead>
            <TableRow>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Actor</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.length === 0 && (
              <TableRow>
                <TableCell colSpan={4} className="text-center text-tremor-content-subtle">
                  Nothing recorded yet.
                </TableCell>
              </TableRow>
            )}
            {items.map((e) => (
              <TableRow key={e.id}>
                <TableCell className="whitespace-nowrap">{formatDateTime(e.createdAt, timezone)}</TableCell>
                <TableCell className="max-w-[14rem] truncate">{e.actorId ? (names.get(e.actorId) ?? `${e.actorType} ${e.actorId.slice(0, 8)}`) : e.actorType}</TableCell>
                <TableCell className="font-mono text-xs">{e.action}</TableCell>
                <TableCell className="max-w-md truncate font-mono text-xs" title={JSON.stringify(e.details)}>
                  {details(e.details)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {log.hasNextPage && (
        <Button className="mt-3" size="xs" variant="secondary" onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </Card>
  );
}
