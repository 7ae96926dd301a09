"use client";
/**
 * The transcript analysis the top-cohort comparison is built from (structure and behaviour of
 * this call: durations, talk ratio, questions, personalization, objection handling,
 * confirmation, commitment asks…), printed as the server computed it.
 */
import { Card, Text, Title } from "@tremor/react";
import { formatDecimal } from "../ui/format";
import { humanizeKey, isNum } from "./format";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function Value({ value }: { value: Json }) {
  if (value === null) return <span className="text-tremor-content-subtle">—</span>;
  if (typeof value === "boolean") return <span>{value ? "yes" : "no"}</span>;
  if (isNum(value)) return <span className="tabular-nums">{formatDecimal(value)}</span>;
  if (typeof value === "string") return <span>{value}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-tremor-content-subtle">none</span>;
    if (value.every((v) => typeof v !== "object" || v === null))
      return (
        <span className="break-words">
          {value
            .slice(0, 12)
            .map((v) => (typeof v === "string" ? `“${v}”` : String(v)))
            .join(", ")}
          {value.length > 12 ? ` and ${value.length - 12} more` : ""}
        </span>
      );
    return <span className="tabular-nums">{value.length} items</span>;
  }
  return <Entries value={value} nested />;
}

function Entries({ value, nested = false }: { value: { [key: string]: Json }; nested?: boolean }) {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return (
    <dl className={`grid gap-x-4 gap-y-1 ${nested ? "mt-1 border-l border-tremor-border pl-3" : ""}`}>
      {entries.map(([key, v]) => (
        <div key={key} className={v !== null && typeof v === "object" && !Array.isArray(v) ? "" : "flex flex-wrap justify-between gap-x-3"}>
          <dt className="text-tremor-label text-tremor-content">{humanizeKey(key)}</dt>
          <dd className="text-tremor-default text-tremor-content-strong">
            <Value value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function CallAnalysis({ analysis }: { analysis: unknown }) {
  const value = analysis && typeof analysis === "object" && !Array.isArray(analysis) ? (analysis as { [key: string]: Json }) : null;
  return (
    <Card data-testid="call-analysis">
      <Title>Structure and behaviour</Title>
      <Text>What the cohort comparison measures on this call.</Text>
      <div className="mt-3">{value ? <Entries value={value} /> : <Text>No analysis: the call has no transcript.</Text>}</div>
    </Card>
  );
}
