import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { notifyChannel } from '../../db/dialect.js';
import { prepared } from '../../db/prepared.js';
import {
  defineJob,
  enqueue,
  jobsChannel,
  signalJobEnqueued,
  type JobContext,
  type JobDefinition,
} from '../../jobs/index.js';
import { newId } from '../../lib/ids.js';

/**
 * The incidents module's outbox: jobs written in the transaction of an incident's change, for
 * what on-call does about it. Only their names and payloads live here (so this module never
 * imports on-call); on-call supplies the handlers and the server registers them.
 *
 * - `oncall.escalate`: one escalation step. Enqueued for `{round: 0, level: 0}` whenever an
 *   incident becomes triggered (opened, re-triggered, reopened), keyed by its triggered_at, so
 *   one trigger starts one chain however often the enqueue is repeated.
 * - `incidents.changed`: an acknowledgement, a resolution or a change of assignees, for outgoing
 *   webhooks. A trigger has no such job: the chain's first step fans its webhooks out, so a new
 *   incident costs one job row.
 */
export const escalatePayload = z.object({
  incidentId: z.string().min(1),
  triggeredAt: z.number().int(),
  round: z.number().int().min(0),
  level: z.number().int().min(0),
  /** Hand-offs so far (a level that targets another policy); absent for the service's own policy. */
  hop: z.number().int().min(0).optional(),
  /** The policy a hand-off continues with; absent: the service's policy (or the default). */
  policyId: z.string().min(1).optional(),
  /** Set when a snoozed incident's step was put off until then (a job of its own). */
  resumedAt: z.number().int().optional(),
});
export type EscalatePayload = z.output<typeof escalatePayload>;

export const incidentChangeEvents = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reassigned',
] as const;
export type IncidentChangeEvent = (typeof incidentChangeEvents)[number];
export const incidentChangedPayload = z.object({
  incidentId: z.string().min(1),
  event: z.enum(incidentChangeEvents),
  at: z.number().int(),
});
export type IncidentChangedPayload = z.output<typeof incidentChangedPayload>;

/** The idempotency key of an escalation step: one job per incident trigger, hand-off, round and level. */
export function escalateKey(p: EscalatePayload): string {
  const base = `escalate:${p.incidentId}:${p.triggeredAt}:${p.round}:${p.level}`;
  const hop = p.hop ? `${base}:h${p.hop}` : base;
  return p.resumedAt === undefined ? hop : `${hop}:s${p.resumedAt}`;
}

/** The escalation step job with its handler (on-call's). */
export function escalateJobDefinition(
  handler: (p: EscalatePayload, ctx: JobContext) => Promise<void>,
): JobDefinition<EscalatePayload> {
  return defineJob({ name: 'oncall.escalate', payload: escalatePayload, maxAttempts: 20, handler });
}

/** The incident-change job with its handler (on-call's outgoing webhooks). */
export function incidentChangedJobDefinition(
  handler: (p: IncidentChangedPayload, ctx: JobContext) => Promise<void>,
): JobDefinition<IncidentChangedPayload> {
  return defineJob({ name: 'incidents.changed', payload: incidentChangedPayload, maxAttempts: 20, handler });
}

const enqueueOnly = () => Promise.reject(new Error('enqueue-only definition'));
const escalateSpec = escalateJobDefinition(enqueueOnly);
const changedSpec = incidentChangedJobDefinition(enqueueOnly);

// Every new incident writes one: built and compiled once (see prepared()), the same row enqueue()
// writes, idempotent on the key.
const insertEscalateJob = prepared(
  (db, p: { id: string; payload: string; runAt: number; key: string; now: number; maxAttempts: number }) =>
    db
      .insertInto('jobs')
      .values({
        id: p.id,
        name: escalateSpec.name,
        payload: p.payload,
        status: 'pending',
        run_at: p.runAt,
        attempts: 0,
        max_attempts: p.maxAttempts,
        idempotency_key: p.key,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: p.now,
        updated_at: p.now,
        finished_at: null,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing()),
);

/**
 * Schedules an escalation step at `runAt` (default now), in the caller's transaction. Idempotent
 * (keyed by escalateKey). What enqueue() does, on a prepared statement: the ingest path opens
 * incidents by the thousand.
 */
export async function enqueueEscalation(db: Db, now: number, p: EscalatePayload, runAt = now): Promise<void> {
  const payload = JSON.stringify(escalatePayload.parse(p));
  const r = await insertEscalateJob(db, {
    id: newId(now),
    payload,
    runAt,
    key: escalateKey(p),
    now,
    maxAttempts: escalateSpec.maxAttempts,
  });
  if (Number(r.numAffectedRows ?? 0n) === 0) return;
  await notifyChannel(db, jobsChannel);
  signalJobEnqueued(runAt);
}

/** Records an acknowledgement or resolution for on-call, in the caller's transaction. Idempotent. */
export async function enqueueIncidentChanged(
  db: Db,
  now: number,
  incidentId: string,
  event: IncidentChangeEvent,
): Promise<void> {
  await enqueue(
    db,
    { now: () => now },
    changedSpec,
    { incidentId, event, at: now },
    { idempotencyKey: `incident-changed:${incidentId}:${event}:${now}` },
  );
}
