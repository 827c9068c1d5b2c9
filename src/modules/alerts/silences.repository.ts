import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { decodeCursor } from '../../lib/pagination.js';
import type { SilencesTable } from './alert-rules.table.js';
import type { SilenceState } from './silences.domain.js';

export type SilenceRow = Selectable<SilencesTable>;

export function findSilence(db: Db, id: string): Promise<SilenceRow | undefined> {
  return db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first; `state` is decided against `now` in SQL, so pages stay exact. */
export function listSilenceRows(
  db: Db,
  now: number,
  f: {
    state?: SilenceState | undefined;
    service?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<SilenceRow[]> {
  let q = db.selectFrom('silences').selectAll();
  if (f.state === 'expired') q = q.where('ends_at', '<=', now);
  if (f.state === 'active') q = q.where('starts_at', '<=', now).where('ends_at', '>', now);
  if (f.state === 'pending') q = q.where('starts_at', '>', now).where('ends_at', '>', now);
  if (f.service) q = q.where('service_id', '=', f.service);
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
