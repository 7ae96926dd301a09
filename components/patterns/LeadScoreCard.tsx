"use client";
/**
 * The learned lead-score weights (WHO): each lead attribute level's log-odds weight with its
 * bootstrap standard error and sign stability, the holdout metrics and how far the weights moved
 * since the previous model.
 */
import { Badge, Button, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import { useState } from "react";
import type { LeadScoreModel } from "@/server/core/patterns/lead-score";
import { formatInt, formatPercent } from "../ui/format";
import { binLabel, integerBinLabel } from "@/server/core/stats/binning";
import { formatSigned, isNum, moreOutcomes } from "./format";

const SHOWN = 20;
const W = 160;

/** "age: 18–32", "balance: (272, 701]", "pdays: -1": the bin labels WHO's findings use. */
function featureLabel(model: LeadScoreModel, feature: string, integral: ReadonlySet<string>): string {
  const at = feature.indexOf("=");
  if (at < 0) return feature;
  const attribute = feature.slice(0, at);
  const level = feature.slice(at + 1);
  const edges = model.encoding?.find((e) => e.attribute === attribute)?.edges;
  const name = attribute.replace(/^attributes\./, "").replace(/_/g, " ");
  if (edges && level.startsWith("bin:")) {
    const i = Number(level.slice(4));
    if (Number.isInteger(i) && i >= 0 && i + 1 < edges.length) return `${name}: ${integral.has(attribute) ? integerBinLabel(edges, i) : binLabel(edges, i)}`;
  }
  return `${name}: ${level}`;
}

/** Weight as a bar from 0 with ± one bootstrap SD, on a symmetric scale. */
function WeightBar({ weight, se, max }: { weight: number; se: number; max: number }) {
  const x = (v: number) => W / 2 + (Math.max(-max, Math.min(max, v)) / max) * (W / 2);
  const color = weight >= 0 ? "fill-emerald-300" : "fill-rose-300";
  return (
    <svg width={W} height={16} aria-hidden>
      <line x1={W / 2} x2={W / 2} y1={0} y2={16} className="stroke-gray-400" />
      <rect x={Math.min(x(0), x(weight))} y={4} width={Math.abs(x(weight) - x(0))} height={8} className={color} />
      {se > 0 && <line x1={x(weight - se)} x2={x(weight + se)} y1={8} y2={8} className="stroke-gray-700" strokeWidth={1.5} />}
    </svg>
  );
}

const NO_INTEGRAL: ReadonlySet<string> = new Set();

export function LeadScoreCard({ model, integral = NO_INTEGRAL }: { model: LeadScoreModel | null | undefined; integral?: ReadonlySet<string> }) {
  const [all, setAll] = useState(false);
  if (!model) {
    return (
      <Card data-testid="lead-score">
        <Title>Lead-score weights</Title>
        <Text className="mt-1">Not fitted in this version: the score needs leads that reached the target and leads that did not (see the notes above).</Text>
      </Card>
    );
  }
  const rows = (model.features ?? []).map((f, j) => ({ feature: f, label: featureLabel(model, f, integral), weight: model.coefficients[j] ?? 0, se: model.stability?.standardErrors?.[j] ?? 0, sign: model.stability?.signStability?.[j] }));
  rows.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const max = Math.max(0.1, ...rows.map((r) => Math.abs(r.weight) + r.se));
  const shown = all ? rows : rows.slice(0, SHOWN);
  const m = model.metrics;
  const prev = model.stability?.vsPrevious;
  return (
    <Card data-testid="lead-score">
      <div className="flex flex-wrap items-center gap-2">
        <Title>Lead-score weights ({model.target})</Title>
        <Badge color="blue">model v{model.modelVersion}</Badge>
        {model.outcomesNeeded > 0 ? <Badge color="amber">needs {moreOutcomes(model.outcomesNeeded)}</Badge> : <Badge color="emerald">enough outcomes</Badge>}
        {model.code !== "OK" && <Badge color="amber">{model.code.toLowerCase().replace(/_/g, " ")}</Badge>}
      </div>
      <Text>
        L2-regularised logistic regression on {formatInt(model.rows)} leads ({formatInt(model.positives)} reached {model.target}). Weights are log-odds per attribute level; the whisker is ± one bootstrap standard
        deviation over {formatInt(model.stability?.bootstrapReplicates ?? 0)} replicates.
      </Text>
      <dl className="mt-3 grid gap-3 text-tremor-default tabular-nums sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-tremor-label uppercase tracking-wide text-tremor-content">Holdout AUC</dt>
          <dd className="text-tremor-content-strong">
            {isNum(m?.holdoutAuc) ? m.holdoutAuc.toFixed(3) : "—"}{" "}
            <span className="text-tremor-label text-tremor-content">
              on {formatInt(m?.holdoutRows ?? 0)} newest leads ({formatInt(m?.holdoutPositives ?? 0)} positive)
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-tremor-label uppercase tracking-wide text-tremor-content">Holdout log-loss</dt>
          <dd className="text-tremor-content-strong">
            {isNum(m?.holdoutLogLoss) ? m.holdoutLogLoss.toFixed(3) : "—"} <span className="text-tremor-label text-tremor-content">vs {isNum(m?.baselineLogLoss) ? m.baselineLogLoss.toFixed(3) : "—"} for the base rate</span>
            {isNum(m?.holdoutLogLoss) && isNum(m?.baselineLogLoss) && m.holdoutLogLoss > m.baselineLogLoss && (
              <div className="text-tremor-label text-amber-700">worse than predicting the base rate on the holdout: do not rank leads by it yet</div>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-tremor-label uppercase tracking-wide text-tremor-content">Trained on</dt>
          <dd className="text-tremor-content-strong">
            {formatInt(m?.trainRows ?? 0)} older leads <span className="text-tremor-label text-tremor-content">then refitted on all {formatInt(model.rows)}</span>
          </dd>
        </div>
        <div>
          <dt className="text-tremor-label uppercase tracking-wide text-tremor-content">Stability vs previous</dt>
          <dd className="text-tremor-content-strong">
            {prev ? (
              <>
                cosine {prev.cosine.toFixed(2)} · {formatPercent(prev.totalVariation, 0)} of weight moved
                <div className="text-tremor-label text-tremor-content">
                  largest change: {prev.maxChangeKey ? featureLabel(model, prev.maxChangeKey, integral) : "—"} (previous model: {formatInt(prev.previousPositives)} of {formatInt(prev.previousRows)} leads)
                </div>
              </>
            ) : (
              <span className="text-tremor-content">first model, nothing to compare</span>
            )}
          </dd>
        </div>
      </dl>
      <div className="mt-4 overflow-x-auto">
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Attribute level</TableHeaderCell>
              <TableHeaderCell>Weight</TableHeaderCell>
              <TableHeaderCell className="text-right">Log-odds ± SD</TableHeaderCell>
              <TableHeaderCell className="text-right" title="Share of bootstrap replicates agreeing in sign with the estimate; below 90% is highlighted">
                Sign stability
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((r) => (
              <TableRow key={r.feature}>
                <TableCell className="max-w-[18rem] truncate" title={r.feature}>
                  {r.label}
                </TableCell>
                <TableCell className="py-1">
                  <WeightBar weight={r.weight} se={r.se} max={max} />
                </TableCell>
                <TableCell className="whitespace-nowrap text-right tabular-nums">
                  {formatSigned(r.weight)} <span className="text-tremor-label text-tremor-content-subtle">± {r.se.toFixed(2)}</span>
                </TableCell>
                <TableCell className={`text-right tabular-nums ${isNum(r.sign) && r.sign < 0.9 ? "text-amber-700" : ""}`}>{isNum(r.sign) ? formatPercent(r.sign, 0) : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {rows.length > SHOWN && (
        <Button size="xs" variant="light" className="mt-2" onClick={() => setAll((v) => !v)}>
          {all ? `Show the ${SHOWN} largest` : `Show all ${formatInt(rows.length)} weights`}
        </Button>
      )}
    </Card>
  );
}
