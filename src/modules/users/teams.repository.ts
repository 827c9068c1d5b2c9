import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { containsText, type DialectKind } from '../../db/dialect.js';
import { decodeCursor } from '../../lib/pagination.js';
import type { TeamsTable } from './users.table.js';

export type TeamRow = Selectable<TeamsTable> & { member_count: number };

function withCount(db: Db) {
  return db
    .selectFrom('teams')
    .selectAll('teams')
    .select((eb) =>
      eb
        .selectFrom('team_members')
        .whereRef('team_members.team_id', '=', 'teams.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('member_count'),
    );
}

export async function findTeam(db: Db, id: string): Promise<TeamRow | undefined> {
  const row = await withCount(db).where('teams.id', '=', id).executeTakeFirst();
  return row ? { ...row, member_count: Number(row.member_count) } : undefined;
}

export async function listTeamRows(
  db: Db,
  kind: DialectKind,
  f: { q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ rows: TeamRow[]; total: number }> {
  let q = withCount(db);
  let c = db.selectFrom('teams').select((eb) => eb.fn.countAll<number>().as('n'));
  if (f.q) {
    q = q.where(containsText(kind, 'teams.name', f.q));
    c = c.where(containsText(kind, 'teams.name', f.q));
  }
  if (f.cursor) {
    const [name, id] = decodeCursor(f.cursor, ['string', 'string']) as [string, string];
    q = q.where((eb) =>
      eb.or([eb('teams.name', '>', name), eb.and([eb('teams.name', '=', name), eb('teams.id', '>', id)])]),
    );
  }
  const [rows, total] = await Promise.all([
    q
      .orderBy('teams.name')
      .orderBy('teams.id')
      .limit(f.limit + 1)
      .execute(),
    c.executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, member_count: Number(r.member_count) })), total: Number(total.n) };
}

export function listMembers(db: Db, teamId: string) {
  return db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .selectAll('users')
    .select(['team_members.role as team_role', 'team_members.created_at as joined_at'])
    .where('team_members.team_id', '=', teamId)
    .orderBy('users.name')
    .execute();
}
