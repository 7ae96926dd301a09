/**
 * Time-zone arithmetic for the simulator with plain Intl (no I/O, no tz library).
 *
 * Local times are handled as "local milliseconds": the civil date-time of the zone written as
 * if it were UTC. Formatting a million dates through Intl is slow, so each zone keeps a cache
 * of its UTC offset per UTC day: one Intl call at each day boundary, and hourly offsets only
 * on the rare days where the offset changes (DST). That keeps DST right to the hour.
 */
import type { Rng } from "./random";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export class ZoneClock {
  private readonly formatter: Intl.DateTimeFormat;
  /** UTC day index → offset (ms) for the whole day, or 24 hourly offsets on a transition day. */
  private readonly offsets = new Map<number, number | Float64Array>();

  constructor(readonly zone: string) {
    this.formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** Local minus UTC, in ms, at a UTC instant. */
  offsetAt(utcMs: number): number {
    const day = Math.floor(utcMs / DAY_MS);
    let entry = this.offsets.get(day);
    if (entry === undefined) {
      entry = this.offsetsForDay(day);
      this.offsets.set(day, entry);
    }
    return typeof entry === "number" ? entry : entry[Math.floor((utcMs - day * DAY_MS) / HOUR_MS)];
  }

  toLocal(utcMs: number): number {
    return utcMs + this.offsetAt(utcMs);
  }

  /** UTC instant of a local time; a local time skipped by DST lands an hour later. */
  toUtc(localMs: number): number {
    const guess = localMs - this.offsetAt(localMs);
    return localMs - this.offsetAt(guess);
  }

  private offsetsForDay(day: number): number | Float64Array {
    const start = this.exactOffset(day * DAY_MS);
    if (start === this.exactOffset((day + 1) * DAY_MS)) return start;
    return Float64Array.from({ length: 24 }, (_, hour) => this.exactOffset(day * DAY_MS + hour * HOUR_MS));
  }

  private exactOffset(utcMs: number): number {
    const fields: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(utcMs)) if (part.type !== "literal") fields[part.type] = Number(part.value);
    const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
    return asUtc - Math.floor(utcMs / 1000) * 1000;
  }
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of a zone (its offset cache lives as long as the module). */
export function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

/** Local day index (days since 1970-01-01 in local civil time). */
export function localDay(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function localHour(localMs: number): number {
  return Math.floor((localMs - localDay(localMs) * DAY_MS) / HOUR_MS);
}

export function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

/**
 * The first lead-local working time (Mon–Fri, firstHour ≤ hour < lastHour) at or after utcMs;
 * when utcMs is outside working hours a random slot of the next working day is drawn.
 */
export function nextWorkingTime(clock: ZoneClock, utcMs: number, rng: Rng, firstHour = 9, lastHour = 17): number {
  const local = clock.toLocal(utcMs);
  let day = localDay(local);
  const hour = localHour(local);
  if (!isWeekend(weekdayOfDay(day)) && hour >= firstHour && hour < lastHour) return utcMs;
  if (hour >= firstHour) day++;
  while (isWeekend(weekdayOfDay(day))) day++;
  const slot = day * DAY_MS + rng.int(firstHour, lastHour - 1) * HOUR_MS + rng.int(0, 3) * 15 * MINUTE_MS;
  return clock.toUtc(slot);
}

/** Years 0000–9999 in ms, the range where the fast path matches toISOString. */
const FAST_ISO_MIN = -62_167_219_200_000;
const FAST_ISO_MAX = 253_402_300_799_999;
const ZERO = 48;

/**
 * Same text as Date.prototype.toISOString, about 2× faster and lighter on the GC: the civil
 * date comes from the day count (Howard Hinnant's days-to-civil algorithm), and the text is
 * built in one String.fromCharCode call, a flat string rather than a tree of concatenations
 * (millions of these are held per chunk).
 */
export function isoString(time: number): string {
  const utcMs = Math.trunc(time); // as Date does
  if (!(utcMs >= FAST_ISO_MIN && utcMs <= FAST_ISO_MAX)) return new Date(utcMs).toISOString();
  const days = Math.floor(utcMs / DAY_MS);
  let rest = utcMs - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / HOUR_MS);
  rest -= hour * HOUR_MS;
  const minute = Math.floor(rest / MINUTE_MS);
  rest -= minute * MINUTE_MS;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  // prettier-ignore
  return String.fromCharCode(
    ZERO + Math.floor(year / 1000), ZERO + (Math.floor(year / 100) % 10), ZERO + (Math.floor(year / 10) % 10), ZERO + (year % 10), 45,
    ZERO + Math.floor(month / 10), ZERO + (month % 10), 45, ZERO + Math.floor(day / 10), ZERO + (day % 10), 84,
    ZERO + Math.floor(hour / 10), ZERO + (hour % 10), 58, ZERO + Math.floor(minute / 10), ZERO + (minute % 10), 58,
    ZERO + Math.floor(second / 10), ZERO + (second % 10), 46,
    ZERO + Math.floor(milli / 100), ZERO + (Math.floor(milli / 10) % 10), ZERO + (milli % 10), 90,
  );
}
