import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/database.js';
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

export type RefreshedText = Pick<AlertsTable, 'summary' | 'details' | 'labels' | 'links'> & { now: number };

/**
 * What a repeated trigger writes on its alert, in each of the statements below: the event's text
 * (its summary unless the event has none) and one more event.
 */
function refreshed(eb: ExpressionBuilder<DB, 'alerts'>, p: RefreshedText) {
  return {
    summary: sql<string>`case when ${p.summary} = '' then summary else ${p.summary} end`,
    details: p.details,
    labels: p.labels,
    links: p.links,
    event_count: eb('event_count', '+', 1),
    last_event_at: p.now,
    updated_at: p.now,
  };
}

/** A repeated trigger: the alert takes the event's text and counts it. */
export const refreshAlert = prepared((db, p: RefreshedText & Pick<AlertsTable, 'id'>) =>
  db
    .updateTable('alerts')
    .set((eb) => refreshed(eb, p))
    .where('id', '=', p.id),
);

/**
 * A repeated trigger of an alert that pages (open, not suppressed), found and refreshed in one
 * statement: the alert takes the event's text (its summary unless the event has none) and counts
 * it. Returns the alert's id and incident when there was one; nothing otherwise (a new key, a
 * suppressed alert: the caller takes the long way). 'resolved' is a literal, for the partial
 * unique index (see selectOpenAlert).
 */
export const refreshOpenAlert = prepared((db, p: RefreshedText & { serviceId: string; dedupKey: string }) =>
  db
    .updateTable('alerts')
    .set((eb) => refreshed(eb, p))
    .where('service_id', '=', p.serviceId)
    .where('dedup_key', '=', p.dedupKey)
    .where('status', '<>', sql.lit('resolved'))
    .where('suppressed', '=', sql.lit(0))
    .returning(['id', 'incident_id']),
);

/**
 * SQLite's repeated trigger, first half: the alert of (service, dedup key) that pages (open, not
 * suppressed), with the head of its chain of raw events. The second half, refreshChainedAlert,
 * updates it by id and moves the head to the new event in the same write; together they cost less
 * than refreshOpenAlert with the head read and moved by statements of their own. (PostgreSQL keeps
 * refreshOpenAlert: it chains a whole batch's events at once, see alert-event-chain.ts.)
 */
export const selectPagingAlert = prepared((db, p: { serviceId: string; dedupKey: string }) =>
  db
    .selectFrom('alerts')
    .select(['id', 'incident_id', 'last_event_id'])
    .where('service_id', '=', p.serviceId)
    .where('dedup_key', '=', p.dedupKey)
    .where('status', '<>', sql.lit('resolved'))
    .where('suppressed', '=', sql.lit(0)),
);

/** SQLite's repeated trigger, second half (see selectPagingAlert): the text, the count, the head. */
export const refreshChainedAlert = prepared(
  (db, p: RefreshedText & Pick<AlertsTable, 'id'> & { eventId: string }) =>
    db
      .updateTable('alerts')
      .set((eb) => ({ ...refreshed(eb, p), last_event_id: p.eventId }))
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
    prev_id: p.prev_id,
  }),
);

/** The head of an alert's chain of raw events (its latest; see migration 0012). */
export const selectLastEventId = prepared((db, p: { alertId: string }) =>
  db.selectFrom('alerts').select('last_event_id').where('id', '=', p.alertId),
);

/** Moves the head of an alert's chain to its newest raw event. */
export const setLastEventId = prepared((db, p: { alertId: string; eventId: string }) =>
  db.updateTable('alerts').set({ last_event_id: p.eventId }).where('id', '=', p.alertId),
);

/**
 * A new alert. The partial unique index (one unresolved alert per key) decides races between
 * writers: a conflicting insert inserts nothing (numAffectedRows 0).
 */
export const insertAlert = prepared((db, p: AlertsTable) =>
  db
    .insertInto('alerts')
    .values({
      id: p.id,
      service_id: p.service_id,
      integration_id: p.integration_id,
      dedup_key: p.dedup_key,
      status: p.status,
      summary: p.summary,
      source: p.source,
      severity: p.severity,
      priority: p.priority,
      labels: p.labels,
      details: p.details,
      links: p.links,
      images: p.images,
      group_key: p.group_key,
      incident_id: p.incident_id,
      event_count: p.event_count,
      created_at: p.created_at,
      last_event_at: p.last_event_at,
      acknowledged_at: p.acknowledged_at,
      resolved_at: p.resolved_at,
      updated_at: p.updated_at,
      suppressed: p.suppressed,
      suppression: p.suppression,
      routed_by: p.routed_by,
      flapping: p.flapping,
      last_event_id: p.last_event_id,
    })
    .onConflict((oc) =>
      oc.columns(['service_id', 'dedup_key']).where(sql.ref('status'), '<>', sql.lit('resolved')).doNothing(),
    ),
);

/** The alert joins its incident (and pages: no longer suppressed). */
export const linkAlert = prepared((db, p: { id: string; incidentId: string }) =>
  db
    .updateTable('alerts')
    .set({ incident_id: p.incidentId, suppressed: 0, suppression: null })
    .where('id', '=', p.id),
);

/** As linkAlert, for a flapping alert (it joins its previous alert's incident). */
export const linkFlappingAlert = prepared((db, p: { id: string; incidentId: string }) =>
  db
    .updateTable('alerts')
    .set({ incident_id: p.incidentId, suppressed: 0, suppression: null, flapping: 1 })
    .where('id', '=', p.id),
);

/**
 * The key's alerts resolved at or after `since`, newest first, at most 1,001 (one more than the
 * largest `maxTransitions` a service may set: enough to tell flapping). 'resolved' is a literal,
 * so SQLite's planner can use the partial index (status = 'resolved'); so is the limit: a bound
 * LIMIT made each run about 6 µs dearer than the whole lookup (9 against 2.5 µs, measured with
 * better-sqlite3 on an empty index), and this runs for every new alert.
 */
export const selectRecentlyResolved = prepared(
  (db, p: { serviceId: string; dedupKey: string; since: number }) =>
    db
      .selectFrom('alerts')
      .select(['resolved_at', 'incident_id'])
      .where('service_id', '=', p.serviceId)
      .where('dedup_key', '=', p.dedupKey)
      .where('status', '=', sql.lit('resolved'))
      .where('resolved_at', '>=', p.since)
      .orderBy('resolved_at', 'desc')
      .limit(sql.lit(1001)),
);
