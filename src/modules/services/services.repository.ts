import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { likeOperator, type DialectKind } from '../../db/dialect.js';
import { decodeCursor } from '../../lib/pagination.js';
import type { ServicesTable } from './services.table.js';

export type ServiceRow = Selectable<ServicesTable>;

export function findService(db: Db, id: string): Promise<ServiceRow | undefined> {
  return db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function dependenciesOf(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((i) => [i, []]));
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('service_dependencies')
    .selectAll()
    .where('service_id', 'in', ids)
    .execute();
  for (const r of rows) out.get(r.service_id)?.push(r.depends_on_id);
  return out;
}

/** The whole dependency graph, for cycle checks (small: one row per edge). */
export async function dependencyGraph(db: Db): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await db.selectFrom('service_dependencies').selectAll().execute()) {
    const list = out.get(r.service_id) ?? [];
    list.push(r.depends_on_id);
    out.set(r.service_id, list);
  }
  return out;
}

export async function replaceDependencies(
  db: Db,
  serviceId: string,
  dependsOn: readonly string[],
): Promise<void> {
  await db.deleteFrom('service_dependencies').where('service_id', '=', serviceId).execute();
  if (dependsOn.length) {
    await db
      .insertInto('service_dependencies')
      .values([...new Set(dependsOn)].map((d) => ({ service_id: serviceId, depends_on_id: d })))
      .execute();
  }
}

export async function listServiceRows(
  db: Db,
  kind: DialectKind,
  f: { q?: string | undefined; team?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ rows: ServiceRow[]; total: number }> {
  const base = () => {
    let q = db.selectFrom('services');
    if (f.q) q = q.where('name', likeOperator(kind), `%${f.q.replace(/[%_\\]/g, '')}%`);
    if (f.team) q = q.where('owner_team_id', '=', f.team);
    return q;
  };
  let q = base().selectAll();
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
    base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
