import { isUniqueViolation } from '../../../db/dialect.js';
import type { Db } from '../../../db/database.js';
import { AppError, notFound } from '../../../http/errors.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { newId } from '../../../lib/ids.js';
import { recordAudit } from '../../audit/index.js';
import { invalidatePagingInterest } from '../../incidents/index.js';
import { scheduleExists, scheduleNames } from './deps.js';
import { findPolicyLoop, policyTargets, type EscalationLevel } from './escalation.domain.js';
import {
  activeUsers,
  allPolicies,
  clearDefault,
  countServicesWithoutPolicy,
  deletePolicyRow,
  findDefaultPolicy,
  findPolicy,
  insertPolicy,
  levelsOf,
  servicesUsing,
  teamNames,
  updatePolicy,
  userNames,
  type PolicyRow,
} from './escalation.repository.js';
import type { CreatePolicyInput, PolicyView, UpdatePolicyInput } from './escalation.schema.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Names of every target of these policies, by `<type>:<id>`; a missing target has none. */
async function targetNames(db: Db, rows: readonly PolicyRow[]): Promise<Map<string, string>> {
  const targets = rows.flatMap((r) => levelsOf(r).flatMap((l) => l.targets));
  const ids = (type: string) => targets.filter((t) => t.type === type).map((t) => t.id);
  const out = new Map<string, string>();
  const add = (type: string, m: Map<string, string>) =>
    m.forEach((name, id) => out.set(`${type}:${id}`, name));
  add('user', await userNames(db, ids('user')));
  add('team', await teamNames(db, ids('team')));
  add('schedule', await scheduleNames(db, ids('schedule')));
  const policyIds = new Set(ids('policy'));
  const policies = (await allPolicies(db)).filter((p) => policyIds.has(p.id));
  add('policy', new Map(policies.map((p) => [p.id, p.name])));
  return out;
}

async function present(db: Db, rows: readonly PolicyRow[]): Promise<PolicyView[]> {
  const names = await targetNames(db, rows);
  const out: PolicyView[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      name: r.name,
      description: r.description,
      repeat: r.repeat,
      isDefault: r.is_default === 1,
      levels: levelsOf(r).map((l) => ({
        delayMinutes: l.delayMinutes,
        targets: l.targets.map((t) => ({ ...t, name: names.get(`${t.type}:${t.id}`) ?? null })),
      })),
      services: await servicesUsing(db, r.id),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    });
  }
  return out;
}

async function view(db: Db, id: string): Promise<PolicyView> {
  const row = await findPolicy(db, id);
  if (!row) throw notFound('Escalation policy', id);
  return (await present(db, [row]))[0]!;
}

export async function listPolicies(ctx: ServiceContext): Promise<{ items: PolicyView[] }> {
  return { items: await present(ctx.db, await allPolicies(ctx.db)) };
}

export function getPolicy(ctx: ServiceContext, id: string): Promise<PolicyView> {
  return view(ctx.db, id);
}

type Issue = { path: (string | number)[]; message: string };

/**
 * Every target must exist (users not disabled), a level hands over to at most one policy, and
 * hand-offs must not loop back (`policy_loop`, naming the loop).
 */
async function checkLevels(db: Db, policyId: string, levels: readonly EscalationLevel[]): Promise<void> {
  const issues: Issue[] = [];
  const all = await allPolicies(db);
  const idsOf = (type: string) =>
    levels.flatMap((l) => l.targets.filter((t) => t.type === type).map((t) => t.id));
  const known = {
    user: new Set((await activeUsers(db, idsOf('user'))).keys()),
    team: new Set((await teamNames(db, idsOf('team'))).keys()),
    policy: new Set(all.map((p) => p.id).concat(policyId)),
  };
  for (const [i, level] of levels.entries()) {
    if (level.targets.filter((t) => t.type === 'policy').length > 1)
      issues.push({ path: ['levels', i, 'targets'], message: 'a level can hand over to one policy only' });
    for (const [j, t] of level.targets.entries()) {
      const exists = t.type === 'schedule' ? await scheduleExists(db, t.id) : known[t.type].has(t.id);
      if (!exists) issues.push({ path: ['levels', i, 'targets', j, 'id'], message: `no such ${t.type}` });
    }
  }
  if (issues.length) {
    throw new AppError('validation_failed', 'Some escalation targets do not exist.', {
      issues: issues.map((i) => ({ in: 'body', ...i })),
    });
  }
  const edges = new Map(all.map((p) => [p.id, policyTargets(levelsOf(p))]));
  edges.set(policyId, policyTargets(levels));
  const loop = findPolicyLoop(policyId, edges);
  if (loop) {
    const names = new Map(all.map((p) => [p.id, p.name]));
    const label = (id: string) => (id === policyId ? 'this policy' : (names.get(id) ?? id));
    throw new AppError(
      'policy_loop',
      `These policies would hand incidents over in a loop: ${loop.map(label).join(' → ')}.`,
      {
        loop,
      },
    );
  }
}

