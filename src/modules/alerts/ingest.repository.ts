import { sql } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { AlertEventsTable, AlertsTable } from './alerts.table.js';

/**
 * The statements every ingested event runs, built and compiled once (see prepared()): Kysely's
 * per-query building and compiling cost more than SQLite takes to run them.
 */

/**
 * The unresolved alert of (service, dedup key). 'resolved' is a literal, not a parameter: only
 * then can SQLite's planner use the partial unique index (status <> 'resolved'); with a parameter
 * it scans every alert of the service.
 */
export const selectOpenAlert = prepared((db, p: { serviceId: string; dedupKey: string }) =>
  db
    .selectFrom('alerts')
    .selectAll()
    .where('service_id', '=', p.serviceId)
    .where('dedup_key', '=', p.dedupKey)
    .where('status', '<>', sql.lit('resolved')),
);

/** A repeated trigger: the alert takes the event's text and counts it. */
export const refreshAlert = prepared(
  (db, p: Pick<AlertsTable, 'id' | 'summary' | 'details' | 'labels' | 'links'> & { now: number }) =>
    db
      .updateTable('alerts')
      .set((eb) => ({
        summary: p.summary,
        details: p.details,
        labels: p.labels,
        links: p.links,
        event_count: eb('event_count', '+', 1),
        last_event_at: p.now,
        updated_at: p.now,
      }))
      .where('id', '=', p.id),
);

/** The raw event, as received (capped), with what it did. */
export const insertAlertEvent = prepared((db, p: AlertEventsTable) =>
  db.insertInto('alert_events').values({
    id: p.id,
    received_at: p.received_at,
    integration_id: p.integration_id,
    service_id: p.service_id,
    format: p.format,
    action: p.action,
    dedup_key: p.dedup_key,
    alert_id: p.alert_id,
    outcome: p.outcome,
    payload: p.payload,
    expires_at: p.expires_at,
  }),
);
