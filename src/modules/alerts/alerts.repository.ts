import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AlertEventsTable } from './alerts.table.js';

/**
 * An alert's latest raw events, newest first: its chain followed from its head (the alert's
 * last_event_id) through each event's prev_id, in one recursive query of `limit` primary-key
 * lookups. The chain ends at the first event already purged: events expire oldest first.
 */
export async function latestAlertEvents(
  db: Db,
  head: string | null,
  limit: number,
): Promise<AlertEventsTable[]> {
  if (head === null) return [];
  const { rows } = await sql<AlertEventsTable & { depth: number }>`
    with recursive chain(id, depth) as (
      select id, 1 from alert_events where id = ${head}
      union all
      select e.prev_id, chain.depth + 1
      from chain join alert_events e on e.id = chain.id
      where e.prev_id is not null and chain.depth < ${limit}
    )
    select alert_events.*, chain.depth from chain join alert_events on alert_events.id = chain.id
    order by chain.depth`.execute(db);
  return rows;
}

/**
 * Retention: raw events past their expiry, in batches the expiry index serves. Events stored
 * under a longer retention than `retentionMs` (KEEL_RAW_EVENT_RETENTION_DAYS was lowered) first
 * have their expiry brought in to received_at + retentionMs: only rows whose expiry lies beyond
 * now + retentionMs can be such, and the expiry index finds them.
 */
export async function purgeAlertEvents(
  db: Db,
  now: number,
  retentionMs: number,
  batchSize = 5000,
): Promise<number> {
  await db
    .updateTable('alert_events')
    .set((eb) => ({ expires_at: eb('received_at', '+', retentionMs) }))
    .where('expires_at', '>', now + retentionMs)
    .execute();
  let removed = 0;
  for (;;) {
    const ids = await db
      .selectFrom('alert_events')
      .select('id')
      .where('expires_at', '<', now)
      .limit(batchSize)
      .execute();
    if (!ids.length) return removed;
    await db
      .deleteFrom('alert_events')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .execute();
    removed += ids.length;
  }
}

/** When an incident is resolved by a person, its open alerts are resolved with it (as in PagerDuty). */
export async function resolveAlertsOfIncident(db: Db, now: number, incidentId: string): Promise<number> {
  const r = await db
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: now, updated_at: now })
    .where('incident_id', '=', incidentId)
    .where('status', '<>', 'resolved')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * When incident `fromId` is merged into `intoId`, its alerts (open and resolved, as PagerDuty
 * does) belong to `intoId` from then on: later events on them touch it, and its auto-resolve
 * counts them. Returns the moved alerts, for the timeline.
 */
export async function moveAlertsToIncident(
  db: Db,
  now: number,
  fromId: string,
  intoId: string,
): Promise<{ alertId: string; dedupKey: string; summary: string; status: string }[]> {
  const rows = await db
    .updateTable('alerts')
    .set({ incident_id: intoId, updated_at: now })
    .where('incident_id', '=', fromId)
    .returning(['id', 'dedup_key', 'summary', 'status', 'created_at'])
    .execute();
  return rows
    .sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1))
    .map((r) => ({ alertId: r.id, dedupKey: r.dedup_key, summary: r.summary, status: r.status }));
}
