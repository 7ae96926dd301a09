"use client";
/** Recompute patterns as of each week in a past date range, to fill in the history (ADMIN+). */
import { Button, Text } from "@tremor/react";
import { useState, type FormEvent } from "react";
import { ErrorCallout } from "../ui/ErrorCallout";
import type { LearnRunState } from "./useLearnRun";

const dayInput = "rounded-tremor-default border border-tremor-border bg-white px-2 py-1 text-tremor-default text-tremor-content-emphasis shadow-tremor-input";
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function BackfillForm({ state }: { state: LearnRunState }) {
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 90 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  const valid = from !== "" && to !== "" && from < to;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    state.backfill.mutate({ from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T23:59:59Z`) });
  }

  return (
    <form onSubmit={submit} className="space-y-2" aria-label="Backfill">
      <Text className="font-medium text-tremor-content-strong">Backfill history</Text>
      <Text className="text-tremor-label">Recomputes every type as of each week in the range (UTC days), adding versions to the drift history. At most three years.</Text>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-tremor-label text-tremor-content">
          From
          <input type="date" className={dayInput} value={from} max={to} onChange={(e) => setFrom(e.target.value)} aria-label="Backfill from" />
        </label>
        <label className="flex flex-col text-tremor-label text-tremor-content">
          To
          <input type="date" className={dayInput} value={to} min={from} onChange={(e) => setTo(e.target.value)} aria-label="Backfill to" />
        </label>
        <Button type="submit" size="xs" variant="secondary" loading={state.backfill.isPending} disabled={!valid || state.running}>
          Backfill
        </Button>
      </div>
      {!valid && <Text className="text-tremor-label text-rose-600">Choose a start date before the end date.</Text>}
      <ErrorCallout error={state.backfill.error} title="Could not start the backfill" />
    </form>
  );
}
