import type { Db } from '../../../db/database.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { invalidatePagingInterest } from '../../incidents/index.js';
import { createPolicy } from './escalation.service.js';

/**
 * Sample escalation policies over the sample schedules and people, assigned to the sample
 * services: Payments (its daily rotation, then Grace, twice) for the checkout and payments
 * services, Platform (its weekly rotation, then the team) for search. Never the default policy:
 * a real service without a policy must not page sample people. Named "Sample · …"; skipped when
 * the sample schedules are missing. Loading pages nobody (the sample incidents started no
 * escalation); a new alert on a sample service pages the sample people, who have no contact
 * methods, so the delivery log says so and nothing leaves the machine.
 */
const prefix = 'Sample · ';

export async function loadEscalationSample(ctx: ServiceContext, actor: Actor): Promise<void> {
  if ((await countEscalationSample(ctx.db)) > 0) return;
  const byName = async (table: 'schedules' | 'users' | 'teams', name: string) =>
    (await ctx.db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirst())?.id;
  const payments = await byName('schedules', 'Sample · Payments');
  const platform = await byName('schedules', 'Sample · Platform primary');
  const grace = await byName('users', 'Sample · Grace Hopper');
  const platformTeam = await byName('teams', 'Sample · Platform');
  if (!payments || !platform || !grace || !platformTeam) return;

  const paymentsPolicy = await createPolicy(ctx, actor, {
    name: `${prefix}Payments`,
    description: 'Sample policy: the Payments rotation first, then the payments lead.',
    repeat: 1,
    isDefault: false,
    levels: [
      { delayMinutes: 10, targets: [{ type: 'schedule', id: payments }] },
      { delayMinutes: 15, targets: [{ type: 'user', id: grace }] },
    ],
  });
  const platformPolicy = await createPolicy(ctx, actor, {
    name: `${prefix}Platform`,
    description: 'Sample policy: whoever is on call for Platform, then the whole team.',
    repeat: 0,
    isDefault: false,
    levels: [
      { delayMinutes: 15, targets: [{ type: 'schedule', id: platform }] },
      { delayMinutes: 30, targets: [{ type: 'team', id: platformTeam }] },
    ],
  });
  const assign = (policyId: string, services: string[]) =>
    ctx.db
      .updateTable('services')
      .set({ escalation_policy_id: policyId })
      .where('is_sample', '=', 1)
      .where('name', 'in', services)
      .execute();
  await assign(paymentsPolicy.id, ['Sample · Checkout API', 'Sample · Payments gateway']);
  await assign(platformPolicy.id, ['Sample · Search']);
  invalidatePagingInterest(ctx.db);
}

const samplePolicies = (db: Db) =>
  db.selectFrom('escalation_policies').select('id').where('name', 'like', `${prefix}%`);

/**
 * Removes the sample policies. A service (real or sample) still using one falls back to the
 * default policy, as it would after its policy was changed by hand.
 */
export async function removeEscalationSample(db: Db): Promise<number> {
  await db
    .updateTable('services')
    .set({ escalation_policy_id: null })
    .where('escalation_policy_id', 'in', samplePolicies(db))
    .execute();
  const r = await db.deleteFrom('escalation_policies').where('name', 'like', `${prefix}%`).executeTakeFirst();
  invalidatePagingInterest(db);
  return Number(r.numDeletedRows);
}

export async function countEscalationSample(db: Db): Promise<number> {
  const r = await db
    .selectFrom('escalation_policies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('name', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
