import { fromZonedInput, toZonedInput } from '../../lib/zoned-time.js';

/**
 * Pure helpers for the schedule calendar. Days are calendar dates ("2026-11-27") in the
 * schedule's time zone; a day runs from its local midnight to the next, so a DST day is 23 or
 * 25 hours long and its column is drawn that much narrower or wider.
 */
export type CalendarView = 'week' | 'month';
const dayMs = 86_400_000;

const toUtcDate = (date: string): Date => new Date(`${date}T00:00:00Z`);
const fromUtcDate = (d: Date): string => d.toISOString().slice(0, 10);

export function isDate(s: string | null): s is string {
  return s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(toUtcDate(s).getTime());
}

export function addDays(date: string, n: number): string {
  return fromUtcDate(new Date(toUtcDate(date).getTime() + n * dayMs));
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return toZonedInput(new Date(now).toISOString(), timeZone).slice(0, 10);
}

/** The Monday on or before `date`. */
export function mondayOf(date: string): string {
  const dow = (toUtcDate(date).getUTCDay() + 6) % 7; // 0 = Monday
  return addDays(date, -dow);
}

/** The instant a clock in `timeZone` reads 00:00 on `date`. */
export function midnight(date: string, timeZone: string): number {
  return new Date(fromZonedInput(`${date}T00:00`, timeZone) ?? `${date}T00:00:00Z`).getTime();
}

export interface Week {
  /** Seven dates, Monday first. */
  days: string[];
  /** Eight instants: each day's local midnight and the one after the last day. */
  bounds: number[];
}

export function weekOf(monday: string, timeZone: string): Week {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const bounds = [...days, addDays(monday, 7)].map((d) => midnight(d, timeZone));
  return { days, bounds };
}

/** The weeks (Monday first) that show `date`: one for the week view, 4–6 for its month. */
export function weeksFor(view: CalendarView, date: string, timeZone: string): Week[] {
  if (view === 'week') return [weekOf(mondayOf(date), timeZone)];
  const first = `${date.slice(0, 8)}01`;
  const next = addDays(first, 32).slice(0, 8) + '01';
  const weeks: Week[] = [];
  for (let m = mondayOf(first); m < next; m = addDays(m, 7)) weeks.push(weekOf(m, timeZone));
  return weeks;
}

/** Previous or next week / month from `date`. */
export function step(view: CalendarView, date: string, by: -1 | 1): string {
  if (view === 'week') return addDays(date, 7 * by);
  const d = toUtcDate(`${date.slice(0, 8)}01`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return fromUtcDate(d);
}

/** Where a span sits on a track from `start` to `end`, in percent; null when it is outside. */
export function place(
  spanStart: number,
  spanEnd: number,
  start: number,
  end: number,
): { left: number; width: number } | null {
  const s = Math.max(spanStart, start);
  const e = Math.min(spanEnd, end);
  if (!(e > s)) return null;
  const total = end - start;
  return { left: ((s - start) / total) * 100, width: ((e - s) / total) * 100 };
}

/** A stable colour slot (0–7) per person, so the same person has the same colour everywhere. */
export function colourSlot(userId: string): number {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return h % 8;
}

/** "Mon 27 Nov" in the schedule's zone (the date's own, so no zone shifts it). */
export function dayLabel(date: string, month = false): string {
  const f = new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    ...(month ? {} : { month: 'short' }),
    timeZone: 'UTC',
  });
  return f.format(toUtcDate(date));
}

export function titleFor(view: CalendarView, date: string): string {
  const d = toUtcDate(view === 'week' ? mondayOf(date) : `${date.slice(0, 8)}01`);
  if (view === 'month')
    return new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  const end = new Date(d.getTime() + 6 * dayMs);
  const f = new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `Week of ${f.formatRange(d, end)}`;
}

/** "Mon 09:00 – Tue 09:00" in the schedule's zone, for bar labels. */
export function spanText(start: number, end: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
  return f.formatRange(new Date(start), new Date(end));
}

/** "27 Nov 2026, 09:00" in the schedule's zone. */
export function instantText(at: number, timeZone: string): string {
  if (Number.isNaN(at)) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(at),
  );
}
