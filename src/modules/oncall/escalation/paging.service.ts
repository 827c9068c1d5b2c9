import { notFound } from '../../../http/errors.js';
import type { ServiceContext } from '../../../lib/context.js';
import { reachableUserIds } from './deps.js';
import { findDefaultPolicy, findPolicy, levelsOf, type PolicyRow } from './escalation.repository.js';
import type { PagingView } from './escalation.schema.js';
import { resolveLevel } from './targets.js';

/** The policy that pages for a service: its own, else the default; undefined when neither exists. */
export async function policyForService(
  db: ServiceContext['db'],
  serviceId: string | null,
): Promise<PolicyRow | undefined> {
  if (serviceId) {
    const service = await db
      .selectFrom('services')
      .select('escalation_policy_id')
      .where('id', '=', serviceId)
      .executeTakeFirst();
    if (service?.escalation_policy_id) {
      const own = await findPolicy(db, service.escalation_policy_id);
      if (own) return own;
    }
  }
  return findDefaultPolicy(db);
}

/**
 * Who an incident of the service would page right now, level by level (following hand-offs to
 * other policies), and whether anyone at all would be reached: the "nobody would be paged" warning
 * when there is no policy, or no level resolves to a person with a contact method.
 */
export async function servicePaging(ctx: ServiceContext, serviceId: string): Promise<PagingView> {
  const db = ctx.db;
  const service = await db.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst();
  if (!service) throw notFound('Service', serviceId);
  const policy = await policyForService(db, serviceId);
  if (!policy) {
    return {
      policy: null,
      wouldPage: false,
      reason: 'Nobody would be paged: the service names no escalation policy and there is no default policy.',
      onCallNow: [],
    };
  }
  const now = ctx.clock.now();
  const onCallNow: PagingView['onCallNow'] = [];
  const visited = new Set<string>();
  let current: PolicyRow | undefined = policy;
  while (current && !visited.has(current.id)) {
    visited.add(current.id);
    let next: string | undefined;
    for (const [i, level] of levelsOf(current).entries()) {
      const resolved = await resolveLevel(db, level, now);
      const reachable = await reachableUserIds(
        db,
        resolved.users.map((u) => u.id),
      );
      onCallNow.push({
        policy: { id: current.id, name: current.name },
        level: i + 1,
        users: resolved.users.map((u) => ({ ...u, reachable: reachable.has(u.id) })),
        nobodyOnCall: resolved.nobodyOnCall,
      });
      next = level.targets.find((t) => t.type === 'policy')?.id;
      if (next) break;
    }
    current = next ? await findPolicy(db, next) : undefined;
  }
  const wouldPage = onCallNow.some((l) => l.users.some((u) => u.reachable));
  return {
    policy: { id: policy.id, name: policy.name, isDefault: policy.is_default === 1 },
    wouldPage,
    ...(!wouldPage && {
      reason:
        'Nobody would be paged: no level of the policy resolves to anyone with a contact method right now.',
    }),
    onCallNow,
  };
}
