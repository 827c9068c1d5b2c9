import type { Db } from '../../../db/database.js';
import { AppError, notFound } from '../../../http/errors.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { newId, randomToken } from '../../../lib/ids.js';
import { decodeCursor, toPage, type Page } from '../../../lib/pagination.js';
import { iso, isoOrNull } from '../../../lib/time.js';
import { attemptsOf } from './deliveries.repository.js';
import { recordAudit } from '../../audit/index.js';
import { invalidatePagingInterest } from '../../incidents/index.js';
import { enqueue } from '../../../jobs/index.js';
import { incidentFacts } from './message.js';
import { channelContext, type NotificationsContext } from './notifications.context.js';
import { blockedUrlReason } from './outbound-guard.js';
import { seedPurge } from './purge.jobs.js';
import { openSealed, secretBoxFor, undecryptable } from './secret-key.js';
import { recordWebhookAttempt, webhookSpec } from './webhooks.jobs.js';
import {
  findSubscription,
  findWebhookDelivery,
  insertWebhookDelivery,
  listSubscriptionRows,
  listWebhookDeliveryRows,
  subscriptionsFor,
  type SubscriptionRow,
} from './webhooks.repository.js';
import type {
  CreateSubscriptionInput,
  SubscriptionView,
  UpdateSubscriptionInput,
  WebhookDeliveryView,
  WebhookEvent,
} from './webhooks.schema.js';
import { renderBody, sendSubscriptionWebhook, snapshotOf } from './webhooks.send.js';

export function presentSubscription(r: SubscriptionRow): SubscriptionView {
  return {
    id: r.id,
    url: r.url,
    serviceId: r.service_id,
    events: JSON.parse(r.events) as WebhookEvent[],
    enabled: r.enabled === 1,
    description: r.description,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', `body.${path}: ${message}`, {
    issues: [{ in: 'body', path: [path], message }],
  });

async function checkInput(
  db: Db,
  input: { url?: string | undefined; serviceId?: string | null | undefined },
): Promise<void> {
  if (input.url !== undefined) {
    if (!/^https?:\/\/[^/?#]/i.test(input.url) || !URL.canParse(input.url))
      throw invalid('url', 'must be an http(s) URL');
    const reason = blockedUrlReason(input.url);
    if (reason) throw invalid('url', reason);
  }
  if (input.serviceId) {
    const found = await db
      .selectFrom('services')
      .select('id')
      .where('id', '=', input.serviceId)
      .executeTakeFirst();
    if (!found) throw invalid('serviceId', 'no such service');
  }
}

async function requireSubscription(db: Db, id: string): Promise<SubscriptionRow> {
  const row = await findSubscription(db, id);
  if (!row) throw notFound('Webhook subscription', id);
  return row;
}

export async function listSubscriptions(ctx: ServiceContext): Promise<{ items: SubscriptionView[] }> {
  return { items: (await listSubscriptionRows(ctx.db)).map(presentSubscription) };
}

export async function getSubscription(ctx: ServiceContext, id: string): Promise<SubscriptionView> {
  return presentSubscription(await requireSubscription(ctx.db, id));
}

/** Creates a subscription with a new signing secret, answered this once and stored sealed. */
export async function createSubscription(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateSubscriptionInput,
): Promise<SubscriptionView & { secret: string }> {
  await checkInput(ctx.db, input);
  const box = await secretBoxFor(ctx.db, ctx.config);
  const now = ctx.clock.now();
  const secret = `whsec_${randomToken(24)}`;
  const row: SubscriptionRow = {
    id: newId(now),
    url: input.url,
    service_id: input.serviceId,
    events: JSON.stringify([...new Set(input.events)]),
    secret_sealed: box.seal(secret),
    enabled: input.enabled ? 1 : 0,
    description: input.description,
    created_at: now,
    updated_at: now,
  };
  const view = presentSubscription(row);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_subscriptions').values(row).execute();
    await recordAudit(trx, now, actor, {
      action: 'webhook_subscription.created',
      resourceType: 'webhook_subscription',
      resourceId: row.id,
      after: view,
    });
  });
  invalidatePagingInterest(ctx.db);
  return { ...view, secret };
}

export async function updateSubscription(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateSubscriptionInput,
): Promise<SubscriptionView> {
  await checkInput(ctx.db, input);
  const now = ctx.clock.now();
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const row = await requireSubscription(trx, id);
    const next: SubscriptionRow = {
      ...row,
      ...(input.url !== undefined && { url: input.url }),
      ...(input.serviceId !== undefined && { service_id: input.serviceId }),
      ...(input.events !== undefined && { events: JSON.stringify([...new Set(input.events)]) }),
      ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
      ...(input.description !== undefined && { description: input.description }),
      updated_at: now,
    };
    await trx.updateTable('webhook_subscriptions').set(next).where('id', '=', id).execute();
    const after = presentSubscription(next);
    await recordAudit(trx, now, actor, {
      action: 'webhook_subscription.updated',
      resourceType: 'webhook_subscription',
      resourceId: id,
      before: presentSubscription(row),
      after,
    });
    return after;
  });
  // An enabled subscription makes new incidents worth an escalation step (hasPagingInterest).
  invalidatePagingInterest(ctx.db);
  return updated;
}

