"use client";
/**
 * Calls: the Excellence Replicator (seed 002). How calls score, every call with its score's
 * components and outcomes, and the Excellence Report — what the top 10% of calls do that the rest
 * do not — with the actions admins take on it (generate now, propose prompt variants).
 */
import { useQuery } from "@tanstack/react-query";
import { Card, Text } from "@tremor/react";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";
import { ExcellenceOverview } from "./ExcellenceOverview";
import { ExcellenceReport } from "./ExcellenceReport";
import { ScoredCallsTable } from "./ScoredCallsTable";

export function Calls() {
  const trpc = useTRPC();
  const { name } = useTenantView();
  const overview = useQuery(trpc.excellence.overview.queryOptions());

  return (
    <div className="space-y-6" data-testid="calls-page">
      <div className="max-w-4xl">
        <h1 className="text-tremor-title font-medium text-tremor-content-strong">Calls</h1>
        <Text>
          {name} · not what went wrong on the failed calls, but what the best calls do that the others don&apos;t. Each call gets an excellence score; the top 10% are compared with the rest on their
          words per stage, their structure and their behaviour, every difference with its effect size and interval. What holds up becomes prompt variants, tested in an experiment before anything
          changes.
        </Text>
      </div>

      <ErrorCallout error={overview.error} title="Could not load the excellence overview" />
      {overview.isPending ? (
        <Card>
          <Loading what="the excellence scores" />
        </Card>
      ) : overview.data ? (
        <ExcellenceOverview overview={overview.data} />
      ) : null}

      <ExcellenceReport />

      <ScoredCallsTable topThreshold={overview.data?.topThreshold ?? null} />
    </div>
  );
}
