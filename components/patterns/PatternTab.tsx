"use client";
/** One pattern type: its current set (summary, target picker, type-specific body) and its drift. */
import { useQuery } from "@tanstack/react-query";
import { Text } from "@tremor/react";
import { useState } from "react";
import type { HealthFinding } from "@/server/core/patterns/health";
import type { PatternSet, PatternType, TargetResult } from "@/server/core/patterns/types";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";
import { DriftSection } from "./DriftSection";
import { EmptyPatterns } from "./EmptyPatterns";
import { HowTab } from "./HowTab";
import { SetSummary } from "./SetSummary";
import type { LearnRunState } from "./useLearnRun";
import { WhatTab } from "./WhatTab";
import { WhenTab } from "./WhenTab";
import { WhoTab } from "./WhoTab";

const BODY: Record<PatternType, (props: { set: PatternSet; result: TargetResult }) => React.JSX.Element> = { who: WhoTab, what: WhatTab, when: WhenTab, how: HowTab };

export function PatternTab({ type, available, state, health, timezone }: { type: PatternType; available: boolean; state: LearnRunState; health: HealthFinding[]; timezone: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.patterns.get.queryOptions({ type }, { enabled: available }));
  const [picked, setPicked] = useState<string | null>(null);

  if (!available) return <EmptyPatterns state={state} type={type} />;
  if (query.isPending) return <Loading what={`the ${type.toUpperCase()} patterns`} />;
  if (query.error || !query.data) return <ErrorCallout error={query.error} title={`Could not load the ${type.toUpperCase()} patterns`} />;

  const data = query.data;
  const set = data.patterns;
  const results = Array.isArray(set.results) ? set.results : [];
  const result = results.find((r) => r.target === picked) ?? results[0];
  const Body = BODY[type];
  return (
    <div className="space-y-6">
      <SetSummary type={type} data={data} result={result} onTarget={setPicked} health={health} timezone={timezone} />
      {result ? <Body set={set} result={result} /> : <Text>This version has no results.</Text>}
      <DriftSection type={type} set={set} target={result?.target} timezone={timezone} />
    </div>
  );
}
