import type { Db } from '../../db/database.js';
import type { PendingEvents } from '../../lib/events.js';
import { findIncident, lastTimelineEntry, type IncidentRow } from './incidents.repository.js';
import { changeStatus, touchIncident, type TimelineActor } from './incidents.service.js';

/**
 * The incident a flapping alert joins: its previous alert's incident, when it is still open
 * (touched, as any joined incident is), or when it was resolved automatically (its alerts
 * resolved, or it went quiet; not by a person) at or after `since` — then it is reopened, with a
 * `reopened` timeline entry giving the reason. Undefined when neither holds: a person's
 * resolution stands, and the alert opens a new incident.
 */
export async function incidentForFlappingAlert(
  db: Db,
  now: number,
  events: PendingEvents,
  incidentId: string,
  since: number,
  actor: TimelineActor,
): Promise<IncidentRow | undefined> {
  const incident = await findIncident(db, incidentId);
  if (!incident || incident.merged_into_id) return undefined;
  if (incident.status !== 'resolved') {
    await touchIncident(db, now, incident.id);
    return incident;
  }
  if ((incident.resolved_at ?? 0) < since) return undefined;
  const resolution = await lastTimelineEntry(db, incident.id, 'resolved');
  if (!resolution || resolution.actor_user_id !== null) return undefined;
  const reopened = await changeStatus(db, now, events, incident.id, actor, 'reopen', {
    body: { reason: 'a flapping alert triggered again' },
    onIllegal: 'keep',
    extra: { last_event_at: now },
  });
  return reopened.status === 'resolved' ? undefined : reopened;
}
