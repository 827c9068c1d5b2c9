import type { Db } from '../../db/database.js';
import { kindOfDb, lockForTransaction } from '../../db/dialect.js';
import type { PendingEvents } from '../../lib/events.js';
import { newId } from '../../lib/ids.js';
import {
  acknowledgeIncident,
  addTimeline,
  resolveIncident,
  scheduleAckTimeout,
  touchIncident,
} from '../incidents/index.js';
import type { ServiceSettings } from '../services/index.js';
import { openReroutedAlert, routeTrigger, verdictColumns } from './alert-rules.apply.js';
import { alertRulesFor } from './alert-rules.cache.js';
import type { AlertRulesSnapshot } from './alert-rules.domain.js';
import { capPayload, defaultRawEventRetentionMs, groupingFor, groupKeyNamesAlert } from './alerts.domain.js';
import type { AlertEventsTable, AlertsTable, EventOutcome } from './alerts.table.js';
import { flappingIncident } from './flapping.js';
import type { NormalizedEvent } from './formats/index.js';
import {
  insertAlert,
  refreshChainedAlert,
  refreshAlert,
  refreshOpenAlert,
  selectOpenAlert,
  selectPagingAlert,
  type RefreshedText,
} from './ingest.repository.js';
import { insertAlertEvents, insertChainedEvents, moveChainHead } from './alert-event-chain.js';
import type { Missed, Prepass } from './batch-refresh.js';
import type { IntegrationRow } from './integrations.repository.js';
import { integrationActor, linkIncident } from './incident-link.js';

export interface IngestTarget {
  integration: Pick<IntegrationRow, 'id' | 'service_id' | 'type' | 'name'>;
  settings: ServiceSettings;
}

export interface EventResult {
  dedupKey: string;
  outcome: EventOutcome;
  alertId: string | null;
}

type AlertRow = AlertsTable;

async function openAlert(db: Db, serviceId: string, dedupKey: string): Promise<AlertRow | undefined> {
  return (await selectOpenAlert(db, { serviceId, dedupKey })).rows[0];
}

/**
 * Applies one request's events inside the caller's transaction: raw events stored, alerts
 * deduplicated by (service, dedup key), incidents opened, joined, acknowledged or resolved.
 * The caller records the integration's last event with touchIntegrations, once per transaction.
 * Idempotent for repeats: a repeated trigger refreshes, a repeated resolve changes nothing.
 */
export async function applyEvents(
  db: Db,
  now: number,
  pending: PendingEvents,
  target: IngestTarget,
  events: readonly NormalizedEvent[],
  raw: string,
  /** How long the raw event is kept (config.rawEventRetentionMs). */
  retentionMs = defaultRawEventRetentionMs,
  /**
   * PostgreSQL: given, the raw events are added here instead of inserted: the caller inserts them,
   * in the same transaction, with the rest of its batch (insertAlertEvents). SQLite chains and
   * inserts each event as it is applied, given or not (alert-event-chain.ts).
   */
  rawEvents?: AlertEventsTable[],
  /** PostgreSQL: what refreshRepeats (batch-refresh.ts) did for this request's events, in order. */
  prepass?: readonly Prepass[],
): Promise<EventResult[]> {
  const results: EventResult[] = [];
  const inline = kindOfDb(db) === 'sqlite';
  const rows: AlertEventsTable[] = (!inline && rawEvents) || [];
  const payload = capPayload(raw);
  // Routing rules, silences and maintenance windows: this process's copy, no query per event.
  const rules = await alertRulesFor(db, now);
  for (const [j, event] of events.entries()) {
    const id = newId(now);
    const chain: Chaining = { eventId: inline ? id : null, prev: undefined };
    const done = prepass?.[j];
    const result =
      done && !('missed' in done)
        ? done
        : await applyOne(db, now, pending, target, event, rules, chain, done);
    let prevId: string | null = null;
    if (inline && result.alertId)
      prevId = chain.prev !== undefined ? chain.prev : await moveChainHead(db, result.alertId, id);
    const row: AlertEventsTable = {
      id,
      received_at: now,
      integration_id: target.integration.id,
      service_id: target.integration.service_id,
      format: target.integration.type,
      action: event.action,
      dedup_key: event.dedupKey,
      alert_id: result.alertId,
      outcome: result.outcome,
      payload,
      expires_at: now + retentionMs,
      prev_id: prevId,
    };
    rows.push(row);
    results.push(result);
  }
  if (inline) await insertChainedEvents(db, rows);
  else if (!rawEvents) await insertAlertEvents(db, rows);
  return results;
}

