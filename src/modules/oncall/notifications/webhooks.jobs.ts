import { z } from 'zod';
import type { Config } from '../../../config/config.js';
import { defineJob, enqueue, type JobContext, type JobDefinition } from '../../../jobs/index.js';
import type { DeliveryResult } from '../channels/channel.js';
import { insertAttempt } from './deliveries.repository.js';
import { channelContext, type SendDeps } from './notifications.context.js';
import { nextRetryDelay } from './retry.domain.js';
import { openSealed, secretBoxFor, undecryptable } from './secret-key.js';
import {
  findSubscription,
  findWebhookDelivery,
  settleWebhookDelivery,
  type WebhookDeliveryRow,
} from './webhooks.repository.js';
import { renderBody, sendSubscriptionWebhook } from './webhooks.send.js';

/**
 * `oncall.webhook`: one attempt of one outgoing-webhook delivery, retried like notifications
 * (its own job per attempt, the `subscription` schedule in retry.domain.ts). The body was fixed
 * when the delivery was planned, so every attempt sends the same bytes; a disabled subscription
 * skips what is still pending; a deleted one took its deliveries with it.
 */
const payload = z.object({ deliveryId: z.string().min(1) });
type Payload = z.output<typeof payload>;

function webhookJobWith(handler: (p: Payload, ctx: JobContext) => Promise<void>): JobDefinition<Payload> {
  return defineJob({ name: 'oncall.webhook', payload, maxAttempts: 10, timeoutMs: 120_000, handler });
}

export const webhookSpec = webhookJobWith(() => Promise.reject(new Error('enqueue-only definition')));

async function run(p: Payload, ctx: JobContext, deps: SendDeps, config: Config): Promise<void> {
  const d = await findWebhookDelivery(ctx.db, p.deliveryId);
  if (d?.status !== 'pending') return;
  const sub = await findSubscription(ctx.db, d.subscription_id);
  if (!sub) return;
  if (sub.enabled !== 1) {
    await settleWebhookDelivery(ctx.db, d.id, d.attempts, {
      status: 'skipped',
      attempts: d.attempts,
      now: ctx.clock.now(),
      error: 'the subscription is disabled',
      statusCode: null,
    });
    return;
  }
  const box = await secretBoxFor(ctx.db, config);
  const secret = openSealed(box, sub.secret_sealed);
  const result =
    secret === null
      ? { ...undecryptable }
      : await sendSubscriptionWebhook(channelContext(deps, ctx.clock), {
          url: sub.url,
          secret,
          deliveryId: d.id,
          event: d.event,
          body: renderBody(d, config.publicUrl),
        });
  await recordWebhookAttempt(ctx, d, result);
}

/** Records an attempt; schedules the next one when retryable and attempts remain. */
export async function recordWebhookAttempt(
  ctx: Pick<JobContext, 'db' | 'clock'>,
  d: WebhookDeliveryRow,
  result: DeliveryResult,
  retry = true,
): Promise<void> {
  const now = ctx.clock.now();
  const attempt = d.attempts + 1;
  const retryIn =
    !retry || result.ok || !result.retryable
      ? null
      : nextRetryDelay('subscription', attempt, result.retryAfterMs);
  await ctx.db.transaction().execute(async (trx) => {
    const settled = await settleWebhookDelivery(trx, d.id, d.attempts, {
      status: result.ok ? 'sent' : retryIn === null ? 'failed' : 'pending',
      attempts: attempt,
      now,
      error: result.ok ? null : (result.error ?? 'failed'),
      statusCode: result.status ?? null,
    });
    if (!settled) return;
    await insertAttempt(trx, now, d.id, attempt, result);
    if (retryIn !== null) {
      await enqueue(
        trx,
        ctx.clock,
        webhookSpec,
        { deliveryId: d.id },
        {
          runAt: now + retryIn,
          idempotencyKey: `webhook-retry:${d.id}:${attempt}`,
        },
      );
    }
  });
}

export function webhookJob(deps: SendDeps, config: Config): JobDefinition<Payload> {
  return webhookJobWith((p, ctx) => run(p, ctx, deps, config));
}
