"use client";
/** The tenant's model policy: whether a retrained candidate that beats production is promoted without waiting (models:promote). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Card, Switch, Text } from "@tremor/react";
import { useTRPC } from "@/trpc/react";
import { useCan } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";

export function ModelPolicyCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCan("models:promote");
  const policy = useQuery(trpc.models.policy.queryOptions());
  const setPolicy = useMutation(trpc.models.setPolicy.mutationOptions({ onSuccess: (next) => queryClient.setQueryData(trpc.models.policy.queryKey(), next) }));
  const auto = setPolicy.isPending ? Boolean(setPolicy.variables?.autoPromoteModels) : Boolean(policy.data?.autoPromoteModels);

  return (
    <Card className="p-4" data-testid="model-policy" data-auto={policy.data ? String(auto) : undefined}>
      <div className="flex flex-wrap items-center gap-3">
        <Switch id="auto-promote-models" checked={auto} onChange={(value) => setPolicy.mutate({ autoPromoteModels: value })} disabled={!canEdit || !policy.data || setPolicy.isPending} />
        <label htmlFor="auto-promote-models" className="text-tremor-default font-medium text-tremor-content-strong">
          Promote better models automatically
        </label>
      </div>
      <Text className="mt-1">
        {auto
          ? "On: a retrained candidate that beats production on the same newest rows (higher AUC, log-loss no worse) becomes production at once; the promotion is recorded in Approvals and can be rolled back."
          : "Off: a candidate that beats production waits in Approvals for an admin; until then production keeps serving."}
        {!canEdit && " Only admins and owners can change this."}
      </Text>
      <ErrorCallout error={policy.error ?? setPolicy.error} title="Could not update the model policy" />
    </Card>
  );
}