const nameTaken = (name: string) =>
  new AppError('already_exists', `An escalation policy named ${name} already exists.`, {
    issues: [{ in: 'body', path: ['name'], message: 'is already used by another policy' }],
  });

export async function createPolicy(
  ctx: ServiceContext,
  actor: Actor,
  input: CreatePolicyInput,
): Promise<PolicyView> {
  const now = ctx.clock.now();
  const id = newId(now);
  try {
    const created = await ctx.db.transaction().execute(async (trx) => {
      await checkLevels(trx, id, input.levels);
      const isDefault = input.isDefault ?? !(await findDefaultPolicy(trx));
      if (isDefault) await clearDefault(trx, id);
      await insertPolicy(trx, {
        id,
        name: input.name,
        description: input.description,
        repeat: input.repeat,
        is_default: isDefault ? 1 : 0,
        levels: JSON.stringify(input.levels),
        created_at: now,
        updated_at: now,
      });
      const after = await view(trx, id);
      await recordAudit(trx, now, actor, {
        action: 'escalation_policy.created',
        resourceType: 'escalation_policy',
        resourceId: id,
        after,
      });
      return after;
    });
    // New incidents now have a policy to page through (see hasPagingInterest).
    invalidatePagingInterest(ctx.db);
    return created;
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

export async function updatePolicyById(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdatePolicyInput,
): Promise<PolicyView> {
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const row = await findPolicy(trx, id);
      if (!row) throw notFound('Escalation policy', id);
      const before = await view(trx, id);
      if (input.levels) await checkLevels(trx, id, input.levels);
      if (input.isDefault) await clearDefault(trx, id);
      await updatePolicy(trx, {
        ...row,
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.repeat !== undefined && { repeat: input.repeat }),
        ...(input.isDefault !== undefined && { is_default: input.isDefault ? 1 : 0 }),
        ...(input.levels !== undefined && { levels: JSON.stringify(input.levels) }),
        updated_at: now,
      });
      const after = await view(trx, id);
      await recordAudit(trx, now, actor, {
        action: 'escalation_policy.updated',
        resourceType: 'escalation_policy',
        resourceId: id,
        before,
        after,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name ?? '');
    throw err;
  }
}

/**
 * Deletes a policy no one uses: 409 while services name it, other policies hand over to it, or
 * it is the default of services that name none.
 */
export async function deletePolicy(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findPolicy(trx, id);
    if (!row) throw notFound('Escalation policy', id);
    const before = await view(trx, id);
    const services = await servicesUsing(trx, id);
    if (services.length) {
      throw new AppError(
        'conflict',
        `Services still use this policy: ${services.map((s) => s.name).join(', ')}.`,
        {
          services,
        },
      );
    }
    const handing = (await allPolicies(trx)).filter(
      (p) => p.id !== id && policyTargets(levelsOf(p)).includes(id),
    );
    if (handing.length) {
      throw new AppError(
        'conflict',
        `Other policies hand over to this one: ${handing.map((p) => p.name).join(', ')}.`,
        {
          policies: handing.map((p) => ({ id: p.id, name: p.name })),
        },
      );
    }
    if (row.is_default === 1) {
      const n = await countServicesWithoutPolicy(trx);
      if (n > 0) {
        throw new AppError(
          'conflict',
          `This is the default policy of ${n} service(s) that name none; make another policy the default first.`,
          { servicesWithoutPolicy: n },
        );
      }
    }
    await deletePolicyRow(trx, id);
    await recordAudit(trx, now, actor, {
      action: 'escalation_policy.deleted',
      resourceType: 'escalation_policy',
      resourceId: id,
      before,
    });
  });
}
