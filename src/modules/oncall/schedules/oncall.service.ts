import type { Db } from '../../../db/database.js';
import type { ServiceContext } from '../../../lib/context.js';
import { iso } from '../../../lib/time.js';
import { dayMs } from '../../../lib/zoned-time.js';
import { finalTimeline, layerTimeline, maxTimelineMs, onCallAt } from '../schedule.domain.js';
import type { Override, Schedule, TimelineEntry } from '../schedule.types.js';
import { timelineRange } from '../schedule.validate.js';
import { invalidBody } from './schedules.errors.js';
import { presentOverride } from './schedules.presenter.js';
import {
  allScheduleRows,
  findSchedule,
  layersOf,
  overrideRowsBetween,
  toOverride,
  usersByIds,
  type ScheduleRow,
} from './schedules.repository.js';
import { toMs, type TimelineView, type UserRef } from './schedules.schema.js';
import { requireSchedule } from './schedules.service.js';

/**
 * Who is on call, from stored schedules and overrides, through the pure maths of
 * schedule.domain.ts. Nothing is stored per shift.
 */

export const scheduleOf = (r: ScheduleRow): Schedule => ({ timeZone: r.time_zone, layers: layersOf(r) });

async function overridesBetween(db: Db, scheduleId: string, from: number, to: number): Promise<Override[]> {
  return (await overrideRowsBetween(db, scheduleId, from, to)).map(toOverride);
}

/**
 * User ids on call for the schedule at `at`: overrides win; [] when nobody is, when the schedule
 * does not exist, or when the person on call has since been deleted or disabled (nobody can be
 * reached through them; the layers below do not stand in).
 */
export async function onCallUserIds(db: Db, scheduleId: string, at: number): Promise<string[]> {
  const row = await findSchedule(db, scheduleId);
  if (!row) return [];
  const who = onCallAt(scheduleOf(row), await overridesBetween(db, scheduleId, at, at + 1), at);
  if (!who) return [];
  const [user] = await usersByIds(db, [who.userId]);
  return user && user.disabled === 0 ? [user.id] : [];
}

export async function scheduleExists(db: Db, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('schedules').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

async function userRefs(db: Db, ids: readonly string[]): Promise<Map<string, UserRef>> {
  const rows = await usersByIds(db, ids);
  return new Map(rows.map((u) => [u.id, { id: u.id, name: u.name, email: u.email }]));
}

export async function getOnCall(ctx: ServiceContext, scheduleId: string, at: string | undefined) {
  const t = at === undefined ? ctx.clock.now() : toMs(at);
  const row = await requireSchedule(ctx.db, scheduleId);
  const who = onCallAt(scheduleOf(row), await overridesBetween(ctx.db, scheduleId, t, t + 1), t);
  const users = await userRefs(ctx.db, who ? [who.userId] : []);
  return {
    scheduleId,
    at: iso(t),
    user: who ? (users.get(who.userId) ?? null) : null,
    source:
      who === null ? null : who.layerId === null ? { overrideId: who.overrideId } : { layerId: who.layerId },
  };
}

const weekMs = 7 * dayMs;

/** The layers, overrides and final timeline of [since, until), with the people they name. */
export async function getTimeline(
  ctx: ServiceContext,
  scheduleId: string,
  q: { since?: string | undefined; until?: string | undefined },
): Promise<TimelineView> {
  const from = q.since === undefined ? ctx.clock.now() : toMs(q.since);
  const to = q.until === undefined ? from + weekMs : toMs(q.until);
  const range = timelineRange.safeParse({ from, to });
  if (!range.success) {
    // The domain names the range's ends from/to; the query names them since/until.
    const issues = range.error.issues.map((i) => ({
      path: [i.path[0] === 'from' ? 'since' : 'until'],
      message: i.path[0] === 'from' ? i.message : `${i.message} (since ${iso(from)})`,
    }));
    throw invalidBody(issues, 'querystring');
  }
  const row = await requireSchedule(ctx.db, scheduleId);
  const schedule = scheduleOf(row);
  const overrideRows = await overrideRowsBetween(ctx.db, scheduleId, from, to);
  const overrides = overrideRows.map(toOverride);
  const layers = schedule.layers.map((l) => ({
    layerId: l.id,
    name: l.name,
    spans: layerTimeline(l, schedule.timeZone, from, to).map((s) => ({
      start: iso(s.start),
      end: iso(s.end),
      userId: s.userId,
    })),
  }));
  const final = finalTimeline(schedule, overrides, from, to);
  const ids = [...schedule.layers.flatMap((l) => l.members), ...overrides.map((o) => o.userId)];
  const users = await userRefs(ctx.db, ids);
  return {
    scheduleId,
    since: iso(from),
    until: iso(to),
    timeZone: schedule.timeZone,
    layers,
    overrides: overrideRows.map(presentOverride),
    final: final.map((e) => ({ start: iso(e.start), end: iso(e.end), userId: e.userId, source: e.source })),
    users: Object.fromEntries([...users.values()].map((u) => [u.id, { name: u.name, email: u.email }])),
  };
}

/**
 * The final timeline over a range of any length, computed in pieces of at most
 * `maxTimelineDays` and joined again where a piece boundary split one entry.
 */
export function longTimeline(
  schedule: Schedule,
  overrides: Override[],
  from: number,
  to: number,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (let start = from; start < to; start += maxTimelineMs) {
    for (const e of finalTimeline(schedule, overrides, start, Math.min(to, start + maxTimelineMs))) {
      const prev = out.at(-1);
      if (
        prev &&
        prev.end === e.start &&
        prev.userId === e.userId &&
        JSON.stringify(prev.source) === JSON.stringify(e.source)
      )
        prev.end = e.end;
      else out.push({ ...e });
    }
  }
  return out;
}

/** The overrides of a schedule overlapping [from, to), for callers outside this file. */
export const scheduleOverrides = overridesBetween;

/**
 * Everyone on call now, one item per schedule (by name), with when that changes next: the end of
 * the current timeline entry, looked for a week ahead and then up to `maxTimelineDays`.
 */
export async function onCallNow(ctx: ServiceContext) {
  const now = ctx.clock.now();
  const rows = await allScheduleRows(ctx.db);
  const found: { row: ScheduleRow; userId: string | null; until: number | null }[] = [];
  for (const row of rows) {
    const schedule = scheduleOf(row);
    let until: number | null = null;
    let userId: string | null = null;
    for (const span of [weekMs, maxTimelineMs]) {
      const overrides = await overridesBetween(ctx.db, row.id, now, now + span);
      const first = finalTimeline(schedule, overrides, now, now + span)[0]!;
      userId = first.userId;
      if (first.end < now + span) {
        until = first.end;
        break;
      }
    }
    found.push({ row, userId, until });
  }
  const users = await userRefs(
    ctx.db,
    found.flatMap((f) => (f.userId ? [f.userId] : [])),
  );
  return {
    items: found.map((f) => {
      const u = f.userId ? users.get(f.userId) : undefined;
      return {
        schedule: { id: f.row.id, name: f.row.name },
        user: u ? { id: u.id, name: u.name } : null,
        until: f.until === null ? null : iso(f.until),
      };
    }),
  };
}
