import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { IncidentCategoriesTable } from './incident-categories.table.js';

export type CategoryRow = Selectable<IncidentCategoriesTable>;

export function findCategory(db: Db, id: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('incident_categories').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every category in display order; without `includeArchived`, only the ones still offered. */
export function listCategoryRows(db: Db, includeArchived: boolean): Promise<CategoryRow[]> {
  let q = db.selectFrom('incident_categories').selectAll();
  if (!includeArchived) q = q.where('archived', '=', 0);
  return q.orderBy('position').orderBy('id').execute();
}

export async function insertCategory(db: Db, row: Insertable<IncidentCategoriesTable>): Promise<void> {
  await db.insertInto('incident_categories').values(row).execute();
}

export async function updateCategory(
  db: Db,
  id: string,
  set: Updateable<IncidentCategoriesTable>,
): Promise<void> {
  await db.updateTable('incident_categories').set(set).where('id', '=', id).execute();
}

/** Writes positions 0…n-1 in the given order, touching only rows whose position changes. */
export async function writeCategoryPositions(db: Db, ids: readonly string[], now: number): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await db
      .updateTable('incident_categories')
      .set({ position, updated_at: now })
      .where('id', '=', id)
      .where('position', '<>', position)
      .execute();
  }
}
