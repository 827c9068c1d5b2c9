/**
 * Local wall-clock time in an IANA time zone ↔ UTC instants, shared by everything that repeats at
 * a local time (maintenance windows, on-call hand-offs and restrictions). One rule for the two
 * awkward cases, the same as RFC 5545 and Temporal's `compatible` disambiguation:
 * - a wall-clock time that does not exist (the hour skipped in spring) moves forward by the gap
 *   (01:30 on London's spring-forward day is 02:30 BST);
 * - one that exists twice (the hour repeated in autumn) is the earlier instant.
 */

export const dayMs = 86_400_000;

/** A local wall-clock time; months and days count from 1. */
export interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local wall-clock time of instant `t` in `timeZone`. */
export function wallClock(t: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    y: parts.year!,
    mo: parts.month!,
    d: parts.day!,
    h: parts.hour!,
    mi: parts.minute!,
    s: parts.second!,
    ms: ((t % 1000) + 1000) % 1000,
  };
}

const asUtc = (w: Wall) => Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms);

/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number, timeZone: string): number {
  return asUtc(wallClock(t, timeZone)) - t;
}

/** The instant of a local wall-clock time (gaps move forward, overlaps take the earlier instant). */
export function zonedInstant(w: Wall, timeZone: string): number {
  const local = asUtc(w);
  // Offsets a day either side: at most one transition lies between them in any real zone.
  const before = offsetAt(local - dayMs, timeZone);
  const after = offsetAt(local + dayMs, timeZone);
  const candidates = [local - before, local - after].filter((t) => t + offsetAt(t, timeZone) === local);
  if (candidates.length) return Math.min(...candidates);
  return local - before;
}

/** The calendar day of `w` as a count of days since 1970-01-01 (negative before). */
export const dayNumber = (w: Wall): number => Math.floor(Date.UTC(w.y, w.mo - 1, w.d) / dayMs);

/** 0 for Monday … 6 for Sunday, of a day number. */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** The wall-clock time `minute` minutes after midnight on calendar day `day` (a dayNumber). */
export function wallOn(day: number, minute: number): Wall {
  const date = new Date(day * dayMs);
  return {
    y: date.getUTCFullYear(),
    mo: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    h: Math.floor(minute / 60),
    mi: minute % 60,
    s: 0,
    ms: 0,
  };
}

/** `w` moved by `n` calendar days, its time of day unchanged. */
export function addDays(w: Wall, n: number): Wall {
  const date = new Date(Date.UTC(w.y, w.mo - 1, w.d + n));
  return { ...w, y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate() };
}
