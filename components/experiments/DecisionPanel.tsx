"use client";
/** The latest decision with the core's reasons (human sentences with their numbers), and the SRM warning. */
import { Callout, Card, Text, Title } from "@tremor/react";
import type { DecisionReason, DecisionResult } from "@/server/core/experiments/decision";
import { useTenantView } from "../shell/TenantContext";
import { formatDecimal, formatInt, formatShortDateTime } from "../ui/format";
import { DecisionBadge } from "./badges";
import { formatP } from "./format";

const REASON_TONE: Record<string, string> = {
  WINNER: "text-emerald-700",
  SRM: "text-rose-700",
  GUARDRAIL_FAILED: "text-rose-700",
  SIGNIFICANTLY_WORSE: "text-rose-700",
  ALL_WORSE: "text-rose-700",
  INVALID_INPUT: "text-rose-700",
  GUARDRAIL_WARNING: "text-amber-700",
  SMALL_COUNTS: "text-amber-700",
  GUARDRAIL_MISSING: "text-amber-700",
};

/** Sample-ratio mismatch: units did not split in the intended shares, so no variant can be promoted. */
export function SrmWarning({ result }: { result: DecisionResult }) {
  const srm = result.srm;
  if (!srm?.mismatch) return null;
  const total = result.perArm.reduce((s, a) => s + a.units, 0);
  return (
    <Callout title="Sample ratio mismatch: results are not trustworthy" color="rose" data-testid="srm-warning">
      <p>
        The arms got {result.perArm.map((a, i) => `${a.key} ${formatInt(a.units)} (expected ${formatInt(Math.round(srm.expected[i] ?? 0))})`).join(", ")} of {formatInt(total)} units: χ² ={" "}
        {formatDecimal(srm.statistic)}, p = {formatP(srm.pValue)} &lt; {srm.threshold}.
      </p>
      <p className="mt-1">
        Something drops or duplicates units in one arm: check that agents call the assignment API for every lead and use the arm it returns, and that exposures are not filtered afterwards. No variant is
        promoted while this lasts.
      </p>
    </Callout>
  );
}

export function DecisionPanel({
  decision,
  reasons,
  result,
  lastEvaluatedAt,
  status,
}: {
  decision: string | null;
  reasons: DecisionReason[];
  result: DecisionResult | null;
  lastEvaluatedAt: Date | null;
  status: string;
}) {
  const { timezone } = useTenantView();
  return (
    <Card data-testid="decision-panel">
      <div className="flex flex-wrap items-center gap-3">
        <Title>Decision</Title>
        <DecisionBadge decision={decision} testId="experiment-decision" size="sm" />
        {result?.winnerArmKey && <Text>winner: <span className="font-mono font-medium text-tremor-content-strong">{result.winnerArmKey}</span></Text>}
        <Text className="text-tremor-label">{lastEvaluatedAt ? `evaluated ${formatShortDateTime(lastEvaluatedAt, timezone)}` : "never evaluated"}</Text>
      </div>
      {!decision && (
        <Text className="mt-2">
          {status === "draft"
            ? "Start the experiment to assign units; it is evaluated after outcomes arrive, on a schedule, or with Evaluate now."
            : status === "running"
              ? "Evaluated automatically a few seconds after outcomes arrive and on a schedule; admins can also press Evaluate now."
              : "Stopped before any evaluation: nothing was decided and production did not change."}
        </Text>
      )}
      {result && (
        <div className="mt-3">
          <SrmWarning result={result} />
        </div>
      )}
      {reasons.length > 0 && (
        <ul className="mt-3 space-y-1.5" data-testid="decision-reasons" aria-label="Reasons">
          {reasons.map((r, i) => (
            <li key={i} className={`text-tremor-default ${REASON_TONE[r.code] ?? "text-tremor-content-emphasis"}`} data-code={r.code}>
              <span className="mr-2 rounded bg-tremor-background-subtle px-1.5 py-0.5 font-mono text-[10px] text-tremor-content">{r.code}</span>
              {r.message}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
