import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ApiKeysTable, SessionsTable } from './auth.table.js';

export type SessionRow = Selectable<SessionsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;

export function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function touchSession(db: Db, id: string, now: number, expiresAt: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export function findApiKeyByHash(db: Db, hash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
}

export async function touchApiKey(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function recordLoginAttempt(
  db: Db,
  row: { id: string; email: string; ip: string; success: boolean; at: number },
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ ...row, success: row.success ? 1 : 0 })
    .execute();
}

/** Failed sign-ins since `since`, by e-mail and by address. */
export async function countFailures(
  db: Db,
  email: string,
  ip: string,
  since: number,
): Promise<{ byEmail: number; byIp: number }> {
  const [e, i] = await Promise.all([
    db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', '=', email)
      .where('success', '=', 0)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', ip)
      .where('success', '=', 0)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow(),
  ]);
  return { byEmail: Number(e.n), byIp: Number(i.n) };
}

/** Retention for expired sessions, old sign-in attempts and spent reset links. */
export async function purgeAuth(db: Db, now: number, attemptsBefore: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  await db.deleteFrom('login_attempts').where('at', '<', attemptsBefore).execute();
  await db.deleteFrom('password_resets').where('expires_at', '<', attemptsBefore).execute();
}
