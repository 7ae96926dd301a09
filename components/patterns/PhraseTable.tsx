"use client";
/**
 * Phrase winners or losers (WHAT): for each term the touches with and without it on both sides of
 * the outcome, the informative-prior log-odds z, the lift and the adjusted p.
 */
import { Badge, Button, Table, TableBody, TableHead, TableRow, Text } from "@tremor/react";
import { useState } from "react";
import type { PhraseListItem } from "@/server/core/patterns/what";
import type { Finding } from "@/server/core/patterns/types";
import { formatInt, formatPercent } from "../ui/format";
import { EffectCell, Td, Th } from "./cells";
import { EvidenceBadge } from "./ForestTable";
import { formatP, formatSigned, isNum, reportedEffect } from "./format";

const rateOf = (x: number, n: number) => (n > 0 ? x / n : null);
const SHOWN = 10;

export function PhraseTable({ title, items, findings, outcome, direction }: { title: string; items: PhraseListItem[]; findings: Map<string, Finding>; outcome: string; direction: "positive" | "negative" }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, SHOWN);
  if (!items.length) {
    return (
      <div>
        <h3 className="text-tremor-default font-semibold text-tremor-content-strong">{title}</h3>
        <Text className="mt-1">No phrase leans this way yet.</Text>
      </div>
    );
  }
  return (
    <div>
      <h3 className="text-tremor-default font-semibold text-tremor-content-strong">{title}</h3>
      <div className="overflow-x-auto">
        <Table className="mt-1" data-testid={`phrases-${direction}`}>
          <TableHead>
            <TableRow>
              <Th>Phrase</Th>
              <Th right title={`Touches containing the phrase: ${outcome} / not ${outcome}`}>
                With: {outcome} / not
              </Th>
              <Th right title={`Touches without the phrase: ${outcome} / not ${outcome}`}>
                Without: {outcome} / not
              </Th>
              <Th right>Rate with vs without</Th>
              <Th right title="Log-odds ratio with an informative Dirichlet prior, divided by its standard error">
                z
              </Th>
              <Th right title="The phrase's lift with its 95% interval (touches weighted by the design effect for outcomes shared by a lead's touches)">
                Lift [95%&nbsp;CI]
              </Th>
              <Th right>p&nbsp;adj.</Th>
              <Th>Evidence</Th>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((p) => {
              const withN = p.withConverted + p.withNotConverted;
              const withoutN = p.withoutConverted + p.withoutNotConverted;
              const rWith = rateOf(p.withConverted, withN);
              const rWithout = rateOf(p.withoutConverted, withoutN);
              const f = findings.get(`phrase=${p.term}`);
              // A listed phrase without a finding shows its own lift and interval (stored since stop 12), else rate with ÷ rate without.
              const effect = f ? reportedEffect(f) : isNum(p.lift) ? { kind: "lift" as const, value: p.lift, interval: p.liftInterval } : null;
              const lift = effect ? effect.value : isNum(rWith) && isNum(rWithout) && rWithout > 0 ? rWith / rWithout : null;
              return (
                <TableRow key={p.term} className={p.significant ? "bg-tremor-background-muted" : ""}>
                  <Td className={`max-w-[18rem] truncate font-mono text-xs ${p.significant ? "font-semibold text-tremor-content-strong" : ""}`} title={p.term}>
                    “{p.term}”
                  </Td>
                  <Td right>
                    {formatInt(p.withConverted)} / {formatInt(p.withNotConverted)}
                  </Td>
                  <Td right className="text-tremor-content">
                    {formatInt(p.withoutConverted)} / {formatInt(p.withoutNotConverted)}
                  </Td>
                  <Td right className="whitespace-nowrap">
                    {formatPercent(rWith)} <span className="text-tremor-label text-tremor-content-subtle">vs {formatPercent(rWithout)}</span>
                  </Td>
                  <Td right className={p.z > 0 ? "text-emerald-700" : p.z < 0 ? "text-rose-700" : ""}>
                    {formatSigned(p.z)}
                  </Td>
                  <EffectCell value={lift} interval={effect?.interval} kind={effect?.kind} />
                  <Td right>{formatP(p.pAdjusted)}</Td>
                  <Td className="whitespace-normal">
                    {p.direction === undefined ? (
                      // Stored before the list carried the finding's reasons.
                      <Badge size="xs" color={p.significant ? (p.z < 0 ? "rose" : "emerald") : "gray"}>
                        {p.significant ? "significant" : "not significant"}
                      </Badge>
                    ) : (
                      <EvidenceBadge finding={{ significant: p.significant, direction: p.direction, outcomesNeeded: p.outcomesNeeded ?? 0, confounding: p.confounding }} />
                    )}
                  </Td>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {items.length > SHOWN && (
        <Button size="xs" variant="light" className="mt-1" onClick={() => setAll((v) => !v)}>
          {all ? `Show the top ${SHOWN}` : `Show all ${formatInt(items.length)}`}
        </Button>
      )}
    </div>
  );
}
