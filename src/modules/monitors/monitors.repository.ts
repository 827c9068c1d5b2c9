import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { containsText, kindOfDb } from '../../db/dialect.js';
import { decodeCursor } from '../../lib/pagination.js';
import type { MonitorsTable } from './monitors.table.js';
import type { ListMonitorsQuery } from './monitors.schema.js';

export type MonitorRow = Selectable<MonitorsTable>;

export function findMonitor(db: Db, id: string): Promise<MonitorRow | undefined> {
  return db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMonitors(db: Db, rows: Insertable<MonitorsTable>[]): Promise<void> {
  // Chunks keep each statement under SQLite's parameter limit.
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('monitors')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function updateMonitorRow(db: Db, id: string, set: Updateable<MonitorsTable>): Promise<void> {
  await db.updateTable('monitors').set(set).where('id', '=', id).execute();
}

export async function deleteMonitorRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('monitors').where('id', '=', id).execute();
}

/** Every monitor's dependencies, for the cycle check (ids and depends_on only). */
export async function dependencyEdges(db: Db): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('monitors')
    .select(['id', 'depends_on'])
    .where('depends_on', '<>', '[]')
    .execute();
  return new Map(rows.map((r) => [r.id, JSON.parse(r.depends_on) as string[]]));
}

export async function existingMonitorIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('monitors')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Newest first, keyset on (created_at, id); each filter has an index led by its column. */
export function listMonitorRows(db: Db, f: ListMonitorsQuery): Promise<MonitorRow[]> {
  let q = db.selectFrom('monitors').selectAll();
  if (f.state === 'paused') q = q.where('paused', '=', 1);
  else if (f.state) q = q.where('state', '=', f.state);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.service) q = q.where('service_id', '=', f.service);
  if (f.q) q = q.where(containsText(kindOfDb(db), 'name', f.q));
  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor, ['number', 'string']) as [number, string];
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** The service's integration that monitors send through ("Keel monitors", type keel), if any. */
export async function findMonitorIntegration(db: Db, serviceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('integrations')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('type', '=', 'keel')
    .where('name', '=', monitorIntegrationName)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.id;
}

export const monitorIntegrationName = 'Keel monitors';

export function findMonitorByBadge(db: Db, token: string): Promise<MonitorRow | undefined> {
  return db.selectFrom('monitors').selectAll().where('badge_token', '=', token).executeTakeFirst();
}
