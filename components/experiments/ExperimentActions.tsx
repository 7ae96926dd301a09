"use client";
/** Start, stop and "Evaluate now" (experiments:run: these send real traffic to variants or end the test). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Text } from "@tremor/react";
import Link from "next/link";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatInt } from "../ui/format";

export function ExperimentActions({ experimentKey, status }: { experimentKey: string; status: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { slug } = useTenantView();
  const canRun = useCan("experiments:run");
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.experiments.pathFilter()), queryClient.invalidateQueries(trpc.approvals.pathFilter())]);
  const start = useMutation(trpc.experiments.start.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.experiments.stop.mutationOptions({ onSuccess: refresh }));
  const evaluate = useMutation(trpc.experiments.evaluate.mutationOptions({ onSuccess: refresh }));

  if (!canRun) {
    return <Text className="text-tremor-label">Only admins and owners can start, stop or evaluate experiments.</Text>;
  }

  function confirmStop() {
    const reason = window.prompt(`Stop ${experimentKey}? Agents will get the production version again and no decision will be made. Optional reason:`, "");
    if (reason === null) return;
    stop.mutate({ key: experimentKey, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  }

  const outcome = evaluate.data;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {status === "draft" && (
          <Button size="xs" onClick={() => start.mutate({ key: experimentKey })} loading={start.isPending} data-testid="experiment-start">
            Start
          </Button>
        )}
        {status === "running" && (
          <Button size="xs" onClick={() => evaluate.mutate({ key: experimentKey })} loading={evaluate.isPending} data-testid="experiment-evaluate">
            Evaluate now
          </Button>
        )}
        {(status === "running" || status === "draft") && (
          <Button size="xs" variant="secondary" color="rose" onClick={confirmStop} loading={stop.isPending} data-testid="experiment-stop">
            Stop
          </Button>
        )}
      </div>
      {outcome && (
        <p className="text-tremor-default text-tremor-content-emphasis" role="status" data-testid="evaluate-result">
          {outcome.skipped
            ? `Not evaluated: ${outcome.skipped}.`
            : `Evaluated on ${formatInt(outcome.units)} units: ${outcome.decision}${outcome.winner ? ` (${outcome.winner})` : ""}.`}{" "}
          {outcome.approvalId &&
            (outcome.promoted ? (
              "Promoted to production automatically by the tenant's policy."
            ) : (
              <Link href={`/t/${slug}/approvals#approval-${outcome.approvalId}`} className="text-tremor-brand hover:underline">
                Approval request created: review it in Approvals.
              </Link>
            ))}
        </p>
      )}
      <ErrorCallout error={start.error} title="Could not start the experiment" />
      <ErrorCallout error={stop.error} title="Could not stop the experiment" />
      <ErrorCallout error={evaluate.error} title="Could not evaluate the experiment" />
    </div>
  );
}
