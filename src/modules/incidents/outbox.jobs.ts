import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { defineJob, enqueue, type JobContext, type JobDefinition } from '../../jobs/index.js';

/**
 * The incidents module's outbox: jobs written in the transaction of an incident's change, for
 * what on-call does about it. Only their names and payloads live here (so this module never
 * imports on-call); on-call supplies the handlers and the server registers them.
 *
 * - `oncall.escalate`: one escalation step. Enqueued for `{round: 0, level: 0}` whenever an
 *   incident becomes triggered (opened, re-triggered, reopened), keyed by its triggered_at, so
 *   one trigger starts one chain however often the enqueue is repeated.
 * - `incidents.changed`: an acknowledgement or a resolution, for outgoing webhooks. A trigger has
 *   no such job: the chain's first step fans its webhooks out, so a new incident costs one job row.
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

/** Schedules an escalation step at `runAt` (default now), in the caller's transaction. Idempotent. */
export async function enqueueEscalation(db: Db, now: number, p: EscalatePayload, runAt = now): Promise<void> {
  await enqueue(db, { now: () => now }, escalateSpec, p, { runAt, idempotencyKey: escalateKey(p) });
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
