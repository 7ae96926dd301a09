"use client";
/**
 * The latest evaluation per arm (units, conversions, the rate with its Wilson interval) and per
 * variant against the control: difference (Newcombe), relative lift, p raw and adjusted, P(beat
 * control), expected loss, the always-valid p with its confidence sequence, and guardrails.
 */
import { Badge, Table, TableBody, TableHead, TableRow } from "@tremor/react";
import type { ReactNode } from "react";
import type { ArmComparison, ArmReport, DecisionResult, GuardrailResult } from "@/server/core/experiments/decision";
import { Td, Th } from "../patterns/cells";
import { formatInt, formatPercent } from "../ui/format";
import type { RouterOutputs } from "../ui/trpc-types";
import { formatDifference, formatDifferenceInterval, formatP, formatPercentInterval, formatSignedInterval, formatSignedPercent, formatValue, isNum, metricLabel, okCode } from "./format";

type Arm = RouterOutputs["experiments"]["get"]["arms"][number];

function Stack({ main, sub, title }: { main: ReactNode; sub?: ReactNode; title?: string }) {
  return (
    <div title={title}>
      <div className="text-tremor-content-emphasis">{main}</div>
      {sub !== undefined && sub !== "" && <div className="text-tremor-label text-tremor-content-subtle">{sub}</div>}
    </div>
  );
}

const GUARDRAIL_COLOR = { pass: "emerald", warn: "amber", fail: "rose", missing: "gray" } as const;

function GuardrailBadges({ guardrails }: { guardrails: GuardrailResult[] }) {
  if (guardrails.length === 0) return <span className="text-tremor-content-subtle">none</span>;
  return (
    <div className="flex flex-col items-start gap-1">
      {guardrails.map((g) => (
        <Badge
          key={g.metric}
          size="xs"
          color={GUARDRAIL_COLOR[g.status]}
          className="w-auto whitespace-normal text-left"
          title={`${metricLabel(g.metric)}: variant ${formatValue(g.kind === "mean" ? "revenue" : "rate", g.variantValue)} vs control ${formatValue(g.kind === "mean" ? "revenue" : "rate", g.controlValue)}; allowed worsening ${formatPercent(g.maxRelativeDrop)}; adjusted p ${formatP(g.adjustedPValue)}`}
          data-guardrail={g.metric}
          data-status={g.status}
        >
          {g.metric}: {g.status}
          {g.relativeChange !== null ? ` (${formatSignedPercent(g.relativeChange)})` : ""}
        </Badge>
      ))}
    </div>
  );
}

function verdict(c: ArmComparison): { text: string; color: "emerald" | "rose" | "amber" | "gray" } {
  if (c.direction === "better" && c.meetsMinLift) return { text: "significantly better", color: "emerald" };
  if (c.direction === "better") return { text: "better, below the deploy gate", color: "amber" };
  if (c.direction === "worse") return { text: "significantly worse", color: "rose" };
  if (c.futile) return { text: "cannot reach the gate", color: "gray" };
  return { text: "not significant yet", color: "gray" };
}

function VerdictBadge({ c }: { c: ArmComparison }) {
  const v = verdict(c);
  return (
    <Badge size="xs" color={v.color} className="w-auto whitespace-normal text-left" data-testid="arm-verdict">
      {v.text}
    </Badge>
  );
}

/** The confidence sequence of the difference, as a lift relative to the control value. */
function sequenceAsLift(c: ArmComparison) {
  const scale = Math.abs(c.controlValue);
  if (!okCode(c.sequential.code) || !(scale > 0)) return null;
  return { lower: c.sequential.runningInterval.lower / scale, upper: c.sequential.runningInterval.upper / scale };
}

function ComparisonCells({ c, method }: { c: ArmComparison; method: string }) {
  const metric = c.metric;
  const liftOk = okCode(c.relativeLift.code);
  const seq = sequenceAsLift(c);
  const pTitle = method === "sequential" ? "p used for the decision: the always-valid p (safe to look at any time), then adjusted for multiple tests" : `p used for the decision: the fixed-horizon ${c.fixedTest} test, then adjusted for multiple tests`;
  return (
    <>
      <Td right>
        <Stack main={formatDifference(metric, c.difference)} sub={formatDifferenceInterval(metric, c.differenceInterval)} title={metric === "revenue" ? "Welch interval of the difference" : "Newcombe 95% interval of the difference"} />
      </Td>
      <Td right>
        <Stack main={liftOk ? formatSignedPercent(c.relativeLift.lift) : "—"} sub={liftOk ? formatSignedInterval(c.relativeLift.interval) : "no lift: a zero count"} />
      </Td>
      <Td right>
        <Stack main={formatP(c.pValue)} sub={`adj. ${formatP(c.adjustedPValue)}`} title={`${pTitle}. Fixed-horizon ${c.fixedTest} p = ${formatP(c.fixedPValue)}.`} />
      </Td>
      <Td right>
        <Stack main={isNum(c.bayesian.probabilityToBeatControl) ? formatPercent(c.bayesian.probabilityToBeatControl) : "—"} title="Posterior probability that the variant beats the control (Beta(1,1) prior)" />
      </Td>
      <Td right>
        <Stack
          main={formatValue(metric, c.bayesian.expectedLossChoosingVariant)}
          sub={`control ${formatValue(metric, c.bayesian.expectedLossChoosingControl)}`}
          title="Expected loss: how much of the metric is lost on average if this choice is wrong (choosing the variant / keeping the control)"
        />
      </Td>
      <Td right>
        <Stack main={formatP(c.sequential.alwaysValidP)} sub={seq ? formatSignedInterval(seq) : ""} title="Always-valid (mSPRT) p-value and its confidence sequence, as a lift relative to the control" />
      </Td>
      <Td className="whitespace-normal">
        <GuardrailBadges guardrails={c.guardrails} />
      </Td>
    </>
  );
}

