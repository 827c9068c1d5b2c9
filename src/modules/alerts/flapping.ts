import type { Db } from '../../db/database.js';
import type { PendingEvents } from '../../lib/events.js';
import { incidentForFlappingAlert, type IncidentRow, type TimelineActor } from '../incidents/index.js';
import { selectRecentlyResolved } from './ingest.repository.js';
import { flappingSince, isFlapping, type FlappingSettings } from './flapping.domain.js';

/**
 * Whether a new alert of (service, dedup key) is flapping and, if so, the incident it joins
 * instead of opening one (its previous alert's, see incidentForFlappingAlert). Null when it is
 * not flapping; `{ incident: undefined }` when it is, but that incident cannot take it. One
 * indexed query over the key's recently resolved alerts (the index holds resolved rows only).
 */
export async function flappingIncident(
  db: Db,
  now: number,
  pending: PendingEvents,
  settings: FlappingSettings,
  serviceId: string,
  dedupKey: string,
  actor: TimelineActor,
  /** The key's recently resolved alerts when the caller read them already (batch-refresh.ts). */
  recentlyResolved?: readonly { resolved_at: number | null; incident_id: string | null }[],
): Promise<{ incident: IncidentRow | undefined } | null> {
  if (!settings.enabled) return null;
  const since = flappingSince(settings, now);
  const recent = recentlyResolved ?? (await selectRecentlyResolved(db, { serviceId, dedupKey, since })).rows;
  if (
    !isFlapping(
      settings,
      recent.map((r) => r.resolved_at ?? 0),
      now,
    )
  )
    return null;
  const previous = recent.find((r) => r.incident_id !== null)?.incident_id;
  if (!previous) return { incident: undefined };
  return { incident: await incidentForFlappingAlert(db, now, pending, previous, since, actor) };
}
