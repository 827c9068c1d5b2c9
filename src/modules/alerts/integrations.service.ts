import { AppError, notFound } from '../../http/errors.js';
import type { Db } from '../../db/database.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/index.js';
import { findService } from '../services/index.js';
import { invalidateTargets } from './ingest-targets.js';
import { newIntegrationKey } from './integrations.domain.js';
import { presentIntegration, type IntegrationView } from './integrations.presenter.js';
import { findIntegration, integrationsOf } from './integrations.repository.js';
import {
  integrationConfigs,
  type CreateIntegrationInput,
  type UpdateIntegrationInput,
} from './integrations.schema.js';
import type { IntegrationType } from './integrations.table.js';

/** Validates a config for its type; a secret sent as "(set)" (as read back) keeps the stored one. */
function validConfig(
  type: IntegrationType,
  config: Record<string, unknown>,
  stored: Record<string, unknown> = {},
): Record<string, unknown> {
  const merged = { ...config };
  for (const [k, v] of Object.entries(merged)) if (/secret/i.test(k) && v === '(set)') merged[k] = stored[k];
  const parsed = integrationConfigs[type].safeParse(merged);
  if (!parsed.success) {
    throw new AppError('validation_failed', `config: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      issues: parsed.error.issues.map((i) => ({
        in: 'body',
        path: ['config', ...i.path.map(String)],
        message: i.message,
      })),
    });
  }
  return parsed.data as Record<string, unknown>;
}

/** What the audit log keeps of an integration: never its key (nor the URL and example that contain it). */
function audited(v: IntegrationView): Omit<IntegrationView, 'key' | 'url' | 'example'> {
  const { key: _key, url: _url, example: _example, ...rest } = v;
  return rest;
}

async function requireService(db: Db, serviceId: string): Promise<void> {
  if (!(await findService(db, serviceId))) throw notFound('Service', serviceId);
}

export async function listIntegrations(ctx: ServiceContext, serviceId: string): Promise<IntegrationView[]> {
  await requireService(ctx.db, serviceId);
  return (await integrationsOf(ctx.db, serviceId)).map((i) => presentIntegration(i, ctx.config.publicUrl));
}

export async function createIntegration(
  ctx: ServiceContext,
  actor: Actor,
  serviceId: string,
  input: CreateIntegrationInput,
  opts: { isSample?: boolean } = {},
): Promise<IntegrationView> {
  const now = ctx.clock.now();
  const config = validConfig(input.type, input.config);
  const view = await ctx.db.transaction().execute(async (trx) => {
    await requireService(trx, serviceId);
    const id = newId(now);
    await trx
      .insertInto('integrations')
      .values({
        id,
        service_id: serviceId,
        type: input.type,
        name: input.name,
        key: newIntegrationKey(),
        config: JSON.stringify(config),
        disabled: 0,
        is_sample: opts.isSample ? 1 : 0,
        last_event_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const view = presentIntegration((await findIntegration(trx, serviceId, id))!, ctx.config.publicUrl);
    await recordAudit(trx, now, actor, {
      action: 'integration.created',
      resourceType: 'integration',
      resourceId: id,
      after: audited(view),
    });
    return view;
  });
  invalidateTargets(ctx.db);
  return view;
}

export async function updateIntegration(
  ctx: ServiceContext,
  actor: Actor,
  serviceId: string,
  id: string,
  input: UpdateIntegrationInput,
): Promise<IntegrationView> {
  const now = ctx.clock.now();
  const view = await ctx.db.transaction().execute(async (trx) => {
    const before = await findIntegration(trx, serviceId, id);
    if (!before) throw notFound('Integration', id);
    const config =
      input.config === undefined
        ? undefined
        : validConfig(before.type, input.config, JSON.parse(before.config) as Record<string, unknown>);
    await trx
      .updateTable('integrations')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(config !== undefined && { config: JSON.stringify(config) }),
        ...(input.disabled !== undefined && { disabled: input.disabled ? 1 : 0 }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    const after = presentIntegration((await findIntegration(trx, serviceId, id))!, ctx.config.publicUrl);
    await recordAudit(trx, now, actor, {
      action: 'integration.updated',
      resourceType: 'integration',
      resourceId: id,
      before: audited(presentIntegration(before, ctx.config.publicUrl)),
      after: audited(after),
    });
    return after;
  });
  invalidateTargets(ctx.db);
  return view;
}

/** A new key: senders using the old URL or routing key stop being accepted at once. */
export async function rotateIntegrationKey(
  ctx: ServiceContext,
  actor: Actor,
  serviceId: string,
  id: string,
): Promise<IntegrationView> {
  const now = ctx.clock.now();
  const view = await ctx.db.transaction().execute(async (trx) => {
    const before = await findIntegration(trx, serviceId, id);
    if (!before) throw notFound('Integration', id);
    await trx
      .updateTable('integrations')
      .set({ key: newIntegrationKey(), updated_at: now })
      .where('id', '=', id)
      .execute();
    const after = presentIntegration((await findIntegration(trx, serviceId, id))!, ctx.config.publicUrl);
    await recordAudit(trx, now, actor, {
      action: 'integration.key_rotated',
      resourceType: 'integration',
      resourceId: id,
    });
    return after;
  });
  invalidateTargets(ctx.db);
  return view;
}

export async function deleteIntegration(
  ctx: ServiceContext,
  actor: Actor,
  serviceId: string,
  id: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findIntegration(trx, serviceId, id);
    if (!before) throw notFound('Integration', id);
    await trx.deleteFrom('integrations').where('id', '=', id).execute();
    await recordAudit(trx, now, actor, {
      action: 'integration.deleted',
      resourceType: 'integration',
      resourceId: id,
      before: audited(presentIntegration(before, ctx.config.publicUrl)),
    });
  });
  invalidateTargets(ctx.db);
}
