"use client";
/** Table cells shared by the pattern tables: a figure with its interval underneath, compact padding. */
import { TableCell, TableHeaderCell } from "@tremor/react";
import type { ReactNode } from "react";
import type { Interval } from "@/server/core/patterns/types";
import { formatInt, formatPercent } from "../ui/format";
import { formatRateInterval, formatRatio, formatRatioInterval } from "./format";

/** Tremor pads cells with p-4; eight-column pattern tables need less to fit beside the sidebar. */
export const PAD = "px-2 py-1.5";

export function Th({ children, right, title, className = "" }: { children?: ReactNode; right?: boolean; title?: string; className?: string }) {
  return (
    <TableHeaderCell className={`${PAD} whitespace-normal ${right ? "text-right" : ""} ${className}`} title={title}>
      {children}
    </TableHeaderCell>
  );
}

function Stacked({ main, sub, note }: { main: ReactNode; sub: ReactNode; note?: ReactNode }) {
  return (
    <TableCell className={`${PAD} text-right tabular-nums`}>
      <div className="text-tremor-content-emphasis">{main}</div>
      <div className="text-tremor-label text-tremor-content-subtle">{sub}</div>
      {note && <div className="text-tremor-label text-tremor-content-subtle">{note}</div>}
    </TableCell>
  );
}

export function RateCell({ rate, interval, note }: { rate: number; interval?: Pick<Interval, "lower" | "upper"> | null; note?: ReactNode }) {
  return <Stacked main={formatPercent(rate)} sub={formatRateInterval(interval) || "no interval"} note={note} />;
}

/** A ratio (lift, odds ratio) with its interval, "no interval" when the API gave none; `kind` prefixes adjusted odds ratios. */
export function EffectCell({ value, interval, kind }: { value: number | null | undefined; interval?: Pick<Interval, "lower" | "upper"> | null; kind?: "lift" | "adjusted OR" }) {
  return <Stacked main={`${kind === "adjusted OR" ? "adj. OR " : ""}${formatRatio(value)}`} sub={formatRatioInterval(interval) || "no interval"} />;
}

export function CountCell({ x, n }: { x: number; n: number }) {
  return (
    <TableCell className={`${PAD} whitespace-nowrap text-right tabular-nums`}>
      {formatInt(x)} / {formatInt(n)}
    </TableCell>
  );
}

export function Td({ children, right, className = "", title }: { children?: ReactNode; right?: boolean; className?: string; title?: string }) {
  return (
    <TableCell className={`${PAD} ${right ? "text-right tabular-nums" : ""} ${className}`} title={title}>
      {children}
    </TableCell>
  );
}
