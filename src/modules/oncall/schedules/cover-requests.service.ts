import type { Db } from '../../../db/database.js';
import { lockTransaction } from '../../../db/dialect.js';
import { AppError, notFound } from '../../../http/errors.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { newId } from '../../../lib/ids.js';
import { recordAudit } from '../../audit/index.js';
import { addOverride, checkSpan, requireActiveUser } from './overrides.service.js';
import { actsForAnyone, invalidBody } from './schedules.errors.js';
import { presentCoverRequest } from './schedules.presenter.js';
import {
  findCoverRequest,
  insertCoverRequest,
  listCoverRequestRows,
  updateCoverRequest,
  usersByIds,
  type CoverRequestRow,
} from './schedules.repository.js';
import {
  toMs,
  type CoverRequestView,
  type CreateCoverRequestInput,
  type UserRef,
} from './schedules.schema.js';
import { requireSchedule, scheduleLock } from './schedules.service.js';
import type { CoverRequestStatus } from './schedules.table.js';

/**
 * Cover requests: someone asks for a span of a schedule to be covered; another person accepts,
 * which creates their override in the same transaction (so an accepted request always has its
 * override, and two people accepting at once give one override). Open requests can be cancelled
 * by the one who asked, or by an owner or admin.
 */

async function present(db: Db, rows: CoverRequestRow[]): Promise<CoverRequestView[]> {
  const ids = rows.flatMap((r) => [
    r.requester_user_id,
    ...(r.accepted_by_user_id ? [r.accepted_by_user_id] : []),
  ]);
  const users = new Map<string, UserRef>(
    (await usersByIds(db, ids)).map((u) => [u.id, { id: u.id, name: u.name, email: u.email }]),
  );
  return rows.map((r) => presentCoverRequest(r, users));
}

export async function listCoverRequests(
  ctx: ServiceContext,
  scheduleId: string,
  status?: CoverRequestStatus,
): Promise<{ items: CoverRequestView[] }> {
  await requireSchedule(ctx.db, scheduleId);
  return { items: await present(ctx.db, await listCoverRequestRows(ctx.db, scheduleId, status)) };
}

export function createCoverRequest(
  ctx: ServiceContext,
  actor: Actor,
  scheduleId: string,
  input: CreateCoverRequestInput,
): Promise<CoverRequestView> {
  const now = ctx.clock.now();
  const startsAt = toMs(input.startsAt);
  const endsAt = toMs(input.endsAt);
  const requester = actor.userId;
  if (!requester) throw new AppError('forbidden', 'Only a person can ask for cover.');
  return ctx.db.transaction().execute(async (trx) => {
    await requireSchedule(trx, scheduleId);
    checkSpan(startsAt, endsAt);
    if (endsAt <= now) throw invalidBody([{ path: ['endsAt'], message: 'must be in the future' }]);
    const row: CoverRequestRow = {
      id: newId(now),
      schedule_id: scheduleId,
      requester_user_id: requester,
      starts_at: startsAt,
      ends_at: endsAt,
      note: input.note,
      status: 'open',
      accepted_by_user_id: null,
      override_id: null,
      created_at: now,
      updated_at: now,
    };
    await insertCoverRequest(trx, row);
    const [after] = await present(trx, [row]);
    await recordAudit(trx, now, actor, {
      action: 'cover_request.created',
      resourceType: 'cover_request',
      resourceId: row.id,
      after,
    });
    return after!;
  });
}

async function openRequest(ctx: ServiceContext, trx: Db, id: string): Promise<CoverRequestRow> {
  const found = await findCoverRequest(trx, id);
  if (!found) throw notFound('Cover request', id);
  await lockTransaction(ctx.kind, trx, scheduleLock(found.schedule_id));
  const row = (await findCoverRequest(trx, id))!;
  if (row.status !== 'open') throw new AppError('conflict', `This cover request is already ${row.status}.`);
  return row;
}

/** The actor covers the request: their override for its span, and the request accepted, at once. */
export function acceptCoverRequest(ctx: ServiceContext, actor: Actor, id: string): Promise<CoverRequestView> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await openRequest(ctx, trx, id);
    if (!actor.userId) throw new AppError('forbidden', 'Only a person can cover.');
    if (row.requester_user_id === actor.userId)
      throw new AppError('conflict', 'You asked for this cover; someone else has to accept it.');
    if (row.ends_at <= now) throw new AppError('conflict', 'This cover request has already ended.');
    await requireActiveUser(trx, actor.userId, 'userId');
    const override = await addOverride(trx, now, actor, {
      id: newId(now),
      schedule_id: row.schedule_id,
      user_id: actor.userId,
      starts_at: Math.max(row.starts_at, now),
      ends_at: row.ends_at,
      note: row.note,
      cover_request_id: row.id,
    });
    const next: CoverRequestRow = {
      ...row,
      status: 'accepted',
      accepted_by_user_id: actor.userId,
      override_id: override.id,
      updated_at: now,
    };
    await updateCoverRequest(trx, id, {
      status: next.status,
      accepted_by_user_id: next.accepted_by_user_id,
      override_id: next.override_id,
      updated_at: now,
    });
    const [before, after] = await present(trx, [row, next]);
    await recordAudit(trx, now, actor, {
      action: 'cover_request.accepted',
      resourceType: 'cover_request',
      resourceId: id,
      before,
      after,
    });
    return after!;
  });
}

export function cancelCoverRequest(ctx: ServiceContext, actor: Actor, id: string): Promise<CoverRequestView> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await openRequest(ctx, trx, id);
    if (row.requester_user_id !== actor.userId && !actsForAnyone(actor))
      throw new AppError('forbidden', 'Only the person who asked, or an owner or admin, can cancel it.');
    const next: CoverRequestRow = { ...row, status: 'cancelled', updated_at: now };
    await updateCoverRequest(trx, id, { status: 'cancelled', updated_at: now });
    const [before, after] = await present(trx, [row, next]);
    await recordAudit(trx, now, actor, {
      action: 'cover_request.cancelled',
      resourceType: 'cover_request',
      resourceId: id,
      before,
      after,
    });
    return after!;
  });
}
