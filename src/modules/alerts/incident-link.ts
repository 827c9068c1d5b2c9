import type { Db } from '../../db/database.js';
import { firstTimeInTransaction, kindOfDb, lockForTransaction } from '../../db/dialect.js';
import type { PendingEvents } from '../../lib/events.js';
import {
  addTimeline,
  findOpenIncident,
  lockIncident,
  type IncidentRow,
  openIncident,
  touchIncident,
} from '../incidents/index.js';
import type { Grouping } from './alerts.domain.js';
import type { NormalizedEvent } from './formats/index.js';
import { linkAlert, linkFlappingAlert } from './ingest.repository.js';
import type { IntegrationRow } from './integrations.repository.js';
import type { IngestTarget } from './pipeline.js';
import { scheduleQuietResolve } from './quiet-resolve.jobs.js';

/** Who the timeline names for what an integration's events did: "Prometheus (alertmanager)". */
export const integrationActor = (integration: Pick<IntegrationRow, 'name' | 'type'>) => ({
  userId: null,
  label: `${integration.name} (${integration.type})`,
});

/**
 * Opens or joins the alert's incident (a flapping alert joins its previous alert's incident when
 * that one can take it) and records the link on the incident's timeline.
 */
export async function linkIncident(
  db: Db,
  now: number,
  pending: PendingEvents,
  target: IngestTarget,
  event: NormalizedEvent,
  alertId: string,
  grouping: Grouping,
  flap: { incident: IncidentRow | undefined } | null,
  /** No incident can have the grouping key yet (it names this new alert): no lookup. */
  keyIsNew: boolean,
): Promise<void> {
  const serviceId = target.integration.service_id;
  const actor = integrationActor(target.integration);
  const mapped = target.settings.severityMapping[event.severity];
  // Several nodes (PostgreSQL): one at a time looks for, or opens, a group's incident.
  if (!flap?.incident && !keyIsNew)
    await lockForTransaction(db, `incident-group:${serviceId}:${grouping.key}`);
  let incident =
    flap?.incident ??
    (keyIsNew ? undefined : await findOpenIncident(db, serviceId, grouping.key, grouping.since));
  // Another writer (PostgreSQL: a quiet-resolve job, a person, another node) may have resolved the
  // incident since it was found: locked once per transaction and read again, it is joined only if
  // still open (the job locks it the same way, so it sees this alert or runs after it).
  if (incident && !flap?.incident && kindOfDb(db) === 'postgres') {
    if (firstTimeInTransaction(db, `incident-row:${incident.id}`)) {
      const locked = await lockIncident(db, { id: incident.id });
      if (!locked || locked.status === 'resolved' || locked.merged_into_id) incident = undefined;
    }
  }
  if (!incident) {
    incident = await openIncident(db, now, pending, {
      title: event.summary || event.dedupKey,
      description: event.description ?? undefined,
      serviceId,
      severity: mapped.severity,
      urgency: mapped.urgency,
      priority: event.priority,
      groupKey: grouping.key,
      actor,
    });
    await scheduleQuietResolve(db, now, incident.id, target.settings);
  } else if (!flap?.incident) {
    await touchIncident(db, now, incident.id);
  }
  await (flap ? linkFlappingAlert : linkAlert)(db, { id: alertId, incidentId: incident.id });
  await addTimeline(db, now, incident.id, 'alert_linked', actor, {
    alertId,
    dedupKey: event.dedupKey,
    summary: event.summary,
    ...(flap && { flapping: true }),
  });
}