export function ArmsTable({ arms, result, allocation }: { arms: Arm[]; result: DecisionResult | null; allocation: string }) {
  const byKey = new Map<string, ArmReport>((result?.perArm ?? []).map((a) => [a.key, a]));
  const totalWeight = arms.reduce((s, a) => s + a.weight, 0) || 1;
  const metric = result?.config.primaryMetric ?? "booked";
  const method = result?.config.method ?? "sequential";
  const variants = arms.filter((a) => byKey.get(a.key)?.vsControl);
  return (
    <div className="space-y-6">
      <div className="overflow-x-auto">
        <Table data-testid="arms-table">
          <TableHead>
            <TableRow>
              <Th>Arm</Th>
              <Th right title={allocation === "thompson" ? "Bandit weights: each arm's share of new units, updated at every evaluation" : "Share of new units, from the weights"}>
                {allocation === "thompson" ? "Bandit share" : "Traffic share"}
              </Th>
              <Th right title="Units assigned so far (exposures in total underneath)">
                Assigned
              </Th>
              <Th right title={`Units in the latest evaluation with a ${metricLabel(metric)} outcome / units`}>
                Conversions / units
              </Th>
              <Th right>{metric === "revenue" ? "Revenue / unit" : `${metricLabel(metric)} [95% CI]`}</Th>
            </TableRow>
          </TableHead>
          <TableBody>
            {arms.map((arm) => {
              const report = byKey.get(arm.key);
              const winner = result?.winnerArmKey === arm.key;
              return (
                <TableRow key={arm.id} data-testid={`arm-${arm.key}`} className={winner ? "bg-emerald-50" : undefined}>
                  <Td>
                    <div className="font-mono font-medium text-tremor-content-strong">{arm.key}</div>
                    <div className="text-tremor-label">
                      v{arm.version}
                      {arm.isControl && (
                        <Badge size="xs" color="gray" className="ml-1">
                          control
                        </Badge>
                      )}
                      {winner && (
                        <Badge size="xs" color="emerald" className="ml-1">
                          winner
                        </Badge>
                      )}
                    </div>
                  </Td>
                  <Td right>{formatPercent(arm.weight / totalWeight)}</Td>
                  <Td right>
                    <Stack main={formatInt(arm.units)} sub={`${formatInt(arm.exposures)} exposures`} />
                  </Td>
                  <Td right>{report ? `${formatInt(report.conversions)} / ${formatInt(report.units)}` : "—"}</Td>
                  <Td right>
                    {!report ? (
                      <span className="text-tremor-content-subtle">not evaluated yet</span>
                    ) : metric === "revenue" ? (
                      <Stack main={formatValue("revenue", report.revenueMean)} sub={`conv. ${formatPercent(report.rate.estimate)}`} />
                    ) : (
                      <Stack main={formatPercent(report.rate.estimate)} sub={okCode(report.rate.code) ? formatPercentInterval(report.rate) : "no units"} />
                    )}
                  </Td>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>

      {variants.length > 0 && (
        <div className="overflow-x-auto">
          <Table data-testid="comparison-table">
            <TableHead>
              <TableRow>
                <Th>Variant vs control</Th>
                <Th right>Difference [95% CI]</Th>
                <Th right>Lift [95% CI]</Th>
                <Th right title="Raw p used for the decision, and after the multiple-testing adjustment">
                  p / adjusted
                </Th>
                <Th right>P(beat control)</Th>
                <Th right>Expected loss</Th>
                <Th right title="mSPRT always-valid p and the confidence sequence of the lift">
                  Always-valid p [sequence]
                </Th>
                <Th>Guardrails</Th>
              </TableRow>
            </TableHead>
            <TableBody>
              {variants.map((arm) => {
                const report = byKey.get(arm.key)!;
                return (
                  <TableRow key={arm.id} data-testid={`comparison-${arm.key}`} className={result?.winnerArmKey === arm.key ? "bg-emerald-50" : undefined}>
                    <Td className="whitespace-normal">
                      <span className="font-mono font-medium text-tremor-content-strong">{arm.key}</span> <span className="text-tremor-label">v{arm.version}</span>
                      <div className="mt-0.5">
                        <VerdictBadge c={report.vsControl!} />
                      </div>
                    </Td>
                    <ComparisonCells c={report.vsControl!} method={method} />
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
