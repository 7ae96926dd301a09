"use client";
/** Calls by excellence score (or most recent first), with the score's components and the outcomes attributed to each call. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { Badge, Button, Card, Table, TableBody, TableHead, TableRow, Text, Title } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { controlClass } from "../experiments/fields";
import { Td, Th } from "../patterns/cells";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDuration, formatInt, formatShortDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { formatScore, OUTCOME_COLOR, SCORE_COMPONENTS, stageLabel } from "./format";
import { ScoreBar, ScoreLegend } from "./ScoreBar";

const PAGE = 50;
type Order = "score_desc" | "recent";

export function ScoredCallsTable({ topThreshold }: { topThreshold: number | null }) {
  const trpc = useTRPC();
  const { slug, timezone } = useTenantView();
  const [order, setOrder] = useState<Order>("score_desc");
  const query = useInfiniteQuery(trpc.excellence.calls.infiniteQueryOptions({ limit: PAGE, order }, { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (previous) => previous }));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card data-testid="excellence-calls">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Title>Calls</Title>
          <Text>Open a call for its transcript by stage and the score&apos;s breakdown. Highlighted rows are in the top 10%.</Text>
        </div>
        <label className="flex items-center gap-2 text-tremor-default text-tremor-content-emphasis">
          Order
          <select className={`${controlClass} w-44`} value={order} onChange={(e) => setOrder(e.target.value as Order)} data-testid="calls-order">
            <option value="score_desc">Highest score first</option>
            <option value="recent">Most recent first</option>
          </select>
        </label>
      </div>
      <ErrorCallout error={query.error} title="Could not load the calls" />
      {query.isPending ? (
        <Loading what="calls" />
      ) : items.length === 0 ? (
        <p className="text-tremor-default text-tremor-content mt-3" data-testid="excellence-calls-empty">
          No calls yet.
        </p>
      ) : (
        <>
          <div className="mt-3 overflow-x-auto">
            <Table data-testid="excellence-calls-table" data-order={order}>
              <TableHead>
                <TableRow>
                  <Th>Call</Th>
                  <Th>Started</Th>
                  <Th right>Duration</Th>
                  <Th>Stage reached</Th>
                  <Th right>Score</Th>
                  <Th title={SCORE_COMPONENTS.map((c) => `${c.label} (max ${c.max})`).join(", ")}>Components</Th>
                  <Th>Outcomes</Th>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((c) => {
                  const top = topThreshold !== null && c.score !== null && c.score >= topThreshold;
                  return (
                    <TableRow key={c.id} className={top ? "bg-emerald-50" : undefined} data-testid="call-row" data-external-id={c.externalId} data-score={c.score ?? ""}>
                      <Td>
                        <Link href={`/t/${slug}/calls/${encodeURIComponent(c.externalId)}`} className="font-mono text-xs text-tremor-brand hover:underline" data-testid="call-link">
                          {c.externalId}
                        </Link>
                        <div className="font-mono text-tremor-label text-tremor-content-subtle">lead {c.leadExternalId}</div>
                      </Td>
                      <Td className="whitespace-nowrap">{formatShortDateTime(c.startedAt, timezone)}</Td>
                      <Td right>{formatDuration(c.durationSeconds)}</Td>
                      <Td>{stageLabel(c.stageReached)}</Td>
                      <Td right className="font-semibold text-tremor-content-strong">
                        <span data-testid="call-score">{formatScore(c.score)}</span>
                      </Td>
                      <Td>
                        <ScoreBar components={c.components} />
                        {c.components && (
                          <div className="mt-0.5 whitespace-nowrap text-tremor-label tabular-nums text-tremor-content-subtle">
                            {SCORE_COMPONENTS.map((k) => formatScore(c.components?.[k.key] ?? 0).replace(/\.0$/, "")).join(" · ")}
                          </div>
                        )}
                      </Td>
                      <Td className="whitespace-normal">
                        <div className="flex flex-wrap gap-1">
                          {c.outcomes.length === 0 ? (
                            <span className="text-tremor-content-subtle">none yet</span>
                          ) : (
                            c.outcomes.map((o) => (
                              <Badge key={o} size="xs" color={OUTCOME_COLOR[o] ?? "gray"}>
                                {o.replace(/_/g, " ")}
                              </Badge>
                            ))
                          )}
                        </div>
                      </Td>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
          <div className="mt-2">
            <ScoreLegend />
          </div>
          <div className="mt-3 flex items-center justify-between gap-4">
            <Text>
              Showing {formatInt(items.length)} calls{query.hasNextPage ? "" : " (all)"}.{query.isFetching && !query.isFetchingNextPage ? " Refreshing…" : ""}
            </Text>
            {query.hasNextPage && (
              <Button variant="secondary" size="xs" onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage} loadingText="Loading…">
                Load more
              </Button>
            )}
          </div>
        </>
      )}
    </Card>
  );
}
