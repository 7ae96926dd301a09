"use client";
/**
 * The Excellence Report's sections: the top performers, winning phrases per call stage (counts on
 * both sides, log-odds z, adjusted q), structure (medians, difference and effect size with their
 * intervals), behaviour (shares, difference with its interval), the show-up model, experiments
 * running, and recommendations.
 */
import { Badge, Button, Table, TableBody, TableHead, TableRow, Text } from "@tremor/react";
import { useState } from "react";
import { formatP, formatSigned } from "../patterns/format";
import { Td, Th } from "../patterns/cells";
import { formatDecimal, formatInt, formatPercent } from "../ui/format";
import { humanizeKey, isNum, stageLabel } from "./format";
import type { BehaviourRow, Interval, PhraseRow, Recommendation, ReportView, StageLanguage, StructureRow } from "./report-view";

const dec = (v: number | null | undefined, digits = 2) => (isNum(v) ? v.toFixed(digits) : "—");
const intervalText = (i: Interval | null, f: (v: number) => string) => (i ? `[${f(i.lower)}, ${f(i.upper)}]` : "");
const pp = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v * 100).toFixed(1)} pp`;
const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${formatDecimal(Math.abs(v))}`;

function SignificanceBadge({ significant, positive }: { significant: boolean; positive?: boolean }) {
  return (
    <Badge size="xs" color={significant ? (positive === false ? "rose" : "emerald") : "gray"}>
      {significant ? "significant" : "not significant"}
    </Badge>
  );
}

/** Figures that are not objects, as a row of small cards; shares (0–1 named rate/share) as percentages. */
export function FigureCards({ entries, testId }: { entries: Array<[string, unknown]>; testId?: string }) {
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid={testId}>
      {entries.map(([key, value]) => {
        const share = /rate|share|ratio/i.test(key) && isNum(value) && value >= 0 && value <= 1;
        const shown = value === null || value === undefined ? "—" : share ? formatPercent(value as number) : isNum(value) ? formatDecimal(value) : String(value);
        return (
          <div key={key} className="rounded-tremor-default border border-tremor-border px-3 py-2">
            <dt className="text-tremor-label text-tremor-content">{humanizeKey(key)}</dt>
            <dd className="text-tremor-metric font-semibold tabular-nums text-tremor-content-strong">{shown}</dd>
          </div>
        );
      })}
    </dl>
  );
}

const count = (x: number | null, y: number | null) => (x === null ? "—" : y === null ? formatInt(x) : `${formatInt(x)} / ${formatInt(y)}`);

