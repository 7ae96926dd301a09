"use client";
/**
 * HOW sequences: each lead's first channels, its rate with interval, and the lift against the
 * single-channel baseline (from the BH-adjusted, confounder-checked finding where there is one).
 */
import { Badge, Card, Table, TableBody, TableHead, TableRow, Text, Title } from "@tremor/react";
import type { HowTargetDetails } from "@/server/core/patterns/how";
import type { Finding } from "@/server/core/patterns/types";
import { channelColor } from "../overview/channels";
import { formatInt, formatPercent } from "../ui/format";
import { ConfounderCallout, ConfounderChecks } from "./ConfounderCallout";
import { CountCell, EffectCell, RateCell, Td, Th } from "./cells";
import { findingColor, formatP, formatRateInterval, formatRatio, formatRatioInterval, isAdjusted, reportedEffect } from "./format";
import { EvidenceBadge, RateAxis, RateBar, rateScale } from "./ForestTable";

export function SequencePath({ sequence }: { sequence: string }) {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      {sequence.split(">").map((c, i) => (
        <span key={i} className="inline-flex items-center gap-1">
          {i > 0 && <span className="text-tremor-content-subtle">→</span>}
          <Badge size="xs" color={channelColor(c)}>
            {c}
          </Badge>
        </span>
      ))}
    </span>
  );
}

export function SequenceTable({ details, findings, baseRate }: { details: HowTargetDetails; findings: Finding[]; baseRate: number }) {
  const byKey = new Map(findings.map((f) => [f.key, f]));
  const sequences = details.sequences ?? [];
  const scale = rateScale(Math.max(baseRate, ...sequences.map((s) => s.interval.upper)));
  return (
    <Card data-testid="how-sequences">
      <Title>Sequences ({details.target})</Title>
      <Text>
        The first {details.steps} channels of each lead&apos;s outreach, repeats collapsed. Lift is against the single-channel baseline{" "}
        <strong>{details.baseline ?? "(none: all other sequences)"}</strong>; sequences with too few leads have no test and are shown for their counts only.
      </Text>
      <div className="mt-3 overflow-x-auto">
        <Table>
          <TableHead>
            <TableRow>
              <Th>Sequence</Th>
              <Th>
                <RateAxis max={scale.max} step={scale.step} />
              </Th>
              <Th right>Rate [95%&nbsp;CI]</Th>
              <Th right>Conv. / n leads</Th>
              <Th right title="The finding's lift (or adjusted odds ratio) against the baseline, with its 95% interval">
                Lift vs {details.baseline ?? "rest"} [95%&nbsp;CI]
              </Th>
              <Th right>p&nbsp;adj.</Th>
              <Th>Evidence</Th>
            </TableRow>
          </TableHead>
          <TableBody>
            {sequences.map((s) => {
              const f = byKey.get(`sequence=${s.sequence}`);
              const isBaseline = s.sequence === details.baseline;
              const effect = f ? reportedEffect(f) : null;
              const color = f ? findingColor(f) : "gray";
              return (
                <TableRow key={s.sequence} className={f?.significant ? "bg-tremor-background-muted" : ""}>
                  <Td>
                    <SequencePath sequence={s.sequence} />
                  </Td>
                  <Td className="py-1">
                    <RateBar rate={s.rate} lower={s.interval.lower} upper={s.interval.upper} baseRate={baseRate} max={scale.max} color={color} muted={isAdjusted(f?.confounding)} title={`${s.sequence}: ${formatPercent(s.rate)} ${formatRateInterval(s.interval)}, ${s.conversions} of n=${s.leads}`} />
                  </Td>
                  <RateCell rate={s.rate} interval={s.interval} />
                  <CountCell x={s.conversions} n={s.leads} />
                  {isBaseline ? (
                    <Td right className="text-tremor-content-subtle">
                      baseline
                    </Td>
                  ) : effect ? (
                    <EffectCell value={effect.value} interval={effect.interval} kind={effect.kind} />
                  ) : s.vsBaseline ? (
                    <Td right title={`Unadjusted p ${formatP(s.vsBaseline.pValue)}; too few leads for a reported test`}>
                      <div>{formatRatio(s.vsBaseline.lift)}</div>
                      <div className="text-tremor-label text-tremor-content-subtle">no interval</div>
                    </Td>
                  ) : (
                    <Td right>—</Td>
                  )}
                  <Td right>{f ? formatP(f.pAdjusted) : "—"}</Td>
                  <Td className="whitespace-normal">
                    {f ? (
                      <EvidenceBadge finding={f} />
                    ) : isBaseline ? null : (
                      <Badge size="xs" color="gray" title="Fewer leads than the minimum for a test">
                        counts only
                      </Badge>
                    )}
                  </Td>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <ConfounderChecks findings={findings.filter((f) => f.dimension === "sequence")} max={4} />
    </Card>
  );
}

export function MultiChannelCard({ details, finding }: { details: HowTargetDetails; finding: Finding | undefined }) {
  const m = details.multiChannel;
  if (!m) return null;
  const effect = finding ? reportedEffect(finding) : null;
  return (
    <Card data-testid="how-multichannel">
      <Title>Multi-channel vs single-channel ({details.target})</Title>
      <dl className="mt-3 grid grid-cols-2 gap-4 tabular-nums">
        <div>
          <dt className="text-tremor-label uppercase tracking-wide text-tremor-content">Single channel</dt>
          <dd className="text-tremor-content-strong">
            {formatPercent(m.single.rate)} <span className="text-tremor-label text-tremor-content">({formatInt(m.single.conversions)} / {formatInt(m.single.leads)} leads)</span>
          </dd>
        </div>
        <div>
          <dt className="text-tremor-label uppercase tracking-wide text-tremor-content">Multi-channel</dt>
          <dd className="text-tremor-content-strong">
            {formatPercent(m.multi.rate)} {finding && <span className="text-tremor-label text-tremor-content-subtle">{formatRateInterval(finding.interval)}</span>}{" "}
            <span className="text-tremor-label text-tremor-content">({formatInt(m.multi.conversions)} / {formatInt(m.multi.leads)} leads)</span>
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-tremor-default text-tremor-content-emphasis">
        {effect ? (
          <>
            {effect.kind === "adjusted OR" ? "Adjusted odds ratio" : "Lift"} {formatRatio(effect.value)} {formatRatioInterval(effect.interval)}, p adj. {formatP(finding!.pAdjusted)}{" "}
            <EvidenceBadge finding={finding!} />
          </>
        ) : (
          <>
            Lift {formatRatio(m.lift)}, p {formatP(m.pValue)} (unadjusted; no finding was reported for the mix).
          </>
        )}
      </p>
      {finding?.confounding && <ConfounderCallout note={finding.confounding} label={finding.label} />}
    </Card>
  );
}
