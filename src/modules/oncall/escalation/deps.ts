import type { Db } from '../../../db/database.js';
import { enqueueIncidentWebhooks, notifyUsers, type WebhookEvent } from '../notifications/index.js';
import { onCallUserIds, scheduleExists } from '../schedules/index.js';

/**
 * What escalation uses from the rest of on-call, in one place: the schedules module's
 * onCallUserIds and scheduleExists, the notifications module's notifyUsers and
 * enqueueIncidentWebhooks, and two reads of their tables for views (schedule names; whether a
 * person has any contact method).
 */
export { enqueueIncidentWebhooks, notifyUsers, onCallUserIds, scheduleExists, type WebhookEvent };

/** Schedule names by id (for the timeline and views). */
export async function scheduleNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('schedules')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Of these users, those with at least one contact method. */
export async function reachableUserIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('contact_methods')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.user_id));
}
