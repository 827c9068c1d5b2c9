import type { z } from 'zod';
import { AppError, notFound } from '../../../http/errors.js';
import type { Actor } from '../../../lib/context.js';
import { newId } from '../../../lib/ids.js';
import { iso } from '../../../lib/time.js';
import { recordAudit } from '../../audit/index.js';
import { findUserById } from '../../users/index.js';
import type { DeliveryResult } from '../channels/channel.js';
import { channelFor } from '../channels/registry.js';
import { insertAttempt, insertNotification, settleNotification } from './deliveries.repository.js';
import {
  deleteMethod,
  findMethod,
  insertMethod,
  methodsOf,
  updateMethod,
  type ContactMethodRow,
} from './contact-methods.repository.js';
import { testMessage } from './message.js';
import { channelContext, ownerOf, type NotificationsContext } from './notifications.context.js';
import type { CreateMethodInput, MethodView, UpdateMethodInput } from './notifications.schema.js';
import { blockedUrlReason } from './outbound-guard.js';
import { mergeConfig, publicConfig } from './public-config.js';
import { openSealed, secretBoxFor, undecryptable } from './secret-key.js';
import type { SecretBox } from '../../../lib/secret-box.js';

/** The method without its settings (what the audit log keeps). */
function summary(r: ContactMethodRow): Omit<MethodView, 'config'> {
  return {
    id: r.id,
    userId: r.user_id,
    type: r.type,
    label: r.label,
    description: r.description,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** The method with the public fields of its settings (never a secret; {} when they cannot be opened). */
export function presentMethod(box: SecretBox, r: ContactMethodRow, config?: unknown): MethodView {
  let settings = config;
  if (settings === undefined) {
    const opened = openSealed(box, r.config_sealed);
    settings = opened === null ? {} : (JSON.parse(opened) as unknown);
  }
  return { ...summary(r), config: publicConfig(r.type, settings) };
}

function invalidConfig(issues: { path: string[]; message: string }[]): AppError {
  const first = issues[0];
  return new AppError(
    'validation_failed',
    `body.config${first && first.path.length ? `.${first.path.join('.')}` : ''}: ${first?.message ?? 'invalid'}`,
    { issues: issues.map((i) => ({ in: 'body', path: ['config', ...i.path], message: i.message })) },
  );
}

/**
 * The channel's own schema decides what a valid config is. Messages name the field and the
 * rule, never the value (zod's messages can quote it, and values are secrets). Every URL in it
 * is checked against the link-local guard.
 */
export function validateConfig(type: string, config: unknown): unknown {
  const channel = channelFor(type);
  if (!channel) throw invalidConfig([{ path: [], message: `unknown channel type ${type}` }]);
  const parsed = (channel.configSchema as z.ZodType).safeParse(config);
  if (!parsed.success) {
    throw invalidConfig(
      parsed.error.issues.map((i) => ({ path: i.path.map(String), message: `invalid (${i.code})` })),
    );
  }
  for (const [key, value] of Object.entries(parsed.data as Record<string, unknown>)) {
    if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) continue;
    const reason = blockedUrlReason(value);
    if (reason) throw invalidConfig([{ path: [key], message: reason }]);
  }
  return parsed.data;
}

async function requireOwnMethod(
  ctx: NotificationsContext,
  userId: string,
  id: string,
): Promise<ContactMethodRow> {
  const row = await findMethod(ctx.db, id);
  if (!row || row.user_id !== userId) throw notFound('Contact method', id);
  return row;
}

async function requireUser(ctx: NotificationsContext, userId: string): Promise<void> {
  if (!(await findUserById(ctx.db, userId))) throw notFound('User', userId);
}

export async function listMethods(
  ctx: NotificationsContext,
  actor: Actor,
  userRef: string,
): Promise<MethodView[]> {
  const userId = ownerOf(actor, userRef);
  await requireUser(ctx, userId);
  const box = await secretBoxFor(ctx.db, ctx.config);
  return (await methodsOf(ctx.db, userId)).map((r) => presentMethod(box, r));
}

export async function createMethod(
  ctx: NotificationsContext,
  actor: Actor,
  userRef: string,
  input: CreateMethodInput,
): Promise<MethodView> {
  const userId = ownerOf(actor, userRef);
  await requireUser(ctx, userId);
  const config = validateConfig(input.type, input.config);
  const box = await secretBoxFor(ctx.db, ctx.config);
  const now = ctx.clock.now();
  const row: ContactMethodRow = {
    id: newId(now),
    user_id: userId,
    type: input.type,
    label: input.label,
    config_sealed: box.seal(JSON.stringify(config)),
    description: channelFor(input.type)!.describe(config),
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertMethod(trx, row);
    await recordAudit(trx, now, actor, {
      action: 'contact_method.created',
      resourceType: 'contact_method',
      resourceId: row.id,
      after: summary(row),
    });
  });
  return presentMethod(box, row, config);
}

