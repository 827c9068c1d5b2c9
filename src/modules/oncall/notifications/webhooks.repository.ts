import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from './notifications.table.js';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

export function listSubscriptionRows(db: Db): Promise<SubscriptionRow[]> {
  return db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute();
}

export function findSubscription(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Enabled subscriptions for a service's incidents: its own and the global ones. */
export function subscriptionsFor(db: Db, serviceId: string | null): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('enabled', '=', 1)
    .where((eb) =>
      serviceId === null
        ? eb('service_id', 'is', null)
        : eb.or([eb('service_id', 'is', null), eb('service_id', '=', serviceId)]),
    )
    .execute();
}

export function findWebhookDelivery(db: Db, id: string): Promise<WebhookDeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertWebhookDelivery(db: Db, row: WebhookDeliveryRow): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

/** As settleNotification: only a pending delivery at `expectAttempts` changes. */
export async function settleWebhookDelivery(
  db: Db,
  id: string,
  expectAttempts: number,
  next: {
    status: WebhookDeliveryRow['status'];
    attempts: number;
    now: number;
    error: string | null;
    statusCode: number | null;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('webhook_deliveries')
    .set({
      status: next.status,
      attempts: next.attempts,
      updated_at: next.now,
      last_error: next.error,
      last_status_code: next.statusCode,
      ...(next.status !== 'pending' && { finished_at: next.now }),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', expectAttempts)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** One subscription's deliveries, newest first, keyset-paged on (created_at, id). */
export function listWebhookDeliveryRows(
  db: Db,
  subscriptionId: string,
  limit: number,
  after: [number, string] | null,
): Promise<WebhookDeliveryRow[]> {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
  if (after) {
    const [at, id] = after;
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}
