"use client";
/**
 * Promote and roll back (models:promote, admins and owners): promoting by hand is itself the
 * approval (a pending request for the version is approved, else one is recorded as approved);
 * rolling back returns the target to the version the production model replaced.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@tremor/react";
import Link from "next/link";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { targetLabel } from "./format";

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() })]);
}

export function RollbackButton({ target, version, size = "xs" }: { target: string; version: number; size?: "xs" | "sm" }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const canPromote = useCan("models:promote");
  const rollback = useMutation(trpc.models.rollback.mutationOptions({ onSuccess: refresh }));
  if (!canPromote) return null;

  function confirmRollback() {
    const note = window.prompt(`Roll back the ${targetLabel(target)} model v${version}? Production returns to the version it replaced (or to no model). Optional note:`, "");
    if (note === null) return;
    rollback.mutate({ target, ...(note.trim() ? { note: note.trim() } : {}) });
  }

  return (
    <div>
      <Button size={size} variant="secondary" color="rose" onClick={confirmRollback} loading={rollback.isPending} data-testid="model-rollback">
        Roll back
      </Button>
      {rollback.data && (
        <p className="mt-1 text-tremor-label text-tremor-content-emphasis" role="status" data-testid="rollback-result">
          Rolled back: {rollback.data.production ? "the previous version serves again." : "no model serves this target now."}
        </p>
      )}
      <ErrorCallout error={rollback.error} title="Could not roll back" />
    </div>
  );
}

export function ModelActions({ id, target, version, status }: { id: string; target: string; version: number; status: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const { slug } = useTenantView();
  const canPromote = useCan("models:promote");
  const promote = useMutation(trpc.models.promote.mutationOptions({ onSuccess: refresh }));

  if (!canPromote) {
    return (
      <p className="text-tremor-default text-tremor-content max-w-xs text-tremor-label" data-testid="model-actions-readonly">
        Only admins and owners can promote or roll back models.
      </p>
    );
  }

  function confirmPromote() {
    const note = window.prompt(`Promote ${targetLabel(target)} v${version} to production? Every prediction for ${target} will come from it. Optional note:`, "");
    if (note === null) return;
    promote.mutate({ id, ...(note.trim() ? { note: note.trim() } : {}) });
  }

  return (
    <div className="space-y-2" data-testid="model-actions">
      <div className="flex flex-wrap items-start gap-2">
        {status !== "production" && (
          <Button size="xs" onClick={confirmPromote} loading={promote.isPending} data-testid="model-promote">
            Promote to production
          </Button>
        )}
        {status === "production" && <RollbackButton target={target} version={version} />}
      </div>
      {promote.data && (
        <p className="text-tremor-default text-tremor-content-emphasis" role="status" data-testid="promote-result">
          v{promote.data.model.version} is in production.{" "}
          <Link href={`/t/${slug}/approvals?status=approved#approval-${promote.data.approvalId}`} className="text-tremor-brand hover:underline" data-testid="promote-approval-link">
            See the approval record
          </Link>
        </p>
      )}
      <ErrorCallout error={promote.error} title="Could not promote the model" />
    </div>
  );
}
