import { z } from 'zod';
import { defineJob, type JobContext, type JobDefinition } from '../../../jobs/index.js';

/**
 * `oncall.deliver`: one attempt of one notification. The first is enqueued by notifyUsers at
 * the rule's delay; a retryable failure enqueues the next attempt (its own job, at the
 * channel's backoff or the receiver's Retry-After), so each notification has its own chain
 * and a dead channel holds up nothing else. The job system's own retries only cover a crash
 * or a database error mid-attempt.
 */
export const deliverPayload = z.object({ notificationId: z.string().min(1) });
export type DeliverPayload = z.output<typeof deliverPayload>;

export function deliverJobDefinition(
  handler: (p: DeliverPayload, ctx: JobContext) => Promise<void>,
): JobDefinition<DeliverPayload> {
  return defineJob({
    name: 'oncall.deliver',
    payload: deliverPayload,
    maxAttempts: 10,
    leaseMs: 60_000,
    timeoutMs: 120_000,
    handler,
  });
}

/** What enqueue needs (name and payload); the worker registers deliverJob(deps). */
export const deliverSpec = deliverJobDefinition(() => Promise.reject(new Error('enqueue-only definition')));