function PhraseTable({ stage }: { stage: StageLanguage }) {
  const [all, setAll] = useState(false);
  const SHOWN = 8;
  const shown = all ? stage.phrases : stage.phrases.slice(0, SHOWN);
  const hasCounts = stage.phrases.some((p) => p.topWith !== null || p.restWith !== null);
  const hasShares = stage.phrases.some((p) => p.topShare !== null || p.restShare !== null);
  return (
    <div data-testid="report-stage-phrases" data-stage={stage.stage}>
      <h4 className="text-tremor-default font-semibold text-tremor-content-strong">
        {stageLabel(stage.stage)}
        {stage.winning && <span className="ml-2 font-normal italic text-tremor-content-emphasis">winning: “{stage.winning}”</span>}
      </h4>
      {stage.phrases.length === 0 ? (
        <Text>No phrase separates the cohorts in this stage.</Text>
      ) : (
        <div className="overflow-x-auto">
          <Table className="mt-1">
            <TableHead>
              <TableRow>
                <Th>Phrase</Th>
                {hasCounts && (
                  <Th right title="Top-10% calls whose stage contains the phrase / those that do not">
                    Top 10%: with / without
                  </Th>
                )}
                {hasCounts && (
                  <Th right title="Other calls whose stage contains the phrase / those that do not">
                    Rest: with / without
                  </Th>
                )}
                {hasShares && <Th right>Share top vs rest</Th>}
                <Th right title="Log-odds ratio with an informative Dirichlet prior, divided by its standard error">
                  z
                </Th>
                <Th right title="Benjamini–Hochberg adjusted p-value">
                  q
                </Th>
                <Th>Evidence</Th>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map((p: PhraseRow) => (
                <TableRow key={p.phrase} className={p.significant ? "bg-tremor-background-muted" : ""} data-testid="report-phrase" data-significant={p.significant || undefined}>
                  <Td className={`max-w-[18rem] truncate font-mono text-xs ${p.significant ? "font-semibold text-tremor-content-strong" : ""}`} title={p.phrase}>
                    “{p.phrase}”
                  </Td>
                  {hasCounts && <Td right>{count(p.topWith, p.topWithout)}</Td>}
                  {hasCounts && (
                    <Td right className="text-tremor-content">
                      {count(p.restWith, p.restWithout)}
                    </Td>
                  )}
                  {hasShares && (
                    <Td right className="whitespace-nowrap">
                      {formatPercent(p.topShare)} <span className="text-tremor-label text-tremor-content-subtle">vs {formatPercent(p.restShare)}</span>
                    </Td>
                  )}
                  <Td right className={isNum(p.z) && p.z > 0 ? "text-emerald-700" : isNum(p.z) && p.z < 0 ? "text-rose-700" : ""}>
                    {formatSigned(p.z)}
                  </Td>
                  <Td right>{formatP(p.q)}</Td>
                  <Td>
                    <SignificanceBadge significant={p.significant} positive={!isNum(p.z) || p.z >= 0} />
                  </Td>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {stage.phrases.length > SHOWN && (
        <Button size="xs" variant="light" className="mt-1" onClick={() => setAll((v) => !v)}>
          {all ? `Show the top ${SHOWN}` : `Show all ${stage.phrases.length}`}
        </Button>
      )}
    </div>
  );
}

export function LanguageSection({ view }: { view: ReportView }) {
  return (
    <div className="space-y-4" data-testid="report-language">
      {view.winning.length > 0 && (
        <dl className="grid gap-3 md:grid-cols-3" data-testid="report-winning-phrases">
          {view.winning.map(([key, phrase]) => (
            <div key={key} className="rounded-tremor-default border border-emerald-200 bg-emerald-50 px-3 py-2">
              <dt className="text-tremor-label text-tremor-content">{humanizeKey(key)}</dt>
              <dd className="text-tremor-default italic text-tremor-content-strong">“{phrase}”</dd>
            </div>
          ))}
        </dl>
      )}
      {view.language.length === 0 && view.winning.length === 0 ? (
        <Text>No phrase separates the top calls from the rest yet.</Text>
      ) : (
        view.language.map((stage) => <PhraseTable key={stage.stage} stage={stage} />)
      )}
    </div>
  );
}

function valueWithUnit(v: number | null, unit: string | null) {
  if (!isNum(v)) return "—";
  if (unit === "seconds" || unit === "s") return `${formatDecimal(v)} s`;
  if (unit === "share" || unit === "ratio") return formatPercent(v);
  return `${formatDecimal(v)}${unit ? ` ${unit}` : ""}`;
}

export function StructureTable({ rows }: { rows: StructureRow[] }) {
  if (rows.length === 0) return <p className="text-tremor-default text-tremor-content" data-testid="report-structure">No structure comparison in this report.</p>;
  const hasBottom = rows.some((r) => r.bottom !== null);
  return (
    <div className="overflow-x-auto" data-testid="report-structure">
      <Table>
        <TableHead>
          <TableRow>
            <Th>Measure</Th>
            <Th right>Top 10% (median)</Th>
            <Th right>Rest (median)</Th>
            {hasBottom && <Th right>Bottom 10% (median)</Th>}
            <Th right title="Top minus rest, with its 95% interval">
              Difference [95% CI]
            </Th>
            <Th right title="Standardized effect size (Hedges' g), with its 95% interval">
              Effect size [95% CI]
            </Th>
            <Th right>q</Th>
            <Th>Evidence</Th>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.metric} className={r.significant ? "bg-tremor-background-muted" : ""} data-testid="report-structure-row" data-metric={r.metric}>
              <Td className={r.significant ? "font-semibold text-tremor-content-strong" : ""}>{humanizeKey(r.metric)}</Td>
              <Td right className="font-medium text-tremor-content-strong">
                {valueWithUnit(r.top, r.unit)}
              </Td>
              <Td right>{valueWithUnit(r.rest, r.unit)}</Td>
              {hasBottom && <Td right>{valueWithUnit(r.bottom, r.unit)}</Td>}
              <Td right>
                <div>{isNum(r.difference) ? signed(r.difference) : "—"}</div>
                <div className="text-tremor-label text-tremor-content-subtle">{intervalText(r.differenceInterval, signed)}</div>
              </Td>
              <Td right>
                <div>{dec(r.effectSize)}</div>
                <div className="text-tremor-label text-tremor-content-subtle">{intervalText(r.effectInterval, (v) => v.toFixed(2))}</div>
              </Td>
              <Td right>{formatP(r.q)}</Td>
              <Td>
                <SignificanceBadge significant={r.significant} positive={!isNum(r.effectSize) || r.effectSize >= 0} />
              </Td>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function BehaviourTable({ rows }: { rows: BehaviourRow[] }) {
  if (rows.length === 0) return <p className="text-tremor-default text-tremor-content" data-testid="report-behaviour">No behaviour comparison in this report.</p>;
  const hasBottom = rows.some((r) => r.bottomShare !== null);
  return (
    <div className="overflow-x-auto" data-testid="report-behaviour">
      <Table>
        <TableHead>
          <TableRow>
            <Th>Behaviour</Th>
            <Th right>Top 10%</Th>
            <Th right>Rest</Th>
            {hasBottom && <Th right>Bottom 10%</Th>}
            <Th right title="Share in the top 10% minus share in the rest, with its 95% (Newcombe) interval">
              Difference [95% CI]
            </Th>
            <Th right>q</Th>
            <Th>Evidence</Th>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.behaviour} className={r.significant ? "bg-tremor-background-muted" : ""} data-testid="report-behaviour-row" data-behaviour={r.behaviour}>
              <Td className="whitespace-normal">
                <div className={r.significant ? "font-semibold text-tremor-content-strong" : ""}>{humanizeKey(r.behaviour)}</div>
                {r.description && <div className="text-tremor-label text-tremor-content-subtle">{r.description}</div>}
              </Td>
              <Td right className="font-medium text-tremor-content-strong">
                <div>{formatPercent(r.topShare)}</div>
                {r.topCount && <div className="text-tremor-label font-normal text-tremor-content-subtle">{r.topCount}</div>}
              </Td>
              <Td right>
                <div>{formatPercent(r.restShare)}</div>
                {r.restCount && <div className="text-tremor-label text-tremor-content-subtle">{r.restCount}</div>}
              </Td>
              {hasBottom && <Td right>{formatPercent(r.bottomShare)}</Td>}
              <Td right>
                <div>{isNum(r.difference) ? pp(r.difference) : "—"}</div>
                <div className="text-tremor-label text-tremor-content-subtle">{intervalText(r.interval, pp)}</div>
              </Td>
              <Td right>{formatP(r.q)}</Td>
              <Td>
                <SignificanceBadge significant={r.significant} positive={!isNum(r.difference) || r.difference >= 0} />
              </Td>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

const PRIORITY_COLOR: Record<string, string> = { immediate: "rose", high: "amber", moderate: "blue", medium: "blue", low: "gray" };

export function Recommendations({ items }: { items: Recommendation[] }) {
  return (
    <div data-testid="report-recommendations">
      {items.length === 0 ? (
        <Text>No recommendation: nothing in this report is strong enough to act on.</Text>
      ) : (
        <ol className="space-y-2">
          {items.map((r, i) => (
            <li key={i} className="rounded-tremor-default border border-tremor-border px-3 py-2" data-testid="report-recommendation" data-priority={r.priority}>
              <div className="flex flex-wrap items-center gap-2">
                {r.priority && (
                  <Badge size="xs" color={PRIORITY_COLOR[r.priority] ?? "gray"}>
                    {r.priority}
                  </Badge>
                )}
                <span className="font-medium text-tremor-content-strong">{r.action}</span>
              </div>
              {r.rationale && <p className="mt-1 text-tremor-default text-tremor-content">{r.rationale}</p>}
              {r.expectedImpact && <p className="text-tremor-label text-tremor-content-subtle">Expected impact: {r.expectedImpact}</p>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** A small key/value list for the less structured parts (model performance, running experiments). */
export function KeyValues({ value }: { value: Record<string, unknown> }) {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const show = (v: unknown): string => {
    if (v === null) return "—";
    if (isNum(v)) return formatDecimal(v);
    if (typeof v === "string" || typeof v === "boolean") return String(v);
    if (Array.isArray(v))
      return v
        .map((x) => {
          const o = x && typeof x === "object" ? (x as Record<string, unknown>) : null;
          if (o && typeof o.feature === "string") return `${o.feature}${isNum(o.importance) ? ` (${dec(o.importance, 3)})` : isNum(o.aucDrop) ? ` (${dec(o.aucDrop, 3)})` : ""}`;
          return typeof x === "object" ? JSON.stringify(x) : String(x);
        })
        .join(", ");
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => typeof x !== "object" || x === null)
      .map(([k, x]) => `${humanizeKey(k)} ${isNum(x) ? dec(x, 3) : String(x)}`)
      .join(" · ");
  };
  return (
    <dl className="grid gap-1 text-tremor-default">
      {entries.map(([k, v]) => (
        <div key={k} className="flex flex-wrap gap-x-3">
          <dt className="text-tremor-content">{humanizeKey(k)}</dt>
          <dd className="text-tremor-content-strong">{show(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
