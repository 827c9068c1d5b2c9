import type { Db } from '../../../db/database.js';

import { onCallUserIds, scheduleExists } from '../schedules/index.js';

/**
 * What escalation uses from the rest of on-call (schedules, notifications), in one place.
 * Schedules: onCallUserIds and scheduleExists are the schedules module's; schedule names are read
 * from its table (names only, for the timeline and views).
 * TEMPORARY stand-ins below until notifications/index.ts exports them.
 */
export { onCallUserIds, scheduleExists };

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
export function reachableUserIds(_db: Db, ids: readonly string[]): Promise<Set<string>> {
  return Promise.resolve(new Set(ids));
}

export function notifyUsers(
  _db: Db,
  _now: number,
  input: { incidentId: string; userIds: string[]; kind: 'trigger' | 'escalation'; pageKey: string },
): Promise<{ userId: string; planned: number }[]> {
  return Promise.resolve(input.userIds.map((userId) => ({ userId, planned: 0 })));
}

export type WebhookEvent =
  | 'incident.triggered'
  | 'incident.acknowledged'
  | 'incident.resolved'
  | 'incident.escalated'
  | 'incident.reassigned';

export function enqueueIncidentWebhooks(
  _db: Db,
  _now: number,
  _e: { incidentId: string; event: WebhookEvent; serviceId: string | null; at: number },
): Promise<void> {
  return Promise.resolve();
}
