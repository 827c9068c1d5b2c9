import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { EscalationLevel } from './escalation.domain.js';
import type { EscalationPoliciesTable, EscalationStepsTable } from './escalation.table.js';

export type PolicyRow = Selectable<EscalationPoliciesTable>;

export const levelsOf = (r: Pick<PolicyRow, 'levels'>): EscalationLevel[] =>
  JSON.parse(r.levels) as EscalationLevel[];

export function findPolicy(db: Db, id: string): Promise<PolicyRow | undefined> {
  return db.selectFrom('escalation_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDefaultPolicy(db: Db): Promise<PolicyRow | undefined> {
  return db.selectFrom('escalation_policies').selectAll().where('is_default', '=', 1).executeTakeFirst();
}

/** Every policy, by name: a short list (policies are few), read whole for loop checks and the list view. */
export function allPolicies(db: Db): Promise<PolicyRow[]> {
  return db.selectFrom('escalation_policies').selectAll().orderBy('name').orderBy('id').execute();
}

export async function insertPolicy(db: Db, row: PolicyRow): Promise<void> {
  await db.insertInto('escalation_policies').values(row).execute();
}

export async function updatePolicy(db: Db, row: PolicyRow): Promise<void> {
  await db.updateTable('escalation_policies').set(row).where('id', '=', row.id).execute();
}

export async function deletePolicyRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('escalation_policies').where('id', '=', id).execute();
}

/** Makes every other policy not the default (before `id` becomes it). */
export async function clearDefault(db: Db, exceptId: string): Promise<void> {
  await db
    .updateTable('escalation_policies')
    .set({ is_default: 0 })
    .where('is_default', '=', 1)
    .where('id', '<>', exceptId)
    .execute();
}

/** Services that name the policy. */
export function servicesUsing(db: Db, policyId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('services')
    .select(['id', 'name'])
    .where('escalation_policy_id', '=', policyId)
    .orderBy('name')
    .execute();
}

export async function countServicesWithoutPolicy(db: Db): Promise<number> {
  const r = await db
    .selectFrom('services')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('escalation_policy_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Records a step; false when it was already recorded (the step ran before: do nothing twice).
 * The primary key decides, so two workers running the same step at once record it once.
 */
export async function recordStep(db: Db, row: Insertable<EscalationStepsTable>): Promise<boolean> {
  const r = await db
    .insertInto('escalation_steps')
    .values(row)
    .onConflict((oc) => oc.columns(['incident_id', 'triggered_at', 'hop', 'round', 'level']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Active (not disabled) users by id, with names. */
export async function activeUsers(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { id: string; name: string; email: string }>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', 'in', [...new Set(ids)])
    .where('disabled', '=', 0)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Member user ids of each team, oldest membership first. */
export async function teamMemberIds(db: Db, teamIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(teamIds.map((t) => [t, []]));
  if (!teamIds.length) return out;
  const rows = await db
    .selectFrom('team_members')
    .select(['team_id', 'user_id'])
    .where('team_id', 'in', [...new Set(teamIds)])
    .orderBy('created_at')
    .orderBy('user_id')
    .execute();
  for (const r of rows) out.get(r.team_id)?.push(r.user_id);
  return out;
}

export async function teamNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
