"use client";
/** WHEN pieces beside the heatmap: send windows with their evidence, reply rate by gap, quiet hours. */
import { Badge, Card, Table, TableBody, TableCell, TableHead, TableRow, Text, Title } from "@tremor/react";
import type { GapStat, QuietHours, SendWindow } from "@/server/core/patterns/when";
import { formatInt, formatPercent } from "../ui/format";
import { ConfounderCallout, needsAttention } from "./ConfounderCallout";
import { CountCell, EffectCell, RateCell, Td, Th } from "./cells";
import { findingColor, formatP, formatRateInterval, formatRatio, hourLabel, isAdjusted, isNum, reportedEffect } from "./format";
import { RateAxis, RateBar, rateScale } from "./ForestTable";

function WindowRows({ windows, max, baseRate }: { windows: SendWindow[]; max: number; baseRate: number }) {
  return (
    <>
      {windows.map((w) => {
        const color = findingColor({ ...w, outcomesNeeded: 0 });
        const effect = reportedEffect(w);
        return (
          <TableRow key={`${w.channel ?? "all"}-${w.label}`} className={w.significant ? "bg-tremor-background-muted" : ""}>
            <Td className="whitespace-nowrap font-medium text-tremor-content-strong">
              {w.label}
              {w.channel && <span className="ml-1 text-tremor-label text-tremor-content">({w.channel})</span>}
            </Td>
            <Td className="py-1">
              <RateBar rate={w.rate} lower={w.interval.lower} upper={w.interval.upper} baseRate={baseRate} max={max} color={color} muted={isAdjusted(w.confounding)} title={`${w.label}: ${formatPercent(w.rate)} ${formatRateInterval(w.interval)}, ${w.conversions} of n=${w.n}`} />
            </Td>
            <RateCell rate={w.rate} interval={w.interval} note={isAdjusted(w.confounding) ? "raw, before adjustment" : undefined} />
            <CountCell x={w.conversions} n={w.n} />
            <EffectCell value={effect.value} interval={effect.interval} kind={effect.kind} />
            <Td right title={`Bonferroni over ${formatInt(w.candidates)} windows scanned`}>
              {formatP(w.pAdjusted)}
            </Td>
            <Td className="whitespace-normal">
              <Badge size="xs" color={color}>
                {w.significant ? (w.direction === "negative" ? "significantly lower" : "significantly higher") : "not significant"}
              </Badge>
            </Td>
          </TableRow>
        );
      })}
    </>
  );
}

export function WindowsCard({ best, worst, byChannel, baseRate, candidates }: { best: SendWindow[]; worst: SendWindow[]; byChannel: Record<string, SendWindow[]>; baseRate: number; candidates?: number }) {
  const channelWindows = Object.values(byChannel ?? {}).flat();
  const all = [...best, ...worst, ...channelWindows];
  if (all.length === 0) return null;
  const scale = rateScale(Math.max(baseRate, ...all.map((w) => w.interval.upper)));
  // Checks that change the reading, and those of windows with evidence; consistent ones of other windows add nothing.
  const checks = all.filter((w) => w.confounding && (needsAttention(w.confounding) || w.significant));
  const section = (title: string, list: SendWindow[]) =>
    list.length > 0 && (
      <>
        <TableRow>
          <TableCell colSpan={7} className="bg-tremor-background-subtle px-2 py-1 text-tremor-label font-medium uppercase tracking-wide">
            {title}
          </TableCell>
        </TableRow>
        <WindowRows windows={list} max={scale.max} baseRate={baseRate} />
      </>
    );
  return (
    <Card data-testid="when-windows">
      <Title>Send windows</Title>
      <Text>
        Contiguous weekday × hour blocks (lead-local) whose rate beats or trails all other touches; p-values are Bonferroni-adjusted over {isNum(candidates) ? formatInt(candidates) : "all"} blocks scanned.
      </Text>
      <div className="mt-3 overflow-x-auto">
        <Table>
          <TableHead>
            <TableRow>
              <Th>Window</Th>
              <Th>
                <RateAxis max={scale.max} step={scale.step} />
              </Th>
              <Th right>Rate [95%&nbsp;CI]</Th>
              <Th right>Conv. / n</Th>
              <Th right>Effect [95%&nbsp;CI]</Th>
              <Th right title="Bonferroni-adjusted over every window scanned">
                p&nbsp;adj.
              </Th>
              <Th>Evidence</Th>
            </TableRow>
          </TableHead>
          <TableBody>
            {section("Best windows", best)}
            {section("Worst windows", worst)}
            {section("Best windows per channel", channelWindows)}
          </TableBody>
        </Table>
      </div>
      {checks.map((w) => (
        <ConfounderCallout key={`${w.channel ?? "all"}-${w.label}`} note={w.confounding!} label={w.label} />
      ))}
    </Card>
  );
}

