import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.js';
import { newId } from '../../../lib/ids.js';
import type { DeliveryResult } from '../channels/channel.js';
import type { DeliveryAttemptsTable, NotificationStatus, NotificationsTable } from './notifications.table.js';

export type NotificationRow = Selectable<NotificationsTable>;
export type AttemptRow = Selectable<DeliveryAttemptsTable>;

/** Kept this long after a delivery finished, with its attempts (purge.jobs.ts). */
export const deliveryRetentionMs = 90 * 86_400_000;
const maxErrorLength = 1000;

export async function insertNotification(db: Db, row: NotificationRow): Promise<void> {
  await db.insertInto('notifications').values(row).execute();
}

export function findNotification(db: Db, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One attempt of a notification or webhook delivery, as the log shows it. */
export async function insertAttempt(
  db: Db,
  now: number,
  deliveryId: string,
  attempt: number,
  r: DeliveryResult,
): Promise<void> {
  await db
    .insertInto('delivery_attempts')
    .values({
      id: newId(now),
      delivery_id: deliveryId,
      attempt,
      ok: r.ok ? 1 : 0,
      status_code: r.status ?? null,
      latency_ms: Math.max(0, Math.round(r.latencyMs)),
      error: r.error?.slice(0, maxErrorLength) ?? null,
      at: now,
    })
    .execute();
}

/**
 * Records an attempt's outcome on the notification, only if it is still pending at `attempts`
 * (a duplicate run of the same attempt changes nothing). False when another run got there first.
 */
export async function settleNotification(
  db: Db,
  id: string,
  expectAttempts: number,
  next: { status: NotificationStatus; attempts: number; now: number; result?: DeliveryResult },
): Promise<boolean> {
  const final = next.status !== 'pending';
  const r = await db
    .updateTable('notifications')
    .set({
      status: next.status,
      attempts: next.attempts,
      updated_at: next.now,
      ...(final && { finished_at: next.now }),
      ...(next.result && {
        last_error: next.result.ok ? null : (next.result.error?.slice(0, maxErrorLength) ?? null),
        last_status_code: next.result.status ?? null,
      }),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', expectAttempts)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export function attemptsOf(db: Db, deliveryIds: readonly string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
}

/** The admin log, newest first, keyset-paged on (created_at, id). */
export function listNotificationRows(
  db: Db,
  f: {
    status?: NotificationStatus | undefined;
    incident?: string | undefined;
    user?: string | undefined;
    channel?: string | undefined;
    /** Epoch ms: created at or after. */
    since?: number | undefined;
    /** Epoch ms: created before. */
    until?: number | undefined;
  },
  limit: number,
  after: [number, string] | null,
): Promise<(NotificationRow & { user_name: string | null })[]> {
  let q = db
    .selectFrom('notifications')
    .leftJoin('users', 'users.id', 'notifications.user_id')
    .selectAll('notifications')
    .select('users.name as user_name');
  if (f.status) q = q.where('notifications.status', '=', f.status);
  if (f.incident) q = q.where('notifications.incident_id', '=', f.incident);
  if (f.user) q = q.where('notifications.user_id', '=', f.user);
  if (f.channel) q = q.where('notifications.channel_type', '=', f.channel);
  if (f.since !== undefined) q = q.where('notifications.created_at', '>=', f.since);
  if (f.until !== undefined) q = q.where('notifications.created_at', '<', f.until);
  if (after) {
    const [at, id] = after;
    q = q.where((eb) =>
      eb.or([
        eb('notifications.created_at', '<', at),
        eb.and([eb('notifications.created_at', '=', at), eb('notifications.id', '<', id)]),
      ]),
    );
  }
  return q
    .orderBy('notifications.created_at', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Deletes deliveries that finished before `before`, and their attempts. Returns rows removed. */
export async function purgeDeliveries(db: Db, before: number, batch = 5000): Promise<number> {
  let removed = 0;
  for (const table of ['notifications', 'webhook_deliveries'] as const) {
    for (;;) {
      const ids = (
        await db
          .selectFrom(table)
          .select('id')
          // Also anything never finished that old (a send-test cut short by a crash).
          .where((eb) =>
            eb.or([
              eb('finished_at', '<', before),
              eb.and([eb('finished_at', 'is', null), eb('created_at', '<', before)]),
            ]),
          )
          .limit(batch)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) break;
      await db.deleteFrom('delivery_attempts').where('delivery_id', 'in', ids).execute();
      await db.deleteFrom(table).where('id', 'in', ids).execute();
      removed += ids.length;
      if (ids.length < batch) break;
    }
  }
  // Attempts whose delivery was deleted with its incident or subscription (cascade).
  await db.deleteFrom('delivery_attempts').where('at', '<', before).execute();
  return removed;
}