export async function changeMethod(
  ctx: NotificationsContext,
  actor: Actor,
  userRef: string,
  id: string,
  input: UpdateMethodInput,
): Promise<MethodView> {
  const userId = ownerOf(actor, userRef);
  const row = await requireOwnMethod(ctx, userId, id);
  const now = ctx.clock.now();
  const box = await secretBoxFor(ctx.db, ctx.config);
  const next: ContactMethodRow = { ...row, updated_at: now };
  if (input.label !== undefined) next.label = input.label;
  let config: unknown;
  if (input.config !== undefined) {
    // A partial config over the stored one: fields left out (the secrets) are kept. Settings
    // that cannot be opened (sealed under another key) must be given whole.
    const opened = openSealed(box, row.config_sealed);
    const stored = opened === null ? {} : (JSON.parse(opened) as Record<string, unknown>);
    config = validateConfig(row.type, mergeConfig(stored, input.config));
    next.config_sealed = box.seal(JSON.stringify(config));
    next.description = channelFor(row.type)!.describe(config);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateMethod(trx, next);
    await recordAudit(trx, now, actor, {
      action: 'contact_method.updated',
      resourceType: 'contact_method',
      resourceId: id,
      before: summary(row),
      after: { ...summary(next), configChanged: input.config !== undefined },
    });
  });
  return presentMethod(box, next, config);
}

export async function removeMethod(
  ctx: NotificationsContext,
  actor: Actor,
  userRef: string,
  id: string,
): Promise<void> {
  const userId = ownerOf(actor, userRef);
  const row = await requireOwnMethod(ctx, userId, id);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await deleteMethod(trx, id);
    await recordAudit(trx, now, actor, {
      action: 'contact_method.deleted',
      resourceType: 'contact_method',
      resourceId: id,
      before: summary(row),
    });
  });
}

/**
 * Sends a test message through the method now, records it in the delivery log (a notification
 * of kind `test` with its one attempt) and answers the result. Not retried: the person is
 * watching and can press the button again.
 */
export async function sendTest(
  ctx: NotificationsContext,
  actor: Actor,
  userRef: string,
  id: string,
): Promise<{
  delivery: { ok: boolean; status: number | null; latencyMs: number; error?: string };
  notificationId: string;
}> {
  const userId = ownerOf(actor, userRef);
  const row = await requireOwnMethod(ctx, userId, id);
  const box = await secretBoxFor(ctx.db, ctx.config);
  const now = ctx.clock.now();
  const notificationId = newId(now);
  await insertNotification(ctx.db, {
    id: notificationId,
    incident_id: null,
    user_id: userId,
    contact_method_id: row.id,
    channel_type: row.type,
    target: row.description,
    kind: 'test',
    urgency: 'low',
    rule_id: 'test',
    page_key: `test:${notificationId}`,
    status: 'pending',
    attempts: 0,
    due_at: now,
    last_error: null,
    last_status_code: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
  const config = openSealed(box, row.config_sealed);
  const result: DeliveryResult =
    config === null
      ? { ...undecryptable }
      : await channelFor(row.type)!.send(
          testMessage(ctx.config.publicUrl, notificationId),
          JSON.parse(config),
          channelContext(ctx.send, ctx.clock),
        );
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await insertAttempt(trx, at, notificationId, 1, result);
    await settleNotification(trx, notificationId, 0, {
      status: result.ok ? 'sent' : 'failed',
      attempts: 1,
      now: at,
      result,
    });
  });
  return {
    notificationId,
    delivery: {
      ok: result.ok,
      status: result.status ?? null,
      latencyMs: result.latencyMs,
      ...(result.error !== undefined && { error: result.error }),
    },
  };
}
