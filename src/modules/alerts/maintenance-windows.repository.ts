import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { decodeCursor } from '../../lib/pagination.js';
import type { MaintenanceWindowsTable } from './alert-rules.table.js';

export type WindowRow = Selectable<MaintenanceWindowsTable>;

export function findWindow(db: Db, id: string): Promise<WindowRow | undefined> {
  return db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Service ids per window, sorted. */
export async function servicesOfWindows(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((i) => [i, []]));
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('maintenance_window_services')
    .selectAll()
    .where('window_id', 'in', ids)
    .orderBy('service_id')
    .execute();
  for (const r of rows) out.get(r.window_id)?.push(r.service_id);
  return out;
}

export async function replaceWindowServices(
  db: Db,
  windowId: string,
  serviceIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('maintenance_window_services').where('window_id', '=', windowId).execute();
  await db
    .insertInto('maintenance_window_services')
    .values([...new Set(serviceIds)].map((s) => ({ window_id: windowId, service_id: s })))
    .execute();
}

/**
 * Windows, newest first. `over`: true for windows whose last occurrence has ended by `now`,
 * false for the others (those recurring forever included), undefined for all.
 */
export function listWindowRows(
  db: Db,
  now: number,
  f: { service?: string | undefined; over?: boolean | undefined; limit: number; cursor?: string | undefined },
): Promise<WindowRow[]> {
  let q = db.selectFrom('maintenance_windows').selectAll();
  if (f.service) {
    const service = f.service;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('maintenance_window_services as ws')
          .select('ws.window_id')
          .whereRef('ws.window_id', '=', 'maintenance_windows.id')
          .where('ws.service_id', '=', service),
      ),
    );
  }
  if (f.over === true) q = q.where('last_ends_at', '<=', now);
  if (f.over === false)
    q = q.where((eb) => eb.or([eb('last_ends_at', 'is', null), eb('last_ends_at', '>', now)]));
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
