import type { Db } from '../../db/database.js';
import { lockTransaction } from '../../db/dialect.js';
import { notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { iso } from '../../lib/time.js';
import { recordAudit } from '../audit/index.js';
import { invalidateAlertRules } from './alert-rules.cache.js';
import { invalidBody, requireServices } from './alert-rules.input.js';
import { bumpRulesVersion } from './alert-rules.repository.js';
import type { RuleActions, RuleCondition } from './routing.domain.js';
import {
  allRules,
  findRule,
  rulesOfScope,
  writePositions,
  type RuleRow,
} from './routing-rules.repository.js';
import {
  maxRulesPerScope,
  type CreateRuleInput,
  type RuleView,
  type UpdateRuleInput,
} from './routing-rules.schema.js';

export function presentRule(r: RuleRow): RuleView {
  return {
    id: r.id,
    name: r.name,
    serviceId: r.service_id,
    position: r.position,
    enabled: r.enabled === 1,
    match: r.match,
    conditions: JSON.parse(r.conditions) as RuleView['conditions'],
    actions: JSON.parse(r.actions) as RuleView['actions'],
    continue: r.continues === 1,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

async function requireRule(db: Db, id: string): Promise<RuleRow> {
  const row = await findRule(db, id);
  if (!row) throw notFound('Routing rule', id);
  return row;
}

/**
 * Runs a change to routing rules in one transaction that holds the rules lock (positions are
 * read, then written) and bumps the rules version; then drops this process's copy.
 */
async function changing<T>(ctx: ServiceContext, fn: (trx: Db) => Promise<T>): Promise<T> {
  const out = await ctx.db.transaction().execute(async (trx) => {
    await lockTransaction(ctx.kind, trx, 'routing_rules');
    const r = await fn(trx);
    await bumpRulesVersion(trx);
    return r;
  });
  invalidateAlertRules(ctx.db);
  return out;
}

/** The scope and the routing target must exist; only global rules may route to a service. */
async function checkReferences(db: Db, serviceId: string | null, actions: RuleActions): Promise<void> {
  if (serviceId !== null) await requireServices(db, [serviceId], ['serviceId']);
  if (actions.serviceId !== undefined) {
    if (serviceId !== null) {
      throw invalidBody(['actions', 'serviceId'], 'only global rules route to another service');
    }
    await requireServices(db, [actions.serviceId], ['actions', 'serviceId']);
  }
}

/** `service`: a service id, "global", or undefined for every rule. */
export async function listRules(
  ctx: ServiceContext,
  service: string | undefined,
): Promise<{ items: RuleView[] }> {
  const rows =
    service === undefined
      ? await allRules(ctx.db)
      : await rulesOfScope(ctx.db, service === 'global' ? null : service);
  return { items: rows.map(presentRule) };
}

export async function getRule(ctx: ServiceContext, id: string): Promise<RuleView> {
  return presentRule(await requireRule(ctx.db, id));
}

export async function createRule(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateRuleInput,
): Promise<RuleView> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    await checkReferences(trx, input.serviceId, input.actions);
    const scope = await rulesOfScope(trx, input.serviceId);
    if (scope.length >= maxRulesPerScope) {
      throw invalidBody(['serviceId'], `this scope already has ${maxRulesPerScope} rules`);
    }
    const position = Math.min(input.position ?? scope.length, scope.length);
    const row: RuleRow = {
      id: newId(now),
      name: input.name,
      service_id: input.serviceId,
      position,
      enabled: input.enabled ? 1 : 0,
      match: input.match,
      conditions: JSON.stringify(input.conditions satisfies RuleCondition[]),
      actions: JSON.stringify(input.actions),
      continues: input.continue ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('routing_rules').values(row).execute();
    const order = scope.map((r) => r.id);
    order.splice(position, 0, row.id);
    await writePositions(trx, order, now);
    const after = presentRule(row);
    await recordAudit(trx, now, actor, {
      action: 'routing_rule.created',
      resourceType: 'routing_rule',
      resourceId: row.id,
      after,
    });
    return after;
  });
}

export async function updateRule(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateRuleInput,
): Promise<RuleView> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    const current = await requireRule(trx, id);
    const serviceId = input.serviceId === undefined ? current.service_id : input.serviceId;
    const actions = input.actions ?? (JSON.parse(current.actions) as RuleActions);
    await checkReferences(trx, serviceId, actions);
    const moved = serviceId !== current.service_id;
    let position = current.position;
    if (moved) {
      const target = await rulesOfScope(trx, serviceId);
      if (target.length >= maxRulesPerScope) {
        throw invalidBody(['serviceId'], `that scope already has ${maxRulesPerScope} rules`);
      }
      position = target.length;
    }
    const row: RuleRow = {
      ...current,
      ...(input.name !== undefined && { name: input.name }),
      service_id: serviceId,
      position,
      ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
      ...(input.match !== undefined && { match: input.match }),
      ...(input.conditions !== undefined && { conditions: JSON.stringify(input.conditions) }),
      actions: JSON.stringify(actions),
      ...(input.continue !== undefined && { continues: input.continue ? 1 : 0 }),
      updated_at: now,
    };
    await trx.updateTable('routing_rules').set(row).where('id', '=', id).execute();
    if (moved) {
      const left = await rulesOfScope(trx, current.service_id);
      await writePositions(
        trx,
        left.map((r) => r.id),
        now,
      );
    }
    const after = presentRule(row);
    await recordAudit(trx, now, actor, {
      action: 'routing_rule.updated',
      resourceType: 'routing_rule',
      resourceId: id,
      before: presentRule(current),
      after,
    });
    return after;
  });
}

export async function deleteRule(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await changing(ctx, async (trx) => {
    const current = await requireRule(trx, id);
    await trx.deleteFrom('routing_rules').where('id', '=', id).execute();
    const left = await rulesOfScope(trx, current.service_id);
    await writePositions(
      trx,
      left.map((r) => r.id),
      now,
    );
    await recordAudit(trx, now, actor, {
      action: 'routing_rule.deleted',
      resourceType: 'routing_rule',
      resourceId: id,
      before: presentRule(current),
    });
  });
}

/** Puts one scope's rules in the given order; `ids` must name each of them exactly once. */
export async function reorderRules(
  ctx: ServiceContext,
  actor: Actor,
  input: { serviceId: string | null; ids: string[] },
): Promise<{ items: RuleView[] }> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    if (input.serviceId !== null) await requireServices(trx, [input.serviceId], ['serviceId']);
    const scope = await rulesOfScope(trx, input.serviceId);
    const known = new Set(scope.map((r) => r.id));
    const given = new Set(input.ids);
    if (
      given.size !== input.ids.length ||
      given.size !== known.size ||
      input.ids.some((i) => !known.has(i))
    ) {
      throw invalidBody(['ids'], 'must list every rule of this scope exactly once');
    }
    await writePositions(trx, input.ids, now);
    const after = (await rulesOfScope(trx, input.serviceId)).map(presentRule);
    await recordAudit(trx, now, actor, {
      action: 'routing_rule.reordered',
      resourceType: 'routing_rule',
      resourceId: null,
      before: { serviceId: input.serviceId, ids: scope.map((r) => r.id) },
      after: { serviceId: input.serviceId, ids: input.ids },
    });
    return { items: after };
  });
}