export function GapsCard({ gaps, baseRate, noun }: { gaps: GapStat[]; baseRate: number; noun: string }) {
  if (!gaps?.length) return null;
  const scale = rateScale(Math.max(baseRate, ...gaps.map((g) => g.interval.upper)));
  return (
    <Card data-testid="when-gaps">
      <Title>{noun} rate by gap since the previous touch</Title>
      <Text>Each gap bucket against all other touches (first touches included); descriptive, BH-adjusted over the buckets.</Text>
      <div className="mt-3 overflow-x-auto">
        <Table>
          <TableHead>
            <TableRow>
              <Th>Gap</Th>
              <Th>
                <RateAxis max={scale.max} step={scale.step} />
              </Th>
              <Th right>Rate [95%&nbsp;CI]</Th>
              <Th right>Conv. / n</Th>
              <Th right title="Rate ÷ rate of all other touches">
                Lift
              </Th>
              <Th right>p&nbsp;adj.</Th>
            </TableRow>
          </TableHead>
          <TableBody>
            {gaps.map((g) => {
              const direction = g.lift > 1 ? "positive" : g.lift < 1 ? "negative" : "none";
              const color = findingColor({ significant: g.significant, direction, outcomesNeeded: 0 });
              return (
                <TableRow key={g.bucket} className={g.significant ? "bg-tremor-background-muted" : ""}>
                  <Td className={g.significant ? "font-semibold text-tremor-content-strong" : ""}>{g.label}</Td>
                  <Td className="py-1">
                    <RateBar rate={g.rate} lower={g.interval.lower} upper={g.interval.upper} baseRate={baseRate} max={scale.max} color={color} title={`${g.label}: ${formatPercent(g.rate)} ${formatRateInterval(g.interval)}, ${g.conversions} of n=${g.n}`} />
                  </Td>
                  <RateCell rate={g.rate} interval={g.interval} />
                  <CountCell x={g.conversions} n={g.n} />
                  <Td right>{formatRatio(g.lift)}</Td>
                  <Td right>{formatP(g.pAdjusted)}</Td>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </Card>
  );
}

export function QuietHoursCard({ quiet }: { quiet: QuietHours | undefined }) {
  if (!quiet || !Array.isArray(quiet.volumeByHour)) return null;
  const max = Math.max(1, ...quiet.volumeByHour);
  const inQuiet = new Set(quiet.hours);
  return (
    <Card data-testid="when-quiet">
      <Title>Quiet hours</Title>
      <Text>
        {quiet.total > 0 ? (
          <>
            {hourLabel(quiet.startHour)}–{hourLabel(quiet.endHour)} ({quiet.timezone}): {formatPercent(quiet.share)} of {formatInt(quiet.total)} touches go out then, the cheapest time for batch work such as research and re-scoring.
          </>
        ) : (
          <>No touches yet; {hourLabel(quiet.startHour)}–{hourLabel(quiet.endHour)} is the default idle window.</>
        )}
      </Text>
      <svg viewBox="0 0 480 72" className="mt-3 h-auto w-full" role="img" aria-label="Touches by hour of day (tenant time zone); quiet hours in amber">
        {quiet.volumeByHour.map((v, h) => (
          <rect key={h} x={h * 20 + 2} y={56 - (v / max) * 54} width={16} height={(v / max) * 54} className={inQuiet.has(h) ? "fill-amber-400" : "fill-blue-300"}>
            <title>{`${hourLabel(h)}: ${formatInt(v)} touches`}</title>
          </rect>
        ))}
        {[0, 6, 12, 18].map((h) => (
          <text key={h} x={h * 20 + 2} y={68} className="fill-gray-500 text-[9px]">
            {hourLabel(h)}
          </text>
        ))}
      </svg>
    </Card>
  );
}
