import type { Db } from '../../../db/database.js';
import { notFound } from '../../../http/errors.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { sha256 } from '../../../lib/crypto.js';
import { newId, randomToken } from '../../../lib/ids.js';
import { dayMs } from '../../../lib/zoned-time.js';
import { recordAudit } from '../../audit/index.js';
import type { TimelineEntry } from '../schedule.types.js';
import { renderCalendar, stableUid, type IcalEvent } from './ical.domain.js';
import { longTimeline, scheduleOf, scheduleOverrides } from './oncall.service.js';
import {
  allScheduleRows,
  findIcalFeed,
  findSchedule,
  replaceIcalFeed,
  usersByIds,
  type IcalFeedKind,
  type ScheduleRow,
} from './schedules.repository.js';
import { requireSchedule } from './schedules.service.js';

/**
 * Calendar feeds at secret URLs, for Google Calendar, Outlook and the like to subscribe to: one
 * per schedule (every shift) and one per person (their shifts on every schedule). Each person has
 * their own token per feed; only its SHA-256 is stored, and making a new one ends the old.
 * A feed holds the final timeline from 30 days back to 90 days ahead (whole UTC days, so it is
 * the same all day), one event per shift; gaps are left out.
 */
export const feedDaysBack = 30;
export const feedDaysAhead = 90;

const feedPath: Record<IcalFeedKind, string> = { schedule: 'schedules', user: 'users' };

async function issueToken(
  ctx: ServiceContext,
  actor: Actor,
  kind: IcalFeedKind,
  userId: string,
  scheduleId: string | null,
): Promise<{ url: string }> {
  const now = ctx.clock.now();
  const token = randomToken(32);
  await ctx.db.transaction().execute(async (trx) => {
    if (scheduleId) await requireSchedule(trx, scheduleId);
    const id = newId(now);
    await replaceIcalFeed(trx, {
      id,
      token_hash: sha256(token),
      kind,
      schedule_id: scheduleId,
      user_id: userId,
      created_at: now,
    });
    await recordAudit(trx, now, actor, {
      action: 'ical_feed.created',
      resourceType: 'ical_feed',
      resourceId: id,
      after: { kind, scheduleId, userId },
    });
  });
  return { url: `${ctx.config.publicUrl.replace(/\/$/, '')}/ical/${feedPath[kind]}/${token}.ics` };
}

/** A new secret URL for one schedule's feed, the actor's own (their previous one stops working). */
export function issueScheduleFeed(
  ctx: ServiceContext,
  actor: Actor,
  scheduleId: string,
): Promise<{ url: string }> {
  if (!actor.userId) throw notFound('User');
  return issueToken(ctx, actor, 'schedule', actor.userId, scheduleId);
}

/** A new secret URL for the actor's own shifts on every schedule. */
export function issueUserFeed(ctx: ServiceContext, actor: Actor): Promise<{ url: string }> {
  if (!actor.userId) throw notFound('User');
  return issueToken(ctx, actor, 'user', actor.userId, null);
}

/** The feed window around `now`: whole UTC days, 30 back and 90 ahead. */
export function feedWindow(now: number): { from: number; to: number } {
  const day = Math.floor(now / dayMs) * dayMs;
  return { from: day - feedDaysBack * dayMs, to: day + feedDaysAhead * dayMs };
}

const sourceKey = (e: TimelineEntry): string =>
  e.source === null
    ? 'gap'
    : 'layerId' in e.source
      ? `layer:${e.source.layerId}`
      : `override:${e.source.overrideId}`;

/**
 * A shift's UID: its schedule, person, source and start. A shift already under way when the window
 * opens is cut at the window's start; it is keyed "open" instead, so its UID does not change as
 * the window moves day by day (it changes once, 30 days after the shift began).
 */
const uidOf = (feed: string, row: ScheduleRow, e: TimelineEntry, from: number) =>
  stableUid([feed, row.id, e.userId ?? '', sourceKey(e), e.start === from ? 'open' : e.start]);

async function shifts(db: Db, row: ScheduleRow, from: number, to: number): Promise<TimelineEntry[]> {
  const overrides = await scheduleOverrides(db, row.id, from, to);
  return longTimeline(scheduleOf(row), overrides, from, to).filter((e) => e.userId !== null);
}

function layerName(row: ScheduleRow, e: TimelineEntry): string {
  if (e.source === null) return '';
  if ('overrideId' in e.source) return 'override';
  const id = e.source.layerId;
  return scheduleOf(row).layers.find((l) => l.id === id)?.name ?? 'layer';
}

/** The calendar text for a token, or 404 for an unknown (or replaced) token or a disabled owner. */
export async function renderFeed(ctx: ServiceContext, kind: IcalFeedKind, token: string): Promise<string> {
  const feed = await findIcalFeed(ctx.db, sha256(token));
  if (!feed || feed.kind !== kind) throw notFound('Calendar feed');
  const [owner] = await usersByIds(ctx.db, [feed.user_id]);
  if (!owner || owner.disabled) throw notFound('Calendar feed');
  const now = ctx.clock.now();
  const { from, to } = feedWindow(now);
  const base = ctx.config.publicUrl.replace(/\/$/, '');
  const events: IcalEvent[] = [];
  if (kind === 'schedule') {
    const row = feed.schedule_id ? await findSchedule(ctx.db, feed.schedule_id) : undefined;
    if (!row) throw notFound('Calendar feed');
    const list = await shifts(ctx.db, row, from, to);
    const names = new Map(
      (
        await usersByIds(
          ctx.db,
          list.map((e) => e.userId!),
        )
      ).map((u) => [u.id, u.name]),
    );
    for (const e of list) {
      const who = names.get(e.userId!) ?? 'Deleted user';
      events.push({
        uid: uidOf('schedule', row, e, from),
        start: e.start,
        end: e.end,
        summary: `On call: ${who}`,
        description: `${who} is on call for ${row.name} (${layerName(row, e)}).`,
        url: `${base}/schedules/${row.id}`,
      });
    }
    return renderCalendar({
      name: `${row.name} (on call)`,
      description: row.description,
      stamp: now,
      events,
    });
  }
  for (const row of await allScheduleRows(ctx.db)) {
    for (const e of await shifts(ctx.db, row, from, to)) {
      if (e.userId !== owner.id) continue;
      events.push({
        uid: uidOf('user', row, e, from),
        start: e.start,
        end: e.end,
        summary: `On call: ${row.name}`,
        description: `${owner.name} is on call for ${row.name} (${layerName(row, e)}).`,
        url: `${base}/schedules/${row.id}`,
      });
    }
  }
  events.sort((a, b) => a.start - b.start || a.uid.localeCompare(b.uid));
  return renderCalendar({ name: `${owner.name}: on call`, stamp: now, events });
}
