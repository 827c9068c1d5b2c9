import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { defineJob, enqueue, type JobContext, type JobDefinition } from '../../jobs/index.js';
import { PendingEvents, type EventBus } from '../../lib/events.js';
import { findService, serviceSettings, type ServiceSettings } from '../services/index.js';
import { lockIncident, type IncidentRow } from './incidents.repository.js';
import { retriggerIncident, type TimelineActor } from './incidents.service.js';

/**
 * Acknowledgement timeout (a service's `ackTimeoutMinutes`): an incident still acknowledged that
 * long after its acknowledgement goes back to triggered, so someone is paged again. One job per
 * acknowledgement, keyed by the incident and the acknowledgement's time; when it runs it acts only
 * if that same acknowledgement is still in force (not resolved, not re-triggered and acknowledged
 * again since), so a repeat or a stale job changes nothing.
 */
const payload = z.object({
  incidentId: z.string().min(1),
  acknowledgedAt: z.number().int(),
  minutes: z.number().int().min(1),
});
type Payload = z.output<typeof payload>;

const keel: TimelineActor = { userId: null, label: 'Keel' };

async function run(p: Payload, ctx: JobContext, bus: EventBus | null): Promise<void> {
  const now = ctx.clock.now();
  const events = new PendingEvents();
  await ctx.db.transaction().execute(async (trx) => {
    const incident = await lockIncident(trx, { id: p.incidentId });
    if (incident?.status !== 'acknowledged' || incident.acknowledged_at !== p.acknowledgedAt) return;
    const row = await retriggerIncident(
      trx,
      now,
      events,
      incident.id,
      keel,
      `not resolved ${p.minutes} minutes after it was acknowledged`,
    );
    // Paging reacts to this as to a new incident: somebody has to look again.
    events.add('incident.triggered', { incidentId: row.id, number: row.number, serviceId: row.service_id });
  });
  if (bus) events.publishTo(bus, now);
}

function ackTimeoutJobWith(bus: EventBus | null): JobDefinition<Payload> {
  return defineJob({
    name: 'incidents.ack_timeout',
    payload,
    maxAttempts: 10,
    handler: (p, ctx) => run(p, ctx, bus),
  });
}

/** What enqueue needs (the name and the payload); the worker registers ackTimeoutJob(bus). */
const ackTimeoutSpec = ackTimeoutJobWith(null);

/** The job as the worker runs it, publishing its domain events on `bus` after the commit. */
export function ackTimeoutJob(bus: EventBus): JobDefinition<Payload> {
  return ackTimeoutJobWith(bus);
}

/**
 * Call after an acknowledgement, in its transaction: schedules the timeout when the service has
 * one and this call is what acknowledged the incident (its acknowledged_at is `now`). `settings`
 * saves the lookup when the caller has them.
 */
export async function scheduleAckTimeout(
  db: Db,
  now: number,
  incident: IncidentRow,
  settings?: ServiceSettings,
): Promise<void> {
  if (incident.status !== 'acknowledged' || incident.acknowledged_at !== now || !incident.service_id) return;
  let s = settings;
  if (!s) {
    const service = await findService(db, incident.service_id);
    if (!service) return;
    s = serviceSettings.parse(JSON.parse(service.settings));
  }
  const minutes = s.ackTimeoutMinutes;
  if (!minutes) return;
  await enqueue(
    db,
    { now: () => now },
    ackTimeoutSpec,
    { incidentId: incident.id, acknowledgedAt: now, minutes },
    { runAt: now + minutes * 60_000, idempotencyKey: `incidents.ack_timeout:${incident.id}:${now}` },
  );
}
