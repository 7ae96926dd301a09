"use client";
/** No patterns yet (for the tenant, or for one type): what data each type learns from, and how to start. */
import { Card, Text, Title } from "@tremor/react";
import Link from "next/link";
import { HEALTH_MIN_CONFIDENCE, HEALTH_MIN_SAMPLE } from "@/server/core/patterns/health";
import { DEFAULT_DETECT_OPTIONS, type PatternType } from "@/server/core/patterns/types";
import { useCan, useTenantView } from "../shell/TenantContext";
import { LearnNowButton } from "./PatternsHeader";
import type { LearnRunState } from "./useLearnRun";

export const NEEDS: Record<PatternType, string> = {
  who: "Leads with their attributes (industry, seniority, source, country, title, company size, free attributes) and their outcomes: replied, booked, showed, converted.",
  what: "Touches with their content (subject, body, CTA, angle) and whether each one got a reply or led to a booking.",
  when: "Touches with their send time (and the lead's time zone, else the tenant's) and whether each got a reply.",
  how: "Leads reached on one or more channels (email, sms, linkedin, voice) with booking and deal outcomes; reminders marked attributes.kind = \"reminder\".",
};

export function Requirements() {
  return (
    <p className="mt-3 text-tremor-default text-tremor-content">
      A single finding is reported once it rests on at least {DEFAULT_DETECT_OPTIONS.minConversions} conversions (the default; a tenant setting). A pattern set is trusted once it rests on{" "}
      {HEALTH_MIN_SAMPLE} outcomes, and its confidence should pass {HEALTH_MIN_CONFIDENCE} at about twice that.
    </p>
  );
}

export function EmptyPatterns({ state, type }: { state: LearnRunState; type?: PatternType }) {
  const { slug } = useTenantView();
  const canManage = useCan("patterns:manage");
  const types = type ? [type] : (["who", "what", "when", "how"] as const);
  return (
    <Card data-testid={type ? `empty-${type}` : "patterns-empty"}>
      <Title>{type ? `No ${type.toUpperCase()} patterns yet` : "No patterns learned yet"}</Title>
      <Text className="mt-1">
        Patterns are learned weekly (Sunday 02:00 UTC) from the data on the{" "}
        <Link href={`/t/${slug}/data`} className="text-tremor-brand hover:underline">
          Data
        </Link>{" "}
        page{canManage ? ", or now with the button below" : "; an admin or owner can also start learning now"}. What each type needs:
      </Text>
      <ul className="mt-3 space-y-1 text-tremor-default text-tremor-content">
        {types.map((t) => (
          <li key={t}>
            <strong className="text-tremor-content-emphasis">{t.toUpperCase()}</strong>: {NEEDS[t]}
          </li>
        ))}
      </ul>
      <Requirements />
      <div className="mt-4">
        <LearnNowButton state={state} />
      </div>
    </Card>
  );
}
