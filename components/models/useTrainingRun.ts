"use client";
/**
 * Starting and following a training run of one tenant-data target: `models.train` returns the
 * run, which is polled every second until it succeeds or fails; then every models query is
 * invalidated so the new version shows. A run already under way when the page opens (started
 * elsewhere, or by a retraining trigger) is followed too.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "../ui/trpc-types";
import { isRunning, type TenantTarget } from "./format";

export type TrainingRun = RouterOutputs["models"]["run"];
type ListedRun = RouterOutputs["models"]["list"]["runs"][number];

const NO_RUN = "00000000-0000-0000-0000-000000000000";

export function useTrainingRun(target: TenantTarget, runs: ListedRun[] | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [followedId, setFollowedId] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const active = runs?.find((r) => r.target === target && isRunning(r.status) && !dismissed.has(r.id));
  // Follow a run found under way, and keep following it after it leaves the "running" list.
  if (active && followedId === null) setFollowedId(active.id);
  const runId = followedId;

  const run = useQuery(
    trpc.models.run.queryOptions({ id: runId ?? NO_RUN }, { enabled: runId !== null, staleTime: 0, refetchInterval: (query) => (query.state.data && !isRunning(query.state.data.status) ? false : 1000) }),
  );

  // Once the followed run finishes, the new version (or the failure) becomes visible everywhere.
  const settled = useRef<Set<string>>(new Set());
  const finishedId = run.data && !isRunning(run.data.status) ? run.data.id : null;
  useEffect(() => {
    if (!finishedId || settled.current.has(finishedId)) return;
    settled.current.add(finishedId);
    void queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
  }, [finishedId, queryClient, trpc]);

  const train = useMutation(trpc.models.train.mutationOptions({ onSuccess: (started) => setFollowedId(started.id) }));

  return {
    runId,
    run: runId !== null ? (run.data ?? null) : null,
    runError: run.error,
    running: runId !== null && (!run.data || isRunning(run.data.status)),
    train,
    dismiss: () => {
      if (runId) setDismissed((d) => new Set([...d, runId]));
      setFollowedId(null);
      train.reset();
    },
  };
}

export type TrainingRunState = ReturnType<typeof useTrainingRun>;
