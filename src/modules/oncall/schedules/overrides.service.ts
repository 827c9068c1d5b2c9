import type { Db } from '../../../db/database.js';
import { lockTransaction } from '../../../db/dialect.js';
import { AppError, notFound } from '../../../http/errors.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { newId } from '../../../lib/ids.js';
import { recordAudit } from '../../audit/index.js';
import { overrideConflicts } from '../schedule.validate.js';
import { actsForAnyone, invalidBody } from './schedules.errors.js';
import { presentOverride } from './schedules.presenter.js';
import {
  deleteOverrideRow,
  findOverride,
  insertOverride,
  overrideRowsBetween,
  toOverride,
  usersByIds,
  type OverrideRow,
} from './schedules.repository.js';
import { toMs, type CreateOverrideInput, type OverrideView } from './schedules.schema.js';
import { requireSchedule, scheduleLock } from './schedules.service.js';

/**
 * Overrides: a person covers a span of one schedule, over every layer. Owners and admins add and
 * remove them for anyone; responders for themselves. Overrides of one schedule never overlap:
 * each insert checks under the schedule's lock.
 */

/** The longest override: a year (longer cover is a layer's job). */
export const maxOverrideMs = 366 * 86_400_000;

export function checkSpan(startsAt: number, endsAt: number): void {
  if (endsAt <= startsAt) throw invalidBody([{ path: ['endsAt'], message: 'must be after startsAt' }]);
  if (endsAt - startsAt > maxOverrideMs)
    throw invalidBody([{ path: ['endsAt'], message: 'must be at most 366 days after startsAt' }]);
}

/** Throws 400 unless `userId` is a known, enabled user. */
export async function requireActiveUser(
  db: Db,
  userId: string,
  path: string,
): Promise<{ id: string; name: string }> {
  const [user] = await usersByIds(db, [userId]);
  if (!user) throw invalidBody([{ path: [path], message: `no such user: ${userId}` }]);
  if (user.disabled) throw invalidBody([{ path: [path], message: `${user.name} is disabled` }]);
  return user;
}

/**
 * Inserts an override after the overlap check (409 conflict naming the overridden ones), in the
 * caller's transaction, which must hold the schedule's lock.
 */
export async function addOverride(
  trx: Db,
  now: number,
  actor: Actor,
  row: Omit<OverrideRow, 'created_by_user_id' | 'created_by_name' | 'created_at'>,
): Promise<OverrideView> {
  const existing = await overrideRowsBetween(trx, row.schedule_id, row.starts_at, row.ends_at);
  const conflicts = overrideConflicts(existing.map(toOverride), toOverride(row as OverrideRow));
  if (conflicts.length)
    throw new AppError('conflict', conflicts[0]!.message, {
      issues: conflicts.map((c) => ({ in: 'body', ...c })),
      overrideIds: existing.map((o) => o.id),
    });
  const by = actor.userId ? (await usersByIds(trx, [actor.userId]))[0] : undefined;
  const full: OverrideRow = {
    ...row,
    created_by_user_id: by?.id ?? null,
    created_by_name: by?.name ?? actor.label,
    created_at: now,
  };
  await insertOverride(trx, full);
  const after = presentOverride(full);
  await recordAudit(trx, now, actor, {
    action: 'schedule_override.created',
    resourceType: 'schedule_override',
    resourceId: full.id,
    after,
  });
  return after;
}

export async function listOverrides(
  ctx: ServiceContext,
  scheduleId: string,
  q: { since?: string | undefined; until?: string | undefined },
): Promise<{ items: OverrideView[] }> {
  await requireSchedule(ctx.db, scheduleId);
  const from = q.since === undefined ? ctx.clock.now() : toMs(q.since);
  const to = q.until === undefined ? Number.MAX_SAFE_INTEGER : toMs(q.until);
  return { items: (await overrideRowsBetween(ctx.db, scheduleId, from, to)).map(presentOverride) };
}

export function createOverride(
  ctx: ServiceContext,
  actor: Actor,
  scheduleId: string,
  input: CreateOverrideInput,
): Promise<OverrideView> {
  const now = ctx.clock.now();
  const userId = input.userId ?? actor.userId;
  if (!userId) throw invalidBody([{ path: ['userId'], message: 'is required' }]);
  if (userId !== actor.userId && !actsForAnyone(actor))
    throw new AppError('forbidden', 'Only owners and admins can add an override for someone else.');
  const startsAt = toMs(input.startsAt);
  const endsAt = toMs(input.endsAt);
  return ctx.db.transaction().execute(async (trx) => {
    await lockTransaction(ctx.kind, trx, scheduleLock(scheduleId));
    await requireSchedule(trx, scheduleId);
    checkSpan(startsAt, endsAt);
    await requireActiveUser(trx, userId, 'userId');
    return addOverride(trx, now, actor, {
      id: newId(now),
      schedule_id: scheduleId,
      user_id: userId,
      starts_at: startsAt,
      ends_at: endsAt,
      note: input.note,
      cover_request_id: null,
    });
  });
}

export function deleteOverride(
  ctx: ServiceContext,
  actor: Actor,
  scheduleId: string,
  overrideId: string,
): Promise<void> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await lockTransaction(ctx.kind, trx, scheduleLock(scheduleId));
    const row = await findOverride(trx, scheduleId, overrideId);
    if (!row) throw notFound('Override', overrideId);
    if (!actsForAnyone(actor) && row.user_id !== actor.userId)
      throw new AppError('forbidden', "Only owners and admins can remove someone else's override.");
    await deleteOverrideRow(trx, overrideId);
    await recordAudit(trx, now, actor, {
      action: 'schedule_override.deleted',
      resourceType: 'schedule_override',
      resourceId: overrideId,
      before: presentOverride(row),
    });
  });
}
