"use client";
/** Overview: funnel and weekly activity by channel for the chosen period, straight from data.overview. */
import { useQuery } from "@tanstack/react-query";
import { Select, SelectItem, Text, Title } from "@tremor/react";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDate } from "../ui/format";
import { Loading } from "../ui/Loading";
import { ChannelTrends } from "./ChannelTrends";
import { EmptyState } from "./EmptyState";
import { FunnelCard } from "./FunnelCard";
import { KpiCards } from "./KpiCards";

const PERIODS = [30, 90, 365] as const;

export function Overview() {
  const trpc = useTRPC();
  const { name } = useTenantView();
  const [days, setDays] = useState<number>(90);
  const overview = useQuery(trpc.data.overview.queryOptions({ days }, { placeholderData: (previous) => previous }));
  const data = overview.data;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <Title>Overview</Title>
          <Text>
            {name}
            {data && ` · since ${formatDate(data.since, data.timezone)} · weeks start Monday in ${data.timezone}`}
          </Text>
        </div>
        <div className="w-48">
          <Select value={String(days)} onValueChange={(v) => setDays(Number(v))} enableClear={false} aria-label="Period">
            {PERIODS.map((p) => (
              <SelectItem key={p} value={String(p)}>
                Last {p} days
              </SelectItem>
            ))}
          </Select>
        </div>
      </div>

      {overview.isPending && <Loading what="the overview" />}
      <ErrorCallout error={overview.error} title="Could not load the overview" />

      {data && data.totals.leads === 0 && data.totals.touches === 0 ? (
        <EmptyState />
      ) : data ? (
        <div className={`space-y-6 ${overview.isPlaceholderData ? "opacity-60" : ""}`}>
          <KpiCards data={data} />
          <FunnelCard funnel={data.funnel} days={data.days} />
          <ChannelTrends rows={data.weeklyByChannel} channels={data.channels} days={data.days} />
        </div>
      ) : null}
    </div>
  );
}
