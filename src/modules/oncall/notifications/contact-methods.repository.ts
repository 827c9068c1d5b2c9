import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { ContactMethodsTable } from './notifications.table.js';

export type ContactMethodRow = Selectable<ContactMethodsTable>;

export function methodsOf(db: Db, userId: string): Promise<ContactMethodRow[]> {
  return db
    .selectFrom('contact_methods')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findMethod(db: Db, id: string): Promise<ContactMethodRow | undefined> {
  return db.selectFrom('contact_methods').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMethod(db: Db, row: ContactMethodRow): Promise<void> {
  await db.insertInto('contact_methods').values(row).execute();
}

export async function updateMethod(db: Db, row: ContactMethodRow): Promise<void> {
  await db.updateTable('contact_methods').set(row).where('id', '=', row.id).execute();
}

export async function deleteMethod(db: Db, id: string): Promise<void> {
  await db.deleteFrom('contact_methods').where('id', '=', id).execute();
}

export async function storedRules(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('notification_rule_sets')
    .select('rules')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.rules ?? null;
}

export async function saveRules(db: Db, userId: string, rules: string, now: number): Promise<void> {
  await db
    .insertInto('notification_rule_sets')
    .values({ user_id: userId, rules, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ rules, updated_at: now }))
    .execute();
}

/** Of these users, those with at least one contact method. */
export async function reachableUserIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('contact_methods')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.user_id));
}
