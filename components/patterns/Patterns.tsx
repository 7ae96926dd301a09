"use client";
/**
 * Patterns: what goes with more replies, bookings, shows and deals, one tab per type (WHO, WHAT,
 * WHEN, HOW). Every figure comes from patterns.* with its sample size and interval.
 */
import { useQuery } from "@tanstack/react-query";
import { Tab, TabGroup, TabList, TabPanel, TabPanels, Text } from "@tremor/react";
import { useState } from "react";
import { PATTERN_TYPES } from "@/server/core/patterns/types";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";
import { EmptyPatterns } from "./EmptyPatterns";
import { healthFindings, PatternsHeader } from "./PatternsHeader";
import { PatternTab } from "./PatternTab";
import { useLearnRun } from "./useLearnRun";

const TAB_HINT = { who: "lead segments", what: "words and traits", when: "weekday × hour", how: "channels and sequences" } as const;

export function Patterns() {
  const trpc = useTRPC();
  const { name, timezone } = useTenantView();
  const list = useQuery(trpc.patterns.list.queryOptions());
  const health = useQuery(trpc.patterns.health.queryOptions());
  const state = useLearnRun();
  const [index, setIndex] = useState(0);
  // Tabs mount on first visit (so hidden tabs do not query) and then stay mounted.
  const [visited, setVisited] = useState<ReadonlySet<number>>(() => new Set([0]));

  function select(next: number) {
    setIndex(next);
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
  }

  const items = list.data ?? [];
  const anyAvailable = items.some((p) => p.available);
  const findings = healthFindings(health.data ?? undefined);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-tremor-title font-medium text-tremor-content-strong">Patterns</h1>
        <Text>
          {name} · which leads, words, times and channel sequences go with more replies, bookings, shows and deals. Every rate is shown with its sample size and 95% interval; a pattern without enough evidence
          says how many more outcomes it needs.
        </Text>
      </div>

      <PatternsHeader state={state} health={health.data ?? undefined} list={items} timezone={timezone} />
      <ErrorCallout error={list.error ?? health.error} title="Could not load the patterns" />

      {list.isPending ? (
        <Loading what="the patterns" />
      ) : list.data && !anyAvailable ? (
        <EmptyPatterns state={state} />
      ) : list.data ? (
        <TabGroup index={index} onIndexChange={select}>
          <TabList variant="solid">
            {PATTERN_TYPES.map((t) => {
              const item = items.find((p) => p.type === t);
              return (
                <Tab key={t} data-testid={`tab-${t}`}>
                  <span className="font-semibold">{t.toUpperCase()}</span> <span className="ml-1 text-tremor-label text-tremor-content">{TAB_HINT[t]}</span>
                  {item?.available && item.significantFindings > 0 && <span className="ml-2 rounded-full bg-emerald-100 px-1.5 text-tremor-label text-emerald-700">{item.significantFindings}</span>}
                </Tab>
              );
            })}
          </TabList>
          <TabPanels className="mt-4">
            {PATTERN_TYPES.map((t, i) => (
              <TabPanel key={t} data-testid={`panel-${t}`}>
                {visited.has(i) && <PatternTab type={t} available={Boolean(items.find((p) => p.type === t)?.available)} state={state} health={findings} timezone={timezone} />}
              </TabPanel>
            ))}
          </TabPanels>
        </TabGroup>
      ) : null}
    </div>
  );
}
