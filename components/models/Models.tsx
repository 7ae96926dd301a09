"use client";
/**
 * Models: the tenant's predictors per target (show-up, conversion, and any trained from a CSV),
 * each with its production version, versions and metrics, "Train now" with progress, and the
 * retraining triggers; the auto-promote policy; and training on an uploaded CSV.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, Text } from "@tremor/react";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";
import { CsvTrainCard } from "./CsvTrainCard";
import { orderedTargets } from "./format";
import { ModelPolicyCard } from "./ModelPolicyCard";
import { TargetSection } from "./TargetSection";
import type { ModelListItem } from "./VersionsTable";

export function Models() {
  const trpc = useTRPC();
  const { name } = useTenantView();
  const canTrain = useCan("models:train");
  // Refreshed every 5 s while a run is under way, so versions appear when it finishes.
  const list = useQuery(trpc.models.list.queryOptions({ limit: 200 }, { refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === "running") ? 5_000 : false) }));

  const byTarget = new Map<string, ModelListItem[]>();
  for (const item of list.data?.items ?? []) byTarget.set(item.target, [...(byTarget.get(item.target) ?? []), item]);
  const targets = orderedTargets(byTarget.keys());

  return (
    <div className="space-y-6" data-testid="models-page">
      <div className="max-w-4xl">
        <h1 className="text-tremor-title font-medium text-tremor-content-strong">Models</h1>
        <Text>
          {name} · predictors trained on this tenant&apos;s own history. <strong>Show-up</strong> tells the calling agent, during the call, how likely the lead is to attend the appointment;{" "}
          <strong>conversion</strong> scores leads. Each version is trained with a time-ordered holdout (its newest rows) and registered with its AUC, log-loss, Brier score, calibration and feature
          importance. A retrained candidate replaces production only when it is better on the same rows, and only after an admin approves (or automatically, by the policy below). Predictions are
          checked against outcomes; a model whose error or inputs drift is retrained.
        </Text>
      </div>

      <ModelPolicyCard />
      <ErrorCallout error={list.error} title="Could not load the models" />

      {list.isPending ? (
        <Card>
          <Loading what="the models" />
        </Card>
      ) : list.data ? (
        targets.map((target) => <TargetSection key={target} target={target} versions={byTarget.get(target) ?? []} runs={list.data.runs} />)
      ) : null}

      {canTrain ? (
        <CsvTrainCard />
      ) : (
        <Card>
          <Text>Members and up can train a model on an uploaded CSV.</Text>
        </Card>
      )}
    </div>
  );
}
