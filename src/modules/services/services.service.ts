import { isForeignKeyViolation, isUniqueViolation } from '../../db/dialect.js';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { toPage, type Page } from '../../lib/pagination.js';
import { scheduleQuietResolveForService } from '../alerts/quiet-resolve.schedule.js';
import { recordAudit } from '../audit/index.js';
import { dependencyCycle } from './services.domain.js';
import { presentService, type ServiceView } from './services.presenter.js';
import {
  dependenciesOf,
  dependencyGraph,
  findService,
  listServiceRows,
  replaceDependencies,
} from './services.repository.js';
import type { CreateServiceInput, UpdateServiceInput } from './services.schema.js';

const nameTaken = (name: string) =>
  new AppError('already_exists', `A service named ${name} already exists.`, {
    issues: [{ path: ['name'], message: 'is already used by another service' }],
  });

async function view(db: Db, id: string): Promise<ServiceView> {
  const row = await findService(db, id);
  if (!row) throw notFound('Service', id);
  return presentService(row, (await dependenciesOf(db, [id])).get(id) ?? []);
}

/** Checks that the team, escalation policy and dependencies exist and that the dependencies form no cycle. */
async function checkReferences(
  db: Db,
  serviceId: string,
  input: { ownerTeamId?: string | null; dependsOn?: string[]; escalationPolicyId?: string | null },
): Promise<void> {
  if (input.escalationPolicyId) {
    const policy = await db
      .selectFrom('escalation_policies')
      .select('id')
      .where('id', '=', input.escalationPolicyId)
      .executeTakeFirst();
    if (!policy)
      throw new AppError('validation_failed', 'The escalation policy does not exist.', {
        issues: [{ path: ['escalationPolicyId'], message: 'no such escalation policy' }],
      });
  }
  if (input.ownerTeamId) {
    const team = await db
      .selectFrom('teams')
      .select('id')
      .where('id', '=', input.ownerTeamId)
      .executeTakeFirst();
    if (!team)
      throw new AppError('validation_failed', 'The owner team does not exist.', {
        issues: [{ path: ['ownerTeamId'], message: 'no such team' }],
      });
  }
  if (input.dependsOn?.length) {
    const ids = [...new Set(input.dependsOn)];
    if (ids.includes(serviceId)) {
      throw new AppError('validation_failed', 'A service cannot depend on itself.', {
        issues: [{ path: ['dependsOn'], message: 'cannot include the service itself' }],
      });
    }
    const found = await db.selectFrom('services').select('id').where('id', 'in', ids).execute();
    const missing = ids.filter((i) => !found.some((f) => f.id === i));
    if (missing.length) {
      throw new AppError('validation_failed', 'Some dependencies do not exist.', {
        issues: [{ path: ['dependsOn'], message: `no such service: ${missing.join(', ')}` }],
      });
    }
    const cycle = dependencyCycle(serviceId, ids, await dependencyGraph(db));
    if (cycle) {
      throw new AppError('validation_failed', 'These dependencies would form a cycle.', {
        issues: [{ path: ['dependsOn'], message: `cycle: ${cycle.join(' → ')}` }],
      });
    }
  }
}

export async function listServices(
  ctx: ServiceContext,
  f: { q?: string | undefined; team?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<ServiceView> & { total: number }> {
  const { rows, total } = await listServiceRows(ctx.db, ctx.kind, f);
  const deps = await dependenciesOf(
    ctx.db,
    rows.slice(0, f.limit).map((r) => r.id),
  );
  return {
    ...toPage(
      rows,
      f.limit,
      (r) => presentService(r, deps.get(r.id) ?? []),
      (r) => [r.name, r.id],
    ),
    total,
  };
}

export function getService(ctx: ServiceContext, id: string): Promise<ServiceView> {
  return view(ctx.db, id);
}

export async function createService(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateServiceInput,
  opts: { isSample?: boolean } = {},
): Promise<ServiceView> {
  const now = ctx.clock.now();
  const id = newId(now);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      await checkReferences(trx, id, input);
      await trx
        .insertInto('services')
        .values({
          id,
          name: input.name,
          description: input.description,
          owner_team_id: input.ownerTeamId,
          tier: input.tier,
          escalation_policy_id: input.escalationPolicyId,
          runbook_links: JSON.stringify(input.runbookLinks),
          settings: JSON.stringify(input.settings),
          is_sample: opts.isSample ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await replaceDependencies(trx, id, input.dependsOn);
      const after = await view(trx, id);
      await recordAudit(trx, now, actor, {
        action: 'service.created',
        resourceType: 'service',
        resourceId: id,
        after,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

export async function updateService(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateServiceInput,
): Promise<ServiceView> {
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const before = await view(trx, id);
      await checkReferences(trx, id, input);
      await trx
        .updateTable('services')
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.ownerTeamId !== undefined && { owner_team_id: input.ownerTeamId }),
          ...(input.tier !== undefined && { tier: input.tier }),
          ...(input.escalationPolicyId !== undefined && { escalation_policy_id: input.escalationPolicyId }),
          ...(input.runbookLinks !== undefined && { runbook_links: JSON.stringify(input.runbookLinks) }),
          ...(input.settings !== undefined && { settings: JSON.stringify(input.settings) }),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      if (input.dependsOn !== undefined) await replaceDependencies(trx, id, input.dependsOn);
      const after = await view(trx, id);
      // Incidents opened while the quiet period was off (or different) get their check now.
      const minutes = after.settings.quietResolveMinutes;
      if (minutes && minutes !== before.settings.quietResolveMinutes) {
        await scheduleQuietResolveForService(trx, now, id, minutes);
      }
      await recordAudit(trx, now, actor, {
        action: 'service.updated',
        resourceType: 'service',
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

export async function deleteService(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const before = await view(trx, id);
      await trx.deleteFrom('services').where('id', '=', id).execute();
      await recordAudit(trx, now, actor, {
        action: 'service.deleted',
        resourceType: 'service',
        resourceId: id,
        before,
      });
    });
  } catch (err) {
    if (isForeignKeyViolation(err))
      throw new AppError('conflict', 'Other records still refer to this service.');
    throw err;
  }
}
