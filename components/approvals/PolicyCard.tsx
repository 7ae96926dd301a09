"use client";
/** The tenant's approval policy: whether a PROMOTE decision moves production without waiting (tenant:settings). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Card, Switch, Text } from "@tremor/react";
import { useTRPC } from "@/trpc/react";
import { useCan } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";

export function PolicyCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCan("tenant:settings");
  const policy = useQuery(trpc.approvals.policy.queryOptions());
  const setPolicy = useMutation(trpc.approvals.setPolicy.mutationOptions({ onSuccess: (next) => queryClient.setQueryData(trpc.approvals.policy.queryKey(), next) }));
  const auto = setPolicy.isPending ? Boolean(setPolicy.variables?.autoApprovePromotions) : Boolean(policy.data?.autoApprovePromotions);

  return (
    <Card className="p-4" data-testid="approval-policy" data-auto={policy.data ? String(auto) : undefined}>
      <div className="flex flex-wrap items-center gap-3">
        <Switch id="auto-approve" checked={auto} onChange={(value) => setPolicy.mutate({ autoApprovePromotions: value })} disabled={!canEdit || !policy.data || setPolicy.isPending} />
        <label htmlFor="auto-approve" className="text-tremor-default font-medium text-tremor-content-strong">
          Approve promotions automatically
        </label>
      </div>
      <Text className="mt-1">
        {auto
          ? "On: when an experiment decides PROMOTE, production moves to the winner at once; the request is recorded here as approved by the policy and can be rolled back."
          : "Off: when an experiment decides PROMOTE, production stays where it is until an admin approves the request below."}
        {!canEdit && " Only admins and owners can change this."}
      </Text>
      <ErrorCallout error={policy.error ?? setPolicy.error} title="Could not update the policy" />
    </Card>
  );
}
