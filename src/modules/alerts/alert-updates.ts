import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { PendingEvents } from '../../lib/events.js';
import { newId } from '../../lib/ids.js';
import { followAlertText } from '../incidents/index.js';
import { openReroutedAlert } from './alert-rules.apply.js';
import { alertRulesFor } from './alert-rules.cache.js';
import { capPayload, defaultRawEventRetentionMs } from './alerts.domain.js';
import type { OpsgenieUpdate } from './formats/index.js';
import { insertAlertEvents } from './alert-event-chain.js';
import type { EventResult, IngestTarget } from './pipeline.js';

/**
 * Opsgenie's update message / description, applied to the open alert of the alias (found as close
 * and acknowledge find it: in the integration's service, or where a routing rule moved it). The
 * message becomes the alert's summary; either text also reaches the alert's own incident (see
 * followAlertText). An alias with no open alert changes nothing and is recorded as
 * `unknown_alert`, as close and acknowledge record it: Opsgenie, too, accepts the request (202)
 * and fails it later. The raw event is kept as for every other event, with action `update`.
 */
export async function applyAlertUpdate(
  db: Db,
  now: number,
  pending: PendingEvents,
  target: IngestTarget,
  update: OpsgenieUpdate,
  raw: string,
  retentionMs = defaultRawEventRetentionMs,
): Promise<EventResult> {
  const serviceId = target.integration.service_id;
  const rules = await alertRulesFor(db, now);
  const alert =
    (await db
      .selectFrom('alerts')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('dedup_key', '=', update.dedupKey)
      .where('status', '<>', sql.lit('resolved'))
      .executeTakeFirst()) ?? (await openReroutedAlert(db, rules, target.integration.id, update.dedupKey));
  const result: EventResult = alert
    ? { dedupKey: update.dedupKey, outcome: 'refreshed', alertId: alert.id }
    : { dedupKey: update.dedupKey, outcome: 'unknown_alert', alertId: null };
  if (alert) {
    if (update.field === 'message') {
      await db
        .updateTable('alerts')
        .set({ summary: update.value, updated_at: now })
        .where('id', '=', alert.id)
        .execute();
      pending.add('alert.changed', { alertId: alert.id, serviceId: alert.service_id, status: alert.status });
    }
    if (alert.incident_id) {
      const actor = { userId: null, label: `${target.integration.name} (${target.integration.type})` };
      await followAlertText(
        db,
        now,
        pending,
        alert.incident_id,
        alert.id,
        { field: update.field === 'message' ? 'title' : 'description', value: update.value },
        actor,
      );
    }
  }
  await insertAlertEvents(db, [
    {
      id: newId(now),
      received_at: now,
      integration_id: target.integration.id,
      service_id: serviceId,
      format: target.integration.type,
      action: 'update',
      dedup_key: update.dedupKey,
      alert_id: result.alertId,
      outcome: result.outcome,
      payload: capPayload(raw),
      expires_at: now + retentionMs,
      prev_id: null,
    },
  ]);
  return result;
}
