import { dayNumber, wallClock, wallOn, weekdayOf, zonedInstant } from '../../lib/zoned-time.js';
import { weekdays, type Interval, type Restriction } from './schedule.types.js';

/**
 * Restrictions as instants. A window is a local wall-clock span repeated every day or every week;
 * an end at or before its start wraps midnight (daily) or the end of Sunday (weekly). Both ends
 * are converted with the zoned-time rule, so "09:00–17:00" stays 09:00–17:00 local across DST;
 * an end or start that falls in a skipped hour moves forward by the gap (a window wholly inside
 * it happens an hour later that day), and one in a repeated hour is its first instant.
 */

const dayMinutes = 1440;
const weekMinutes = 7 * dayMinutes;

/** Minutes after midnight of "HH:MM" (validated by schedule.validate.ts). */
export function minuteOfDay(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time of day (HH:MM): ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** A window as (start minute, length in minutes) within its repeat (a day or a week). */
interface Pattern {
  period: 'day' | 'week';
  startMinute: number;
  length: number;
}

function patterns(r: Restriction): Pattern[] {
  switch (r.kind) {
    case 'daily': {
      const from = minuteOfDay(r.from);
      const length = (minuteOfDay(r.to) - from + dayMinutes) % dayMinutes;
      return [{ period: 'day', startMinute: from, length }];
    }
    case 'weekly':
      return r.windows.map((w) => {
        const from = weekdays.indexOf(w.fromDay) * dayMinutes + minuteOfDay(w.from);
        const to = weekdays.indexOf(w.toDay) * dayMinutes + minuteOfDay(w.to);
        return { period: 'week', startMinute: from, length: (to - from + weekMinutes) % weekMinutes };
      });
    default: {
      const never: never = r;
      throw new Error(`unknown restriction ${JSON.stringify(never)}`);
    }
  }
}

/** The instant `minute` minutes after local midnight of calendar day `day` (may pass midnight). */
const localInstant = (day: number, minute: number, timeZone: string) =>
  zonedInstant(wallOn(day + Math.floor(minute / dayMinutes), minute % dayMinutes), timeZone);

/**
 * The restriction's windows overlapping [from, to), clipped to it, sorted and merged (windows
 * that overlap or touch become one). Work is proportional to the days in the range.
 */
export function restrictionIntervals(r: Restriction, timeZone: string, from: number, to: number): Interval[] {
  if (from >= to) return [];
  const first = dayNumber(wallClock(from, timeZone));
  const last = dayNumber(wallClock(to, timeZone));
  const found: Interval[] = [];
  for (const p of patterns(r)) {
    if (p.length === 0) continue;
    // A window started up to a week (or a day) before `from` may still be open.
    const lookBack = p.period === 'week' ? 7 : 1;
    for (let day = first - lookBack; day <= last; day++) {
      let startMinute = p.startMinute;
      if (p.period === 'week') {
        const weekday = Math.floor(p.startMinute / dayMinutes);
        if (weekdayOf(day) !== weekday) continue;
        startMinute -= weekday * dayMinutes;
      }
      const start = localInstant(day, startMinute, timeZone);
      const end = localInstant(day, startMinute + p.length, timeZone);
      if (end <= from || start >= to || end <= start) continue;
      found.push({ start: Math.max(from, start), end: Math.min(to, end) });
    }
  }
  return mergeIntervals(found);
}

/** Intervals sorted by start, with overlapping or touching ones joined. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const prev = merged.at(-1);
    if (prev && i.start <= prev.end) prev.end = Math.max(prev.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

/** True when instant `t` lies inside one of the restriction's windows. */
export const withinRestriction = (r: Restriction, timeZone: string, t: number): boolean =>
  restrictionIntervals(r, timeZone, t, t + 1).length > 0;
