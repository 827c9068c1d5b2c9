import type { Config } from '../../../config/config.js';
import { enqueue, type JobContext, type JobDefinition } from '../../../jobs/index.js';
import { addTimeline } from '../../incidents/index.js';
import type { DeliveryResult, MessageKind } from '../channels/channel.js';
import { channelFor } from '../channels/registry.js';
import { findMethod } from './contact-methods.repository.js';
import { deliverJobDefinition, deliverSpec, type DeliverPayload } from './deliver.spec.js';
import {
  findNotification,
  insertAttempt,
  settleNotification,
  type NotificationRow,
} from './deliveries.repository.js';
import { incidentFacts, pageMessage } from './message.js';
import { channelContext, type SendDeps } from './notifications.context.js';
import { nextRetryDelay } from './retry.domain.js';
import { openSealed, secretBoxFor, undecryptable } from './secret-key.js';

const keel = { userId: null, label: 'Keel' } as const;
/** Kinds that only make sense while the incident still waits for someone. */
const pagingKinds = new Set(['trigger', 'escalation']);

/**
 * One attempt of a notification. Re-checks everything at run time: a notification already
 * finished is never sent again (a re-run of its job does nothing); a page for an incident no
 * longer triggered is skipped. The message goes out outside any transaction; its outcome, the
 * attempt row, the next attempt (when retryable) and the timeline entry (when final) commit
 * together, conditioned on the attempt count, so a duplicate run records nothing twice.
 * Delivery is at-least-once: a crash between the send and that commit sends again, with the
 * same idempotency key (the notification id).
 */
async function deliver(p: DeliverPayload, ctx: JobContext, deps: SendDeps, config: Config): Promise<void> {
  const n = await findNotification(ctx.db, p.notificationId);
  if (n?.status !== 'pending' || !n.incident_id) return;
  const now = ctx.clock.now();
  const incident = await incidentFacts(ctx.db, n.incident_id);
  if (!incident) return;
  if (pagingKinds.has(n.kind) && incident.status !== 'triggered') {
    await settleNotification(ctx.db, n.id, n.attempts, { status: 'skipped', attempts: n.attempts, now });
    return;
  }
  const method = n.contact_method_id ? await findMethod(ctx.db, n.contact_method_id) : undefined;
  const channel = method ? channelFor(method.type) : undefined;
  if (!method || !channel) {
    const gone: DeliveryResult = {
      ok: false,
      retryable: false,
      latencyMs: 0,
      error: 'the contact method was deleted',
    };
    await record(ctx, n, gone, now);
    return;
  }
  const box = await secretBoxFor(ctx.db, config);
  const message = pageMessage(
    box,
    config.publicUrl,
    now,
    { id: n.id, kind: n.kind as MessageKind, userId: n.user_id },
    incident,
  );
  const settings = openSealed(box, method.config_sealed);
  const result =
    settings === null
      ? { ...undecryptable }
      : await channel.send(message, JSON.parse(settings), channelContext(deps, ctx.clock));
  await record(ctx, n, result, ctx.clock.now());
}

async function record(
  ctx: JobContext,
  n: NotificationRow,
  result: DeliveryResult,
  now: number,
): Promise<void> {
  const attempt = n.attempts + 1;
  const retryIn =
    result.ok || !result.retryable ? null : nextRetryDelay(n.channel_type, attempt, result.retryAfterMs);
  const status = result.ok ? 'sent' : retryIn === null ? 'failed' : 'pending';
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await settleNotification(trx, n.id, n.attempts, { status, attempts: attempt, now, result })))
      return;
    await insertAttempt(trx, now, n.id, attempt, result);
    if (retryIn !== null) {
      await enqueue(
        trx,
        ctx.clock,
        deliverSpec,
        { notificationId: n.id },
        {
          runAt: now + retryIn,
          idempotencyKey: `deliver-retry:${n.id}:${attempt}`,
        },
      );
      return;
    }
    const user = await trx.selectFrom('users').select('name').where('id', '=', n.user_id).executeTakeFirst();
    await addTimeline(trx, now, n.incident_id!, 'notification', keel, {
      result: result.ok ? 'sent' : 'failed',
      notificationId: n.id,
      userId: n.user_id,
      userName: user?.name ?? null,
      channel: n.channel_type,
      target: n.target,
      attempts: attempt,
      ...(result.status !== undefined && { statusCode: result.status }),
      ...(!result.ok && { error: result.error ?? 'failed' }),
    });
  });
}

/** The delivery job as the worker runs it. */
export function deliverJob(deps: SendDeps, config: Config): JobDefinition<DeliverPayload> {
  return deliverJobDefinition((p, ctx) => deliver(p, ctx, deps, config));
}
