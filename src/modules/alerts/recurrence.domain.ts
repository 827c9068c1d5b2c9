/**
 * Maintenance-window schedules, as pure functions of time. A recurring window repeats its first
 * occurrence every `interval` days, weeks or months at the same local wall-clock times in its
 * time zone, so "Sundays 02:00–04:00 Europe/London" stays 02:00–04:00 local across DST changes.
 * A wall-clock time that does not exist (the hour skipped in spring) moves forward by the gap; one
 * that exists twice (autumn) is the earlier instant — what RFC 5545 and Temporal's `compatible`
 * do (src/lib/zoned-time.ts). Monthly on the 29th–31st falls on the month's last day in shorter
 * months.
 */

import { addDays, dayMs, zonedInstant, wallClock, type Wall } from '../../lib/zoned-time.js';

export const frequencies = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof frequencies)[number];

export interface Recurrence {
  frequency: Frequency;
  interval: number;
  /** No occurrence starts after this; null: forever. */
  until: number | null;
}

export interface Schedule {
  /** The first occurrence. */
  startsAt: number;
  endsAt: number;
  timeZone: string;
  recurrence: Recurrence | null;
}

export interface Occurrence {
  startsAt: number;
  endsAt: number;
}

const daysInMonth = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();

/** `w` moved by `n` steps of the recurrence, on the calendar (wall-clock time unchanged). */
function shift(w: Wall, r: Recurrence, n: number): Wall {
  if (r.frequency === 'monthly') {
    const total = w.y * 12 + (w.mo - 1) + n * r.interval;
    const y = Math.floor(total / 12);
    const mo = (total % 12) + 1;
    return { ...w, y, mo, d: Math.min(w.d, daysInMonth(y, mo)) };
  }
  return addDays(w, n * r.interval * (r.frequency === 'weekly' ? 7 : 1));
}

/** The nominal length of one step, for estimates and the duration check. */
export function periodMs(r: Recurrence): number {
  const unit = r.frequency === 'daily' ? dayMs : r.frequency === 'weekly' ? 7 * dayMs : 28 * dayMs;
  return unit * r.interval;
}

/** Occurrence `k` (0 is the first), or null when it would start after `until`. */
export function occurrence(s: Schedule, k: number): Occurrence | null {
  const r = s.recurrence;
  if (!r) return k === 0 ? { startsAt: s.startsAt, endsAt: s.endsAt } : null;
  if (k === 0) return { startsAt: s.startsAt, endsAt: s.endsAt };
  const startsAt = zonedInstant(shift(wallClock(s.startsAt, s.timeZone), r, k), s.timeZone);
  if (r.until !== null && startsAt > r.until) return null;
  let endsAt = zonedInstant(shift(wallClock(s.endsAt, s.timeZone), r, k), s.timeZone);
  // The end fell into a skipped hour before a start that was moved forward: keep the length.
  if (endsAt <= startsAt) endsAt = startsAt + (s.endsAt - s.startsAt);
  return { startsAt, endsAt };
}

/** Roughly which occurrence is under way at `t` (exact to within one step). */
function indexNear(s: Schedule, r: Recurrence, t: number): number {
  if (t <= s.startsAt) return 0;
  if (r.frequency === 'monthly') {
    const a = wallClock(s.startsAt, s.timeZone);
    const b = wallClock(t, s.timeZone);
    return Math.floor((b.y * 12 + b.mo - (a.y * 12 + a.mo)) / r.interval);
  }
  return Math.floor((t - s.startsAt) / periodMs(r));
}

/**
 * The occurrence under way at `now`, else the next one; null when the schedule is over.
 * Occurrences never overlap by more than a DST hour (a window is at most one step long), so the
 * first occurrence that ends after `now` is the answer.
 */
export function currentOrNext(s: Schedule, now: number): Occurrence | null {
  const r = s.recurrence;
  if (!r) return now < s.endsAt ? { startsAt: s.startsAt, endsAt: s.endsAt } : null;
  const near = indexNear(s, r, now);
  for (let k = Math.max(0, near - 1); k <= near + 3; k++) {
    const o = occurrence(s, k);
    if (!o) return null;
    if (o.endsAt > now) return o;
  }
  return null;
}

/** The end of the last occurrence; null when the schedule recurs forever. */
export function lastEnd(s: Schedule): number | null {
  const r = s.recurrence;
  if (!r) return s.endsAt;
  if (r.until === null) return null;
  for (let k = indexNear(s, r, r.until) + 2; k >= 0; k--) {
    const o = occurrence(s, k);
    if (o) return o.endsAt;
  }
  return s.endsAt;
}

export const windowStates = ['scheduled', 'in_progress', 'completed'] as const;
export type WindowState = (typeof windowStates)[number];

export function windowState(s: Schedule, now: number): { state: WindowState; next: Occurrence | null } {
  const next = currentOrNext(s, now);
  if (!next) return { state: 'completed', next: null };
  return { state: next.startsAt <= now ? 'in_progress' : 'scheduled', next };
}

/** Why a schedule is invalid, as [field, message] pairs (empty when valid). */
export function scheduleIssues(s: Schedule): [string, string][] {
  const issues: [string, string][] = [];
  if (s.endsAt <= s.startsAt) issues.push(['endsAt', 'must be after startsAt']);
  const r = s.recurrence;
  if (r) {
    if (s.endsAt - s.startsAt > periodMs(r)) {
      issues.push(['endsAt', `a ${r.frequency} window every ${r.interval} can last at most one period`]);
    }
    if (r.until !== null && r.until < s.startsAt)
      issues.push(['recurrence', 'until must not be before startsAt']);
  }
  return issues;
}
