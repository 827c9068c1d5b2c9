import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { purgeFinished } from './jobs.repository.js';
import { enqueue, type EnqueueResult } from './queue.js';
import { defineJob } from './registry.js';

const hourMs = 3_600_000;

/** The start (epoch ms) of the hour slot after the one containing `now`. */
export function nextHourSlot(now: number): number {
  return Math.floor(now / hourMs) * hourMs + hourMs;
}

/** One purge per hour slot cluster-wide: the key makes every node's enqueue of a slot the same job. */
export function purgeKey(slotStart: number): string {
  return `jobs.purge:${slotStart}`;
}

/**
 * Deletes finished jobs past retention (done/cancelled 7 days, dead 30 days), then schedules
 * itself for the next hour slot. Both steps are idempotent, so a repeat after a crash is
 * harmless; the next slot is computed from now, so after downtime it does not run once per
 * missed hour.
 */
export const purgeJob = defineJob({
  name: 'jobs.purge',
  payload: z.object({}),
  maxAttempts: 5,
  async handler(_payload, ctx) {
    const removed = await purgeFinished(ctx.db, ctx.clock.now());
    if (removed > 0) ctx.logger.info({ removed }, 'purged finished jobs');
    const slot = nextHourSlot(ctx.clock.now());
    await enqueue(ctx.db, ctx.clock, purgeJob, {}, { runAt: slot, idempotencyKey: purgeKey(slot) });
  },
});

/** Every maintenance job; register them with the worker's registry. */
export const maintenanceJobs = [purgeJob] as const;

/**
 * Seeds the self-rescheduling maintenance jobs; call at start on every node. The current hour
 * slot's key dedups, so restarts and several nodes seed one job per slot.
 */
export async function ensureMaintenanceJobs(db: Db, clock: Clock): Promise<EnqueueResult> {
  const now = clock.now();
  const slot = nextHourSlot(now) - hourMs;
  return enqueue(db, clock, purgeJob, {}, { runAt: now, idempotencyKey: purgeKey(slot) });
}
