import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.js';
import { decodeCursor } from '../../../lib/pagination.js';
import type { Layer, Override } from '../schedule.types.js';
import type {
  CoverRequestStatus,
  IcalFeedKind,
  IcalFeedsTable,
  ScheduleCoverRequestsTable,
  ScheduleOverridesTable,
  SchedulesTable,
} from './schedules.table.js';

export type ScheduleRow = Selectable<SchedulesTable>;
export type OverrideRow = Selectable<ScheduleOverridesTable>;
export type CoverRequestRow = Selectable<ScheduleCoverRequestsTable>;
export type IcalFeedRow = Selectable<IcalFeedsTable>;

export const layersOf = (r: Pick<ScheduleRow, 'layers'>): Layer[] => JSON.parse(r.layers) as Layer[];

export const toOverride = (r: OverrideRow): Override => ({
  id: r.id,
  userId: r.user_id,
  startsAt: Number(r.starts_at),
  endsAt: Number(r.ends_at),
});

export function findSchedule(db: Db, id: string): Promise<ScheduleRow | undefined> {
  return db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
}

/** By name, then id; keyset pages. */
export function listScheduleRows(
  db: Db,
  f: { limit: number; cursor?: string | undefined; team?: string | undefined },
): Promise<ScheduleRow[]> {
  let q = db.selectFrom('schedules').selectAll();
  if (f.team) q = q.where('team_id', '=', f.team);
  if (f.cursor) {
    const [name, id] = decodeCursor(f.cursor, ['string', 'string']) as [string, string];
    q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

export function allScheduleRows(db: Db): Promise<ScheduleRow[]> {
  return db.selectFrom('schedules').selectAll().orderBy('name').orderBy('id').execute();
}

export async function insertSchedule(db: Db, row: Insertable<SchedulesTable>): Promise<void> {
  await db.insertInto('schedules').values(row).execute();
}

export async function updateScheduleRow(db: Db, id: string, set: Updateable<SchedulesTable>): Promise<void> {
  await db.updateTable('schedules').set(set).where('id', '=', id).execute();
}

export async function deleteScheduleRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('schedules').where('id', '=', id).execute();
}

/** Overrides of one schedule overlapping [from, to), by start. */
export function overrideRowsBetween(
  db: Db,
  scheduleId: string,
  from: number,
  to: number,
): Promise<OverrideRow[]> {
  return db
    .selectFrom('schedule_overrides')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('ends_at', '>', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

export function findOverride(db: Db, scheduleId: string, id: string): Promise<OverrideRow | undefined> {
  return db
    .selectFrom('schedule_overrides')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertOverride(db: Db, row: Insertable<ScheduleOverridesTable>): Promise<void> {
  await db.insertInto('schedule_overrides').values(row).execute();
}

export async function deleteOverrideRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('schedule_overrides').where('id', '=', id).execute();
}

export function findCoverRequest(db: Db, id: string): Promise<CoverRequestRow | undefined> {
  return db.selectFrom('schedule_cover_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listCoverRequestRows(
  db: Db,
  scheduleId: string,
  status?: CoverRequestStatus,
): Promise<CoverRequestRow[]> {
  let q = db.selectFrom('schedule_cover_requests').selectAll().where('schedule_id', '=', scheduleId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('starts_at').orderBy('id').limit(500).execute();
}

export async function insertCoverRequest(db: Db, row: Insertable<ScheduleCoverRequestsTable>): Promise<void> {
  await db.insertInto('schedule_cover_requests').values(row).execute();
}

export async function updateCoverRequest(
  db: Db,
  id: string,
  set: Updateable<ScheduleCoverRequestsTable>,
): Promise<void> {
  await db.updateTable('schedule_cover_requests').set(set).where('id', '=', id).execute();
}

/** Users by id (unknown ids are absent from the answer). */
export function usersByIds(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; name: string; email: string; disabled: number }[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'disabled'])
    .where('id', 'in', wanted)
    .execute();
}

export function findIcalFeed(db: Db, tokenHash: string): Promise<IcalFeedRow | undefined> {
  return db.selectFrom('ical_feeds').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Replaces the feed of (kind, schedule, user): the old token stops working. */
export async function replaceIcalFeed(db: Db, row: IcalFeedRow): Promise<void> {
  let q = db.deleteFrom('ical_feeds').where('user_id', '=', row.user_id).where('kind', '=', row.kind);
  q =
    row.schedule_id === null
      ? q.where('schedule_id', 'is', null)
      : q.where('schedule_id', '=', row.schedule_id);
  await q.execute();
  await db.insertInto('ical_feeds').values(row).execute();
}

export type { IcalFeedKind };
