import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { containsText, lockRows, type DialectKind } from '../../db/dialect.js';
import { decodeCursor } from '../../lib/pagination.js';
import type { Role, UsersTable } from './users.table.js';

export type UserRow = Selectable<UsersTable>;

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function insertUser(db: Db, row: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUserRow(db: Db, id: string, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/**
 * Records `step` as the last TOTP step accepted, only when it is later than the one stored. False
 * when another request got there first with this step (or a later one): the code is spent. One
 * conditional UPDATE, so two requests racing with the same code cannot both win.
 */
export async function claimTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteUserRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

export async function countUsers(
  db: Db,
  where: { role?: Role; enabledOnly?: boolean } = {},
): Promise<number> {
  let q = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where.role) q = q.where('role', '=', where.role);
  if (where.enabledOnly) q = q.where('disabled', '=', 0);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The number of active owners, their rows locked until the transaction ends (in id order, so two
 * callers cannot deadlock): two concurrent demotions or deletions cannot each count the other
 * owner and leave none.
 */
export async function countActiveOwnersLocked(db: Db, kind: DialectKind): Promise<number> {
  const q = db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'owner')
    .where('disabled', '=', 0)
    .orderBy('id');
  return (await lockRows(kind, q).execute()).length;
}

export interface UserFilter {
  q?: string | undefined;
  role?: Role | undefined;
  limit: number;
  cursor?: string | undefined;
}

function filtered(db: Db, kind: DialectKind, f: UserFilter) {
  let q = db.selectFrom('users');
  const text = f.q;
  if (text) q = q.where((eb) => eb.or([containsText(kind, 'name', text), containsText(kind, 'email', text)]));
  if (f.role) q = q.where('role', '=', f.role);
  return q;
}

/** Ordered by name, then id; returns one row more than `limit` when another page exists. */
export async function listUserRows(
  db: Db,
  kind: DialectKind,
  f: UserFilter,
): Promise<{ rows: UserRow[]; total: number }> {
  let q = filtered(db, kind, f).selectAll();
  if (f.cursor) {
    const [name, id] = decodeCursor(f.cursor, ['string', 'string']) as [string, string];
    q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  const [rows, total] = await Promise.all([
    q
      .orderBy('name')
      .orderBy('id')
      .limit(f.limit + 1)
      .execute(),
    filtered(db, kind, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