/** Records when integrations last sent events: once per batch and integration, not per request. */
export async function touchIntegrations(
  db: Db,
  now: number,
  integrationIds: Iterable<string>,
): Promise<void> {
  const ids = [...new Set(integrationIds)];
  if (ids.length === 0) return;
  await db.updateTable('integrations').set({ last_event_at: now }).where('id', 'in', ids).execute();
}

/**
 * SQLite: the raw event being applied (`eventId`); a path that makes it its alert's chain head in
 * the same write as the alert sets `prev` to the event before it (null: the alert's first).
 * Left undefined, applyEvents moves the head itself. PostgreSQL: `eventId` null, nothing chained here.
 */
interface Chaining {
  eventId: string | null;
  prev: string | null | undefined;
}

/**
 * SQLite's repeated trigger: the paging alert of the key, refreshed by id with `eventId` made the
 * head of its chain (`chain.prev` then names the event before); undefined when none pages.
 */
async function refreshChained(
  db: Db,
  key: { serviceId: string; dedupKey: string },
  text: RefreshedText,
  eventId: string,
  chain: Chaining,
): Promise<{ id: string; incident_id: string | null } | undefined> {
  const hit = (await selectPagingAlert(db, key)).rows[0];
  if (!hit) return undefined;
  await refreshChainedAlert(db, { ...text, id: hit.id, eventId });
  chain.prev = hit.last_event_id;
  return hit;
}

