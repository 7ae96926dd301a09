/** Dates in CSV files (server/services/csv-columns.ts csvDateTime): local times are the tenant's, offsets are kept. */
import { describe, expect, it } from "vitest";
import { csvDateTime } from "../../server/services/csv-columns";

describe("CSV dates", () => {
  it("reads a local date-time or date in the tenant's zone, across daylight saving", () => {
    expect(csvDateTime("2026-03-02 09:30", "America/New_York")).toBe("2026-03-02T14:30:00.000Z");
    // After the switch to daylight time on 8 March 2026: UTC−4.
    expect(csvDateTime("2026-03-09T09:30:15", "America/New_York")).toBe("2026-03-09T13:30:15.000Z");
    expect(csvDateTime("2026-07-01", "Europe/Berlin")).toBe("2026-06-30T22:00:00.000Z");
    expect(csvDateTime("2026-07-01 12:00:00.25", "UTC")).toBe("2026-07-01T12:00:00.250Z");
    // 02:30 on 8 March does not exist in New York (02:00 jumps to 03:00): it is read with the daylight offset, UTC−4.
    expect(csvDateTime("2026-03-08 02:30", "America/New_York")).toBe("2026-03-08T06:30:00.000Z");
  });

  it("keeps a date-time with an offset, and leaves what is not a date for the schema to reject", () => {
    expect(csvDateTime("2026-03-05T10:00:00+01:00", "America/New_York")).toBe("2026-03-05T10:00:00+01:00");
    expect(csvDateTime("2026-03-05T10:00:00Z", "Asia/Tokyo")).toBe("2026-03-05T10:00:00Z");
    expect(csvDateTime("03/04/2026", "UTC")).toBe("03/04/2026");
    expect(csvDateTime("2026-02-30", "UTC")).toBe("2026-02-30");
  });
});
