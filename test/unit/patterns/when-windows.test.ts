/** Send-window scan and bestSendWindow on hand-built grids. Reference: scipy.stats.fisher_exact. */
import { describe, expect, it } from "vitest";
import { bestSendWindow, localParts, scanWindows, windowLabel, type CellCounts, type SendWindow } from "../../../server/core/patterns/when-windows";

function grid(rate: (d: number, h: number) => number, touches = 100): CellCounts[] {
  const cells: CellCounts[] = [];
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) cells.push({ weekday: d, hour: h, stratum: "email", touches, conversions: Math.round(rate(d, h) * touches) });
  return cells;
}

const base = { alpha: 0.05, minConversions: 10 };

describe("scanWindows", () => {
  it("finds the planted block, not a padded one, and Bonferroni-adjusts over every candidate", () => {
    const cells = grid((d, h) => (d >= 1 && d <= 3 && (h === 9 || h === 10) ? 0.2 : d === 4 && h >= 12 && h < 18 ? 0.02 : 0.05), 400);
    const best = scanWindows(cells, { ...base, direction: "positive" });
    expect(best.candidates).toBe(28 * 164);
    const top = best.windows[0]!;
    expect(top.label).toBe("Tue–Thu 09:00–11:00");
    expect(top.cells).toEqual(["Tue 09", "Tue 10", "Wed 09", "Wed 10", "Thu 09", "Thu 10"]);
    expect([top.n, top.conversions]).toEqual([2400, 480]);
    expect(top.rate).toBeCloseTo(0.2, 12);
    expect(top.pAdjusted).toBeCloseTo(Math.min(1, top.pValue * best.candidates), 15);
    expect(top.significant).toBe(true);
    // Later windows share no cell with earlier ones.
    const seen = new Set<string>();
    for (const w of best.windows) {
      expect(w.cells.some((c) => seen.has(c))).toBe(false);
      w.cells.forEach((c) => seen.add(c));
    }
    const worst = scanWindows(cells, { ...base, direction: "negative" });
    expect(worst.windows[0]!.label).toBe("Fri 12:00–18:00");
    expect(worst.windows[0]!.direction).toBe("negative");
    expect(worst.windows[0]!.significant).toBe(true);
  });

  it("does not rank a nearly empty block with a lucky rate above real windows (Cochran's rule on expected conversions)", () => {
    // Sunday 19:00 had a single touch, and it replied; Tue–Thu 09–11 is the real window.
    const cells = grid((d, h) => (d >= 1 && d <= 3 && (h === 9 || h === 10) ? 0.1 : 0.05), 200).map((c) =>
      c.weekday === 6 && c.hour === 19 ? { ...c, touches: 1, conversions: 1 } : c,
    );
    const best = scanWindows(cells, { ...base, direction: "positive" });
    expect(best.candidates).toBe(28 * 164);
    expect(best.windows[0]!.label).toBe("Tue–Thu 09:00–11:00");
    // Every block listed expects at least 5 conversions at the overall rate.
    const overall = cells.reduce((s, c) => s + c.conversions, 0) / cells.reduce((s, c) => s + c.touches, 0);
    for (const w of best.windows) expect(w.n * overall).toBeGreaterThanOrEqual(5);
    expect(best.windows.some((w) => w.label === "Sun 19:00–20:00")).toBe(false);
  });

  it("reports nothing significant on a flat grid", () => {
    const flat = scanWindows(grid(() => 0.05), { ...base, direction: "positive" });
    expect(flat.windows.every((w) => !w.significant)).toBe(true);
  });

  it("labels single days and ranges, end hour exclusive", () => {
    expect(windowLabel(4, 4, 12, 17)).toBe("Fri 12:00–18:00");
    expect(windowLabel(0, 4, 23, 23)).toBe("Mon–Fri 23:00–00:00");
  });
});

function window(weekdays: number[], hours: number[], significant = true, channel: string | null = null): SendWindow {
  return { label: "w", weekdays, hours, cells: [], channel, n: 100, conversions: 20, rate: 0.2, interval: { lower: 0.1, upper: 0.3, level: 0.95 }, restRate: 0.1, lift: 2, pValue: 0.001, pAdjusted: 0.01, candidates: 10, significant, direction: "positive" };
}

describe("bestSendWindow", () => {
  const tueThu = window([1, 2, 3], [9, 10]);
  it("returns the next occurrence in the lead's zone", () => {
    // Monday 2025-06-02 11:00 in New York (EDT, UTC−4) → Tuesday 09:00–11:00 local.
    const next = bestSendWindow({ bestWindows: [tueThu], windowsByChannel: {} }, { timezone: "America/New_York", now: new Date("2025-06-02T15:00:00Z") })!;
    expect(next.start).toBe("2025-06-03T13:00:00.000Z");
    expect(next.end).toBe("2025-06-03T15:00:00.000Z");
    expect(next.basis).toBe("overall");
  });

  it("starts now when now is inside, and handles half-hour zones", () => {
    const now = new Date("2025-06-03T03:50:00Z"); // 09:20 in Kolkata (UTC+5:30), a Tuesday
    const next = bestSendWindow({ bestWindows: [tueThu], windowsByChannel: {} }, { timezone: "Asia/Kolkata", now })!;
    expect(next.start).toBe(now.toISOString());
    expect(next.end).toBe("2025-06-03T05:30:00.000Z");
    expect(localParts(new Date(next.end), "Asia/Kolkata")).toMatchObject({ weekday: 1, hour: 11, minute: 0 });
  });

  it("prefers the channel's own window, and says null without evidence", () => {
    const sms = window([0], [18], true, "sms");
    const details = { bestWindows: [tueThu], windowsByChannel: { sms: [sms] } };
    expect(bestSendWindow(details, { channel: "sms", timezone: "UTC", now: new Date("2025-06-02T12:00:00Z") })).toMatchObject({ basis: "channel", start: "2025-06-02T18:00:00.000Z" });
    expect(bestSendWindow(details, { channel: "voice", timezone: "UTC", now: new Date("2025-06-02T12:00:00Z") })?.basis).toBe("overall");
    expect(bestSendWindow({ bestWindows: [window([1], [9], false)], windowsByChannel: {} }, { timezone: "UTC" })).toBeNull();
  });
});
