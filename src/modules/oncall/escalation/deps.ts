import type { Db } from '../../../db/database.js';

/**
 * What escalation uses from the rest of on-call (schedules, notifications), in one place.
 * TEMPORARY stand-ins until schedules/index.ts and notifications/index.ts land.
 */
export function onCallUserIds(_db: Db, _scheduleId: string, _at: number): Promise<string[]> {
  return Promise.resolve([]);
}

export function scheduleExists(_db: Db, _id: string): Promise<boolean> {
  return Promise.resolve(false);
}

/** Schedule names by id (for the timeline and views). */
export function scheduleNames(_db: Db, _ids: readonly string[]): Promise<Map<string, string>> {
  return Promise.resolve(new Map());
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
