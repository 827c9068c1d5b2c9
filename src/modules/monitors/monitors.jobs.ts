import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import { defineJob, enqueue, nextHourSlot } from '../../jobs/index.js';
import type { Clock } from '../../lib/clock.js';
import { purgeMonitorData } from './monitor-results.repository.js';
import { purgeStateChanges } from './monitor-state-changes.repository.js';
import { rollupRetentionMs } from './rollups.domain.js';

const slotKey = (slot: number) => `monitors.purge:${slot}`;

/**
 * Hourly, through the job system: raw results older than KEEL_MONITOR_RAW_RETENTION, minute
 * rollups older than 14 days, hourly 90 days, daily (and the state-change log) 25 months. Each
 * delete is served by an index (monitor_results_at, monitor_rollups_purge,
 * monitor_state_changes_at). Re-enqueues itself for the next hour.
 */
export function monitorPurgeJob(config: Pick<Config, 'monitorRawRetentionMs'>) {
  const job = defineJob({
    name: 'monitors.purge',
    payload: z.object({}),
    maxAttempts: 5,
    async handler(_payload, ctx) {
      const now = ctx.clock.now();
      await purgeMonitorData(ctx.db, now - config.monitorRawRetentionMs, {
        m: now - rollupRetentionMs.m,
        h: now - rollupRetentionMs.h,
        d: now - rollupRetentionMs.d,
      });
      // The state-change log is kept as long as daily rollups (the 90-day bars and beyond).
      await purgeStateChanges(ctx.db, now - rollupRetentionMs.d);
      const next = nextHourSlot(now);
      await enqueue(ctx.db, ctx.clock, job, {}, { runAt: next, idempotencyKey: slotKey(next) });
    },
  });
  return job;
}

/** Makes sure the hourly purge exists (idempotent per hour slot); call at start with the worker. */
export async function ensureMonitorJobs(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  const job = monitorPurgeJob({ monitorRawRetentionMs: 0 });
  await enqueue(db, clock, job, {}, { runAt: now, idempotencyKey: slotKey(nextHourSlot(now) - 3_600_000) });
}
