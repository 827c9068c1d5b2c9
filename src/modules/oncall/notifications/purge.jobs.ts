import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { defineJob, enqueue } from '../../../jobs/index.js';
import { deliveryRetentionMs, purgeDeliveries } from './deliveries.repository.js';

const dayMs = 86_400_000;
const slotKey = (slot: number) => `oncall.purge_deliveries:${slot}`;
const nextDay = (now: number) => Math.floor(now / dayMs) * dayMs + dayMs;

/**
 * Daily: deletes notifications and webhook deliveries that finished more than 90 days ago,
 * with their attempts, so the delivery log stays bounded. Seeded by every delivery planned
 * (one job per day slot, by key), so an installation that sends nothing runs nothing.
 */
export const purgeDeliveriesJob = defineJob({
  name: 'oncall.purge_deliveries',
  payload: z.object({}),
  maxAttempts: 5,
  async handler(_p, ctx) {
    const removed = await purgeDeliveries(ctx.db, ctx.clock.now() - deliveryRetentionMs);
    if (removed > 0) ctx.logger.info({ removed }, 'purged old deliveries');
  },
});

/**
 * The day slot each database (by its Kysely adapter, which its transactions share) was last
 * seen to hold already: every page plans deliveries, and re-enqueueing the same slot is two
 * statements that change nothing. Only a slot found existing is remembered.
 */
const seeded = new WeakMap<object, number>();

/** Makes sure tomorrow's purge is scheduled (idempotent per day). */
export async function seedPurge(db: Db, now: number): Promise<void> {
  const slot = nextDay(now);
  const database = db.getExecutor().adapter;
  if (seeded.get(database) === slot) return;
  const job = await enqueue(
    db,
    { now: () => now },
    purgeDeliveriesJob,
    {},
    { runAt: slot, idempotencyKey: slotKey(slot) },
  );
  if (!job.created) seeded.set(database, slot);
}