export async function deleteSubscription(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await requireSubscription(trx, id);
    await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
    await recordAudit(trx, now, actor, {
      action: 'webhook_subscription.deleted',
      resourceType: 'webhook_subscription',
      resourceId: id,
      before: presentSubscription(row),
    });
  });
}

/**
 * Inside the transaction of an incident change: enqueue one webhook delivery job per matching
 * subscription (enabled; global or the incident's service; subscribed to the event). Keyed by
 * subscription, incident, event and time, so a repeat plans nothing new.
 */
export async function enqueueIncidentWebhooks(
  db: Db,
  now: number,
  e: { incidentId: string; event: WebhookEvent; serviceId: string | null; at: number },
): Promise<void> {
  const subs = (await subscriptionsFor(db, e.serviceId)).filter((s) =>
    (JSON.parse(s.events) as string[]).includes(e.event),
  );
  if (subs.length === 0) return;
  const incident = await incidentFacts(db, e.incidentId);
  if (!incident) return;
  const clock = { now: () => now };
  for (const sub of subs) {
    const id = newId(now);
    const job = await enqueue(
      db,
      clock,
      webhookSpec,
      { deliveryId: id },
      {
        idempotencyKey: `webhook:${sub.id}:${e.incidentId}:${e.event}:${e.at}`,
      },
    );
    if (!job.created) continue;
    await insertWebhookDelivery(db, {
      id,
      subscription_id: sub.id,
      incident_id: e.incidentId,
      event: e.event,
      body: snapshotOf(e.at, incident),
      status: 'pending',
      attempts: 0,
      last_error: null,
      last_status_code: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    });
  }
  await seedPurge(db, now);
}

/** Sends a `ping` event now (no retries), records it in the delivery log and answers the outcome. */
export async function testSubscription(
  ctx: NotificationsContext,
  id: string,
): Promise<{
  delivery: { ok: boolean; status: number | null; latencyMs: number; error?: string };
  deliveryId: string;
}> {
  const sub = await requireSubscription(ctx.db, id);
  const box = await secretBoxFor(ctx.db, ctx.config);
  const now = ctx.clock.now();
  const deliveryId = newId(now);
  const snapshot = snapshotOf(now, null);
  await insertWebhookDelivery(ctx.db, {
    id: deliveryId,
    subscription_id: sub.id,
    incident_id: null,
    event: 'ping',
    body: snapshot,
    status: 'pending',
    attempts: 0,
    last_error: null,
    last_status_code: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
  const secret = openSealed(box, sub.secret_sealed);
  const result =
    secret === null
      ? { ...undecryptable }
      : await sendSubscriptionWebhook(channelContext(ctx.send, ctx.clock), {
          url: sub.url,
          secret,
          deliveryId,
          event: 'ping',
          body: renderBody({ id: deliveryId, event: 'ping', body: snapshot }, ctx.config.publicUrl),
        });
  const row = await findWebhookDelivery(ctx.db, deliveryId);
  if (row) await recordWebhookAttempt(ctx, row, result, false);
  return {
    deliveryId,
    delivery: {
      ok: result.ok,
      status: result.status ?? null,
      latencyMs: result.latencyMs,
      ...(result.error !== undefined && { error: result.error }),
    },
  };
}

/** A subscription's delivery log: newest first, each with its attempts. */
export async function listWebhookDeliveries(
  ctx: ServiceContext,
  id: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<Page<WebhookDeliveryView>> {
  await requireSubscription(ctx.db, id);
  const after = q.cursor ? (decodeCursor(q.cursor, ['number', 'string']) as [number, string]) : null;
  const rows = await listWebhookDeliveryRows(ctx.db, id, q.limit, after);
  const page = toPage(
    rows,
    q.limit,
    (r) => r,
    (r) => [r.created_at, r.id],
  );
  const attempts = await attemptsOf(
    ctx.db,
    page.items.map((r) => r.id),
  );
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      event: r.event,
      incidentId: r.incident_id,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      lastStatusCode: r.last_status_code,
      createdAt: iso(r.created_at),
      finishedAt: isoOrNull(r.finished_at),
      attemptLog: attempts
        .filter((a) => a.delivery_id === r.id)
        .map((a) => ({
          attempt: a.attempt,
          ok: a.ok === 1,
          statusCode: a.status_code,
          latencyMs: a.latency_ms,
          error: a.error,
          at: iso(a.at),
        })),
    })),
  };
}
