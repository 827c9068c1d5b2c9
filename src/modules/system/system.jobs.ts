import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import { defineJob, enqueue, nextHourSlot } from '../../jobs/index.js';
import type { Clock } from '../../lib/clock.js';
import { defaultRawEventRetentionMs, purgeAlertEvents } from '../alerts/index.js';
import { purgeAudit } from '../audit/index.js';
import { purgeAuth } from '../auth/index.js';

const hourMs = 3_600_000;
/** Retention, documented in docs/architecture.md. */
export const retention = { auditMs: 400 * 86_400_000, loginAttemptsMs: 86_400_000 } as const;

const slotKey = (slot: number) => `system.purge:${slot}`;

/**
 * Hourly: expired sessions, old sign-in attempts and spent reset links; audit entries past 400
 * days; raw alert events past expiry (KEEL_RAW_EVENT_RETENTION_DAYS, `rawEventRetentionMs`).
 */
export function systemPurgeJobWith(rawEventRetentionMs: number) {
  const job = defineJob({
    name: 'system.purge',
    payload: z.object({}),
    maxAttempts: 5,
    async handler(_payload, ctx) {
      const now = ctx.clock.now();
      await purgeAuth(ctx.db, now, now - retention.loginAttemptsMs);
      await purgeAudit(ctx.db, now - retention.auditMs);
      await purgeAlertEvents(ctx.db, now, rawEventRetentionMs);
      const next = nextHourSlot(now);
      await enqueue(ctx.db, ctx.clock, job, {}, { runAt: next, idempotencyKey: slotKey(next) });
    },
  });
  return job;
}

/** With the default raw-event retention (7 days); also what enqueue uses (name and payload). */
export const systemPurgeJob = systemPurgeJobWith(defaultRawEventRetentionMs);

/** The system jobs, as configured; register them with the worker's registry. */
export function systemJobs(config: Pick<Config, 'rawEventRetentionMs'>) {
  return [systemPurgeJobWith(config.rawEventRetentionMs)] as const;
}

export async function ensureSystemJobs(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  await enqueue(
    db,
    clock,
    systemPurgeJob,
    {},
    { runAt: now, idempotencyKey: slotKey(nextHourSlot(now) - hourMs) },
  );
}
