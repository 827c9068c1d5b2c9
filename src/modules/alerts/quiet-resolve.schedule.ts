import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { defineJob, enqueue, type JobContext, type JobDefinition } from '../../jobs/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';

/**
 * Scheduling of the quiet-period resolve (quiet-resolve.jobs.ts runs it): the job's name, payload
 * and idempotency key (`alerts.quiet_resolve:<incident id>:<due time>`), kept apart from the job's
 * handler so the services module can schedule it without importing the alert pipeline.
 */
export const quietResolveName = 'alerts.quiet_resolve';
export const quietResolvePayload = z.object({ incidentId: z.string().min(1) });
export type QuietResolvePayload = z.output<typeof quietResolvePayload>;

export const quietResolveMaxAttempts = 10;

/** The job as enqueue sees it: name, payload and attempts (the worker registers the real handler). */
export function quietResolveDefinition(
  handler: (p: QuietResolvePayload, ctx: JobContext) => Promise<void>,
): JobDefinition<QuietResolvePayload> {
  return defineJob({
    name: quietResolveName,
    payload: quietResolvePayload,
    maxAttempts: quietResolveMaxAttempts,
    handler,
  });
}

const spec = quietResolveDefinition(() => Promise.reject(new Error('enqueue-only definition')));

const keyOf = (incidentId: string, due: number) => `${quietResolveName}:${incidentId}:${due}`;

/** Enqueues the check of one incident, due at `due` (idempotent per incident and due time). */
export function enqueueQuietResolve(db: Db, clock: Clock, incidentId: string, due: number) {
  return enqueue(db, clock, spec, { incidentId }, { runAt: due, idempotencyKey: keyOf(incidentId, due) });
}

/** Rows per insert when a whole service is scheduled at once. */
const batchSize = 500;

/**
 * A service's quiet period was set or changed: every open incident of the service that the alert
 * pipeline opened (it has a grouping key; incidents opened by hand have none and are never
 * auto-resolved) gets a check due at its last event + the period, at once if that is past. Run in
 * the caller's transaction. Idempotent (the same keys as the job's own chain, so a check the chain
 * already holds is not doubled), and batched: a service with thousands of open incidents is read
 * and inserted `batchSize` at a time, in id order. Returns how many checks were new.
 */
export async function scheduleQuietResolveForService(
  db: Db,
  now: number,
  serviceId: string,
  minutes: number,
): Promise<number> {
  let after = '';
  let added = 0;
  for (;;) {
    const rows = await db
      .selectFrom('incidents')
      .select(['id', 'last_event_at'])
      .where('service_id', '=', serviceId)
      .where('status', 'in', ['triggered', 'acknowledged'])
      .where('group_key', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return added;
    const values = rows.map((r) => {
      const due = r.last_event_at + minutes * 60_000;
      return {
        id: newId(now),
        name: quietResolveName,
        payload: JSON.stringify(quietResolvePayload.parse({ incidentId: r.id })),
        status: 'pending' as const,
        run_at: Math.max(due, now),
        attempts: 0,
        max_attempts: quietResolveMaxAttempts,
        idempotency_key: keyOf(r.id, due),
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      };
    });
    const inserted = await db
      .insertInto('jobs')
      .values(values)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning(sql<number>`1`.as('one'))
      .execute();
    added += inserted.length;
    after = rows.at(-1)!.id;
    if (rows.length < batchSize) return added;
  }
}
