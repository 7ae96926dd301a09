/** Channel colours, fixed so a channel keeps its colour across charts and periods. */
import type { Color } from "@tremor/react";

const CHANNEL_COLORS: Record<string, Color> = { email: "blue", sms: "emerald", linkedin: "violet", voice: "amber", other: "slate" };

export const channelColor = (channel: string): Color => CHANNEL_COLORS[channel] ?? "gray";

export interface WeeklyRow {
  week: string;
  channel: string;
  touches: number;
  replies: number;
}

/** Every week start from the first to the last week seen, so a silent week shows as 0 instead of vanishing. */
export function allWeeks(rows: WeeklyRow[]): string[] {
  const seen = [...new Set(rows.map((r) => r.week))].sort();
  if (seen.length < 2) return seen;
  const out: string[] = [];
  const end = Date.parse(`${seen[seen.length - 1]}T00:00:00Z`);
  for (let t = Date.parse(`${seen[0]}T00:00:00Z`); t <= end; t += 7 * 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  // Keep any week start the API returned that the 7-day stepping missed (e.g. across an offset change).
  return [...new Set([...out, ...seen])].sort();
}

export interface PivotRow {
  week: string;
  [key: string]: string | number | null;
}

/**
 * One row per week with, for each channel: touches (`email`), reply rate (`email__rate`, null when
 * nothing was sent) and the counts behind it (`email__touches`, `email__replies`).
 */
export function pivotWeekly(rows: WeeklyRow[], channels: readonly string[]): PivotRow[] {
  const byKey = new Map(rows.map((r) => [`${r.week}|${r.channel}`, r]));
  return allWeeks(rows).map((week) => {
    const row: PivotRow = { week };
    for (const channel of channels) {
      const r = byKey.get(`${week}|${channel}`);
      const touches = r?.touches ?? 0;
      const replies = r?.replies ?? 0;
      row[channel] = touches;
      row[`${channel}__touches`] = touches;
      row[`${channel}__replies`] = replies;
      row[`${channel}__rate`] = touches > 0 ? replies / touches : null;
    }
    return row;
  });
}

export function channelTotals(rows: WeeklyRow[], channels: readonly string[]) {
  return channels.map((channel) => {
    const mine = rows.filter((r) => r.channel === channel);
    const touches = mine.reduce((s, r) => s + r.touches, 0);
    const replies = mine.reduce((s, r) => s + r.replies, 0);
    return { channel, touches, replies, rate: touches > 0 ? replies / touches : null };
  });
}
