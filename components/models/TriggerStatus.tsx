"use client";
/**
 * The retraining triggers of a target's production model (seed 002): the average error of the
 * predictions resolved in the last 7 days (more than 20 outcomes and above 25 points), and feature
 * drift against the training data. Each with the reason, numbers included, from the server.
 */
import { useQuery } from "@tanstack/react-query";
import { Badge, Text } from "@tremor/react";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import type { TenantTarget } from "./format";

function TriggerLine({ name, fired, reason, testId }: { name: string; fired: boolean; reason: string; testId: string }) {
  return (
    <li className="flex flex-wrap items-baseline gap-2" data-testid={testId} data-fired={String(fired)}>
      <Badge size="xs" color={fired ? "amber" : "gray"}>
        {name}: {fired ? "fired" : "quiet"}
      </Badge>
      <span className="text-tremor-default text-tremor-content">{reason}</span>
    </li>
  );
}

export function TriggerStatus({ target }: { target: TenantTarget }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.models.triggers.queryOptions({ target }, { staleTime: 60_000 }));
  const data = status.data;
  return (
    <div data-testid={`triggers-${target}`} data-fired={data ? String(data.fired) : undefined}>
      <Text className="font-medium text-tremor-content-strong">Retraining triggers</Text>
      {status.isPending ? (
        <Text className="mt-1 animate-pulse">Checking…</Text>
      ) : data && !data.production ? (
        <Text className="mt-1">No production model yet: the triggers watch the errors and inputs of the production model&apos;s predictions.</Text>
      ) : data ? (
        <ul className="mt-1 space-y-1">
          <TriggerLine name="error" fired={data.error.fired} reason={data.error.reason} testId="trigger-error" />
          <TriggerLine name="drift" fired={data.drift.fired} reason={data.drift.reason} testId="trigger-drift" />
          {data.fired && <li className="text-tremor-label text-amber-700">A trigger fired: a retraining run starts automatically (at most one a day per target); its candidate replaces production only if it is better.</li>}
        </ul>
      ) : null}
      <ErrorCallout error={status.error} title="Could not check the retraining triggers" />
    </div>
  );
}
