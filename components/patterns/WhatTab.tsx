"use client";
/** WHAT: message traits (subject style, CTA, angle…) as forest plots, and phrase winners and losers with their counts. */
import { Card, Text, Title } from "@tremor/react";
import type { PatternSet, TargetResult } from "@/server/core/patterns/types";
import type { WhatDetails } from "@/server/services/patterns/what";
import { formatInt, formatPercent } from "../ui/format";
import { ConfounderChecks } from "./ConfounderCallout";
import { FindingsByDimension } from "./FindingsByDimension";
import { ForestLegend } from "./ForestTable";
import { PhraseTable } from "./PhraseTable";

const LABELS: Record<string, string> = {
  subject_style: "Subject style",
  cta: "CTA",
  angle: "Angle",
  pain_point: "Pain point",
  prompt_ref: "Prompt",
  body_length: "Body length (words)",
  question_count: "Questions in body",
  personalization: "Body names the lead",
};

export function WhatTab({ set, result }: { set: PatternSet; result: TargetResult }) {
  const details = (set.details ?? {}) as Partial<WhatDetails>;
  const confounders = details.confounders ?? [];
  const categorical = result.findings.filter((f) => f.dimension !== "phrase");
  const phraseFindings = new Map(result.findings.filter((f) => f.dimension === "phrase").map((f) => [f.key, f]));
  const phrases = Array.isArray(details.phrases) ? details.phrases.find((p) => p.target === result.target) : undefined;
  const scan = details.phraseScan;
  const outcome = result.target;

  return (
    <div className="space-y-6">
      <Card>
        <Title>Message traits and {outcome}</Title>
        <Text>
          {formatInt(result.conversions)} of {formatInt(result.n)} outreach touches ({formatPercent(result.n > 0 ? result.baseRate : null)}). Each value against the other touches that have the trait (e.g. subject style among
          emails with a subject){confounders.length > 0 ? `, re-checked within ${confounders.join(" and ")} strata` : ""}.
        </Text>
        <div className="mt-2">
          {categorical.length > 0 ? (
            <FindingsByDimension findings={categorical} baseRate={result.baseRate} unit="touches" testId="what-chart" labels={LABELS} />
          ) : (
            <p className="text-tremor-default text-tremor-content" data-testid="what-empty">No message trait could be compared for this target yet.</p>
          )}
        </div>
        <ForestLegend baseRate={result.baseRate} n={result.n} unit="touches" />
        <ConfounderChecks findings={categorical} />
      </Card>

      <Card data-testid="what-phrases">
        <Title>Phrases</Title>
        {phrases ? (
          <>
            <Text>
              Words and 1–3-word phrases of subjects and bodies, counted once per touch. {formatInt(phrases.tested)} of {formatInt(phrases.eligible)} eligible terms tested (vocabulary{" "}
              {formatInt(phrases.vocabulary)}, {formatInt(phrases.touches)} touches); ranked by the log-odds z.
              {phrases.folded > 0 && ` ${formatInt(phrases.folded)} significant sub-phrases were folded into a longer or shorter phrase they nearly always occur with.`}
              {scan?.truncated && ` Only the ${formatInt(scan.touches)} newest touches were scanned (cap ${formatInt(scan.cap)}).`}
            </Text>
            <div className="mt-4 space-y-6">
              <PhraseTable title={`Winners: more ${outcome}`} items={phrases.winners ?? []} findings={phraseFindings} outcome={outcome} direction="positive" />
              <PhraseTable title={`Losers: less ${outcome}`} items={phrases.losers ?? []} findings={phraseFindings} outcome={outcome} direction="negative" />
            </div>
            <ConfounderChecks findings={[...phraseFindings.values()]} max={4} />
          </>
        ) : (
          <Text className="mt-1">No phrase analysis in this version (touches need a subject or body).</Text>
        )}
      </Card>
    </div>
  );
}
