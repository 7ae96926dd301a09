"use client";
/** WHO: conversion rate by lead attribute (forest plots with intervals), confounder checks, lead-score weights. */
import { Card, Text, Title } from "@tremor/react";
import type { PatternSet, TargetResult } from "@/server/core/patterns/types";
import type { WhoDetails } from "@/server/services/patterns/who";
import { formatInt, formatPercent } from "../ui/format";
import { ConfounderChecks } from "./ConfounderCallout";
import { FindingsByDimension } from "./FindingsByDimension";
import { ForestLegend } from "./ForestTable";
import { LeadScoreCard } from "./LeadScoreCard";

export function WhoTab({ set, result }: { set: PatternSet; result: TargetResult }) {
  const details = (set.details ?? {}) as Partial<WhoDetails>;
  const confounders = details.confounders ?? [];
  const trends = Object.fromEntries((details.trends ?? []).filter((t) => t.target === result.target).map((t) => [t.attribute, t]));
  return (
    <div className="space-y-6">
      <Card>
        <Title>Which leads reach {result.target}</Title>
        <Text>
          {formatInt(result.conversions)} of {formatInt(result.n)} leads ({formatPercent(result.n > 0 ? result.baseRate : null)}). Each attribute value against all other leads, Benjamini–Hochberg over the target
          {confounders.length > 0 ? `; re-checked within ${confounders.map((c) => c.replace(/_/g, " ")).join(", ")} strata` : ""}.
        </Text>
        <div className="mt-2">
          {result.findings.length > 0 ? (
            <FindingsByDimension findings={result.findings} baseRate={result.baseRate} unit="leads" testId="who-chart" trends={trends} />
          ) : (
            <p className="text-tremor-default text-tremor-content" data-testid="who-empty">No attribute could be compared for this target yet.</p>
          )}
        </div>
        <ForestLegend baseRate={result.baseRate} n={result.n} unit="leads" />
        <ConfounderChecks findings={result.findings} />
      </Card>
      <LeadScoreCard model={details.leadScore} integral={new Set((details.attributes ?? []).filter((a) => a.integral).map((a) => a.attribute))} />
    </div>
  );
}
