import { addDays, dayNumber, wallClock, weekdayOf, zonedInstant, type Wall } from '../../lib/zoned-time.js';

/**
 * Five-field cron (minute hour day-of-month month day-of-week) in an IANA time zone, pure.
 * Fields take `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`; day-of-week 0–7
 * (0 and 7 are Sunday). As in Vixie cron, when both day fields are restricted a day matching
 * either runs. Daylight saving follows src/lib/zoned-time.ts: a time skipped in spring runs once,
 * shifted forward by the gap; a time repeated in autumn runs once, at the earlier instant.
 */

export interface Cron {
  minutes: readonly number[];
  hours: readonly number[];
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  anyDay: boolean;
  anyWeekday: boolean;
}

const ranges = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7],
] as const;

function field(text: string, [name, lo, hi]: (typeof ranges)[number]): number[] | string {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return `${name} "${part}" is not a number, range, list or step`;
    const from = m[1] === '*' ? lo : Number(m[2]);
    const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? hi : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < lo || to > hi || from > to) return `${name} must be within ${lo}–${hi}`;
    if (step < 1) return `${name} step must be at least 1`;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** The parsed expression, or a message saying what is wrong. */
export function parseCron(expression: string): Cron | string {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    return 'a cron expression has five fields: minute hour day-of-month month day-of-week';
  const fields: number[][] = [];
  for (let i = 0; i < 5; i++) {
    const f = field(parts[i]!, ranges[i]!);
    if (typeof f === 'string') return f;
    fields.push(f);
  }
  const [minutes, hours, days, months, weekdays] = fields as [
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  return {
    minutes,
    hours,
    days: new Set(days),
    months: new Set(months),
    weekdays: new Set(weekdays.map((d) => d % 7)),
    anyDay: parts[2] === '*',
    anyWeekday: parts[4] === '*',
  };
}

function dayMatches(c: Cron, w: Wall): boolean {
  if (!c.months.has(w.mo)) return false;
  const dom = c.days.has(w.d);
  // weekdayOf counts from Monday = 0; cron from Sunday = 0.
  const dow = c.weekdays.has((weekdayOf(dayNumber(w)) + 1) % 7);
  if (c.anyDay && c.anyWeekday) return true;
  if (c.anyDay) return dow;
  if (c.anyWeekday) return dom;
  return dom || dow;
}

/** The first fire time strictly after `after` (epoch ms), or null within the next 5 years. */
export function nextFire(c: Cron, after: number, timeZone: string): number | null {
  const start = wallClock(after, timeZone);
  let day: Wall = { ...start, h: 0, mi: 0, s: 0, ms: 0 };
  // The day before too: a shifted (spring) time of yesterday cannot land today, but be safe.
  day = addDays(day, -1);
  for (let i = 0; i < 5 * 366 + 2; i++, day = addDays(day, 1)) {
    if (!dayMatches(c, day)) continue;
    let best: number | null = null;
    for (const h of c.hours) {
      for (const mi of c.minutes) {
        const at = zonedInstant({ ...day, h, mi, s: 0, ms: 0 }, timeZone);
        if (at > after && (best === null || at < best)) best = at;
      }
      // Offsets move instants by at most a few hours within a day: stop well after the best.
      if (best !== null && h * 3_600_000 > best - zonedInstant(day, timeZone) + 3 * 3_600_000) break;
    }
    if (best !== null) return best;
  }
  return null;
}
