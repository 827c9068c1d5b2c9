import type { Config } from '../../../config/config.js';
import { enqueue, type JobContext, type JobDefinition } from '../../../jobs/index.js';
import { addTimeline } from '../../incidents/index.js';
import type { DeliveryResult, MessageKind } from '../channels/channel.js';
import { channelFor } from '../channels/registry.js';
import type { Db } from '../../../db/database.js';
import type { ContactMethodRow } from './contact-methods.repository.js';
import { deliverJobDefinition, deliverSpec, type DeliverPayload } from './deliver.spec.js';
import { insertAttempt, settleNotification, type NotificationRow } from './deliveries.repository.js';
import { pageMessage, type IncidentFacts } from './message.js';
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
  const facts = await deliveryFacts(ctx.db, p.notificationId);
  if (!facts) return;
  const { n, incident, method, userName } = facts;
  const now = ctx.clock.now();
  if (pagingKinds.has(n.kind) && incident.status !== 'triggered') {
    await settleNotification(ctx.db, n.id, n.attempts, { status: 'skipped', attempts: n.attempts, now });
    return;
  }
  const channel = method ? channelFor(method.type) : undefined;
  if (!method || !channel) {
    const gone: DeliveryResult = {
      ok: false,
      retryable: false,
      latencyMs: 0,
      error: 'the contact method was deleted',
    };
    await record(ctx, n, userName, gone, now);
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
  await record(ctx, n, userName, result, ctx.clock.now());
}

/**
 * What one attempt needs, in one read: the notification (only while it is pending and for an
 * incident), its incident with the service's name, its contact method (undefined when deleted)
 * and the person's name for the timeline.
 */
async function deliveryFacts(
  db: Db,
  notificationId: string,
): Promise<
  | {
      n: NotificationRow;
      incident: IncidentFacts;
      method: Pick<ContactMethodRow, 'type' | 'config_sealed'> | undefined;
      userName: string | null;
    }
  | undefined
> {
  const row = await db
    .selectFrom('notifications as n')
    .innerJoin('incidents as i', 'i.id', 'n.incident_id')
    .leftJoin('services as s', 's.id', 'i.service_id')
    .leftJoin('contact_methods as m', 'm.id', 'n.contact_method_id')
    .leftJoin('users as u', 'u.id', 'n.user_id')
    .selectAll('n')
    .select([
      'i.number as i_number',
      'i.title as i_title',
      'i.description as i_description',
      'i.status as i_status',
      'i.severity as i_severity',
      'i.urgency as i_urgency',
      'i.service_id as i_service_id',
      's.name as s_name',
      'm.id as m_id',
      'm.type as m_type',
      'm.config_sealed as m_config_sealed',
      'u.name as u_name',
    ])
    .where('n.id', '=', notificationId)
    .where('n.status', '=', 'pending')
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    i_number,
    i_title,
    i_description,
    i_status,
    i_severity,
    i_urgency,
    i_service_id,
    s_name,
    m_id,
    m_type,
    m_config_sealed,
    u_name,
    ...n
  } = row;
  return {
    n,
    incident: {
      id: n.incident_id!,
      number: i_number,
      title: i_title,
      description: i_description,
      status: i_status,
      severity: i_severity,
      urgency: i_urgency,
      serviceId: i_service_id,
      serviceName: s_name,
    },
    method:
      m_id !== null && m_type !== null && m_config_sealed !== null
        ? { type: m_type, config_sealed: m_config_sealed }
        : undefined,
    userName: u_name,
  };
}

async function record(
  ctx: JobContext,
  n: NotificationRow,
  userName: string | null,
  result: DeliveryResult,
  now: number,
): Promise<void> {
  const attempt = n.attempts + 1;
  const retryIn =
    result.ok || !result.retryable ? null : nextRetryDelay(n.channel_type, attempt, result.retryAfterMs);
  const status = result.ok ? 'sent' : retryIn === null ? 'failed' : 'pending';
  await ctx.db.transaction().execute(async (trx) => {
    // The job is done in the same commit as the attempt's outcome.
    await ctx.completeIn?.(trx);
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
    await addTimeline(trx, now, n.incident_id!, 'notification', keel, {
      result: result.ok ? 'sent' : 'failed',
      notificationId: n.id,
      userId: n.user_id,
      userName,
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