async function applyOne(
  db: Db,
  now: number,
  pending: PendingEvents,
  received: IngestTarget,
  sent: NormalizedEvent,
  rules: AlertRulesSnapshot,
  chain: Chaining,
  /** The batch pass found no alert that pages for this trigger, and read what follows (refreshRepeats). */
  missed?: Missed,
): Promise<EventResult> {
  // A trigger may be routed to another service, changed, or suppressed (recorded, nothing paged).
  const { target, event, verdict } = routeTrigger(rules, received, sent, now);
  const serviceId = target.integration.service_id;
  if (event.action === 'trigger' && !missed) {
    // Most triggers repeat an alert that pages: refreshed at once (SQLite by id, its chain head
    // moved in the same write; PostgreSQL found and refreshed in one statement).
    const text = {
      summary: event.summary,
      details: JSON.stringify(event.details),
      labels: JSON.stringify(event.labels),
      links: JSON.stringify(event.links),
      now,
    };
    const key = { serviceId, dedupKey: event.dedupKey };
    const hit = chain.eventId
      ? await refreshChained(db, key, text, chain.eventId, chain)
      : (await refreshOpenAlert(db, { ...key, ...text })).rows[0];
    if (hit) {
      if (hit.incident_id) await touchIncident(db, now, hit.incident_id);
      return { dedupKey: event.dedupKey, outcome: 'refreshed', alertId: hit.id };
    }
  }
  const existing =
    (missed ? (missed.open ?? undefined) : await openAlert(db, serviceId, event.dedupKey)) ??
    (verdict ? undefined : await openReroutedAlert(db, rules, target.integration.id, event.dedupKey));
  const actor = integrationActor(target.integration);

  if (event.action === 'acknowledge' || event.action === 'resolve') {
    if (!existing) return { dedupKey: event.dedupKey, outcome: 'unknown_alert', alertId: null };
    if (event.action === 'acknowledge') {
      if (existing.status === 'acknowledged')
        return { dedupKey: event.dedupKey, outcome: 'already', alertId: existing.id };
      await db
        .updateTable('alerts')
        .set({ status: 'acknowledged', acknowledged_at: now, last_event_at: now, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
      if (existing.incident_id) {
        const incident = await acknowledgeIncident(db, now, pending, existing.incident_id, actor);
        await scheduleAckTimeout(db, now, incident, target.settings);
      }
      pending.add('alert.changed', { alertId: existing.id, serviceId, status: 'acknowledged' });
      return { dedupKey: event.dedupKey, outcome: 'acknowledged', alertId: existing.id };
    }
    await db
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: now, last_event_at: now, updated_at: now })
      .where('id', '=', existing.id)
      .execute();
    pending.add('alert.changed', { alertId: existing.id, serviceId, status: 'resolved' });
    if (existing.incident_id) {
      await addTimeline(db, now, existing.incident_id, 'alert_resolved', actor, {
        alertId: existing.id,
        dedupKey: existing.dedup_key,
      });
      // Several nodes (PostgreSQL): the alerts' last two resolved at once on two nodes each saw
      // the other still open; one at a time, the second sees the first's resolution.
      await lockForTransaction(db, `incident:${existing.incident_id}`);
      const stillOpen = await db
        .selectFrom('alerts')
        .select('id')
        .where('incident_id', '=', existing.incident_id)
        .where('status', '<>', 'resolved')
        .executeTakeFirst();
      if (!stillOpen && target.settings.autoResolve) {
        await resolveIncident(db, now, pending, existing.incident_id, actor, 'all alerts resolved');
      }
    }
    return { dedupKey: event.dedupKey, outcome: 'resolved', alertId: existing.id };
  }

  if (existing && existing.suppressed !== 1) {
    await refreshAlert(db, {
      id: existing.id,
      summary: event.summary || existing.summary,
      details: JSON.stringify(event.details),
      labels: JSON.stringify(event.labels),
      links: JSON.stringify(event.links),
      now,
    });
    if (existing.incident_id) await touchIncident(db, now, existing.incident_id);
    return { dedupKey: event.dedupKey, outcome: 'refreshed', alertId: existing.id };
  }
  if (existing) {
    await db
      .updateTable('alerts')
      .set((eb) => ({
        summary: event.summary || existing.summary,
        details: JSON.stringify(event.details),
        labels: JSON.stringify(event.labels),
        links: JSON.stringify(event.links),
        event_count: eb('event_count', '+', 1),
        last_event_at: now,
        updated_at: now,
        // A suppressed alert is judged again on every trigger: once nothing suppresses it, it pages.
        ...(existing.suppressed === 1 && verdictColumns(verdict)),
      }))
      .where('id', '=', existing.id)
      .execute();
    if (existing.incident_id) await touchIncident(db, now, existing.incident_id);
    else if (existing.suppressed === 1) {
      if (verdict?.suppression)
        return { dedupKey: event.dedupKey, outcome: 'suppressed', alertId: existing.id };
      const grouping = groupingFor(target.settings, event, existing.id, now);
      await linkIncident(db, now, pending, target, event, existing.id, grouping, null, false);
      pending.add('alert.changed', { alertId: existing.id, serviceId, status: existing.status });
    }
    return { dedupKey: event.dedupKey, outcome: 'refreshed', alertId: existing.id };
  }

  const alertId = newId(now);
  const grouping = groupingFor(target.settings, event, alertId, now);
  // The partial unique index (one unresolved alert per key) decides races between writers.
  const inserted = await insertAlert(db, {
    id: alertId,
    service_id: serviceId,
    integration_id: target.integration.id,
    dedup_key: event.dedupKey,
    status: 'triggered',
    summary: event.summary || event.dedupKey,
    source: event.source,
    severity: event.severity,
    priority: event.priority,
    labels: JSON.stringify(event.labels),
    details: JSON.stringify(event.details),
    links: JSON.stringify(event.links),
    images: JSON.stringify(event.images),
    group_key: grouping.key,
    incident_id: null,
    event_count: 1,
    created_at: now,
    last_event_at: now,
    acknowledged_at: null,
    resolved_at: null,
    updated_at: now,
    ...verdictColumns(verdict),
    flapping: 0,
    // SQLite: the event being applied is the new alert's first (its chain's head).
    last_event_id: chain.eventId,
  });
  // Another writer opened the same key in between (several nodes on PostgreSQL): refresh it instead.
  if (Number(inserted.numAffectedRows ?? 0n) === 0)
    return applyOne(db, now, pending, received, sent, rules, chain);
  if (chain.eventId) chain.prev = null;
  if (verdict?.suppression) {
    pending.add('alert.changed', { alertId, serviceId, status: 'triggered' });
    return { dedupKey: event.dedupKey, outcome: 'suppressed', alertId };
  }
  const flap = await flappingIncident(
    db,
    now,
    pending,
    target.settings.flapping,
    serviceId,
    event.dedupKey,
    actor,
    missed?.recentlyResolved ?? undefined,
  );
  // A key naming the alert just opened (one incident per alert) cannot be any incident's yet.
  const keyIsNew = groupKeyNamesAlert(grouping, alertId);
  await linkIncident(db, now, pending, target, event, alertId, grouping, flap, keyIsNew);
  pending.add('alert.changed', { alertId, serviceId, status: 'triggered' });
  return { dedupKey: event.dedupKey, outcome: 'opened', alertId };
}
