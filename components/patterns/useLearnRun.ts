"use client";
/**
 * Starting and following a learning (or backfill) run: the mutation returns a run id, the run is
 * polled every second until it succeeds or fails, then every pattern query is invalidated. A run
 * already under way when the page opens (started elsewhere, or by the schedule) is followed too.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "../ui/trpc-types";

export type PatternRun = RouterOutputs["patterns"]["run"];

export const isFinished = (status: string | undefined) => status === "succeeded" || status === "failed";

export function useLearnRun() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runs = useQuery(trpc.patterns.runs.queryOptions({ limit: 5 }));
  const [startedId, setStartedId] = useState<string | null>(null);
  const active = runs.data?.find((r) => r.status === "queued" || r.status === "running");
  // Follow a run found under way, and keep following it after it leaves the "active" list.
  if (active && startedId === null) setStartedId(active.id);
  const runId = startedId;

  const run = useQuery(
    trpc.patterns.run.queryOptions(
      { runId: runId ?? "00000000-0000-0000-0000-000000000000" },
      { enabled: runId !== null, staleTime: 0, refetchInterval: (query) => (isFinished(query.state.data?.status) ? false : 1000) },
    ),
  );

  // Once the followed run finishes, everything learned (or its failure) becomes visible.
  const settled = useRef<Set<string>>(new Set());
  const status = run.data?.status;
  const finishedId = run.data && isFinished(status) ? run.data.id : null;
  useEffect(() => {
    if (!finishedId || settled.current.has(finishedId)) return;
    settled.current.add(finishedId);
    void queryClient.invalidateQueries({ queryKey: trpc.patterns.pathKey() });
  }, [finishedId, queryClient, trpc]);

  const learn = useMutation(trpc.patterns.learnNow.mutationOptions({ onSuccess: ({ runId: id }) => setStartedId(id) }));
  const backfill = useMutation(trpc.patterns.backfill.mutationOptions({ onSuccess: ({ runId: id }) => setStartedId(id) }));

  const running = runId !== null && !isFinished(status);
  return {
    runs,
    lastRun: runs.data?.[0] ?? null,
    runId,
    run: runId !== null ? (run.data ?? null) : null,
    runError: run.error,
    running,
    learn,
    backfill,
    dismiss: () => setStartedId(null),
  };
}

export type LearnRunState = ReturnType<typeof useLearnRun>;
