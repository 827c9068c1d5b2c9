import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { RoutingRulesTable } from './alert-rules.table.js';

export type RuleRow = Selectable<RoutingRulesTable>;

export function findRule(db: Db, id: string): Promise<RuleRow | undefined> {
  return db.selectFrom('routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One scope's rules in evaluation order (`serviceId` null: the global rules). */
export function rulesOfScope(db: Db, serviceId: string | null): Promise<RuleRow[]> {
  const q = db.selectFrom('routing_rules').selectAll();
  return (serviceId === null ? q.where('service_id', 'is', null) : q.where('service_id', '=', serviceId))
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Every rule: global ones first, then per service, each in evaluation order. */
export function allRules(db: Db): Promise<RuleRow[]> {
  return db
    .selectFrom('routing_rules')
    .selectAll()
    .orderBy((eb) => eb.case().when('service_id', 'is', null).then(0).else(1).end())
    .orderBy('service_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Writes positions 0…n-1 in the given order. */
export async function writePositions(db: Db, ids: readonly string[], now: number): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await db
      .updateTable('routing_rules')
      .set({ position, updated_at: now })
      .where('id', '=', id)
      .where('position', '<>', position)
      .execute();
  }
}
