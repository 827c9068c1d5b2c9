import type { Db } from '../../db/database.js';
import type { JobContext, JobDefinition } from '../../jobs/index.js';
import { PendingEvents, type EventBus } from '../../lib/events.js';
import { lockIncident, resolveIncident } from '../incidents/index.js';
import { findService, serviceSettings, type ServiceSettings } from '../services/index.js';
import { resolveAlertsOfIncident } from './alerts.repository.js';
import {
  enqueueQuietResolve,
  quietResolveDefinition,
  type QuietResolvePayload,
} from './quiet-resolve.schedule.js';

/**
 * Quiet-period auto-resolve (a service's `quietResolveMinutes`): an open incident whose alerts
 * have sent nothing for that long is resolved, with its alerts. One pending job per incident, not
 * one per event: the job is enqueued when the pipeline opens the incident, due at last event +
 * quiet period; when it runs it reads the incident's last_event_at again and either resolves it or,
 * after a later event, enqueues its successor due at the new last event + quiet period (keyed by
 * that due time, so a repeated run enqueues nothing new). A resolved incident ends the chain.
 * Incidents opened while the setting was off get their job when the setting is switched on or
 * changed (scheduleQuietResolveForService, called by the services module in its transaction).
 */
type Payload = QuietResolvePayload;

const keel = { userId: null, label: 'Keel' } as const;

async function run(p: Payload, ctx: JobContext, bus: EventBus | null): Promise<void> {
  const now = ctx.clock.now();
  const events = new PendingEvents();
  await ctx.db.transaction().execute(async (trx) => {
    // Locked, so an event touching the incident meanwhile is either seen here or comes after.
    const incident = await lockIncident(trx, { id: p.incidentId });
    if (!incident || incident.status === 'resolved' || !incident.service_id) return;
    const service = await findService(trx, incident.service_id);
    const minutes = service ? serviceSettings.parse(JSON.parse(service.settings)).quietResolveMinutes : null;
    if (!minutes) return;
    const due = incident.last_event_at + minutes * 60_000;
    if (now < due) {
      await enqueueAt(trx, ctx.clock, incident.id, due);
      return;
    }
    await resolveAlertsOfIncident(trx, now, incident.id);
    await resolveIncident(trx, now, events, incident.id, keel, `no new events for ${minutes} minutes`);
  });
  if (bus) events.publishTo(bus, now);
}

/** The job as the worker runs it, publishing its domain events on `bus` after the commit. */
export function quietResolveJob(bus: EventBus): JobDefinition<Payload> {
  return quietResolveDefinition((p, ctx) => run(p, ctx, bus));
}

const enqueueAt = enqueueQuietResolve;

/** Call when the pipeline opens an incident, in its transaction: starts the chain when the service has a quiet period. */
export async function scheduleQuietResolve(
  db: Db,
  now: number,
  incidentId: string,
  settings: ServiceSettings,
): Promise<void> {
  const minutes = settings.quietResolveMinutes;
  if (minutes) await enqueueAt(db, { now: () => now }, incidentId, now + minutes * 60_000);
}
