import type { Db } from '../../db/database.js';
import { announceInvalidation } from '../../lib/cache-invalidation.js';

/**
 * Whether a newly triggered incident has anyone to tell: an escalation policy exists (a service
 * without one uses the default) or an enabled outgoing-webhook subscription does. When neither
 * exists, the outbox writes no escalation step: on an installation that only collects alerts, the
 * step would find nothing to do, and at thousands of new incidents a second its job (claim, run,
 * complete) cost more CPU than the ingest itself (bench:ingest, 2026-11-27 23:35).
 *
 * Read from the database and kept per database: `true` for 2 s, `false` for 1 s, so a policy or
 * subscription made on another node pages incidents opened at most a second later. On this node
 * on-call calls invalidatePagingInterest after committing one, so it counts at once. Reading the
 * answer inside an incident's transaction is safe: it only ever adds a job when in doubt.
 */
const trueForMs = 2000;
const falseForMs = 1000;

interface Entry {
  value: boolean;
  loadedAt: number;
  generation: number;
}

const entries = new WeakMap<object, Entry>();
const generations = new WeakMap<object, number>();
const keyOf = (db: Db): object => db.getExecutor().adapter;

async function load(db: Db): Promise<boolean> {
  const policy = await db.selectFrom('escalation_policies').select('id').limit(1).executeTakeFirst();
  if (policy) return true;
  const subscription = await db
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('enabled', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return subscription !== undefined;
}

export async function hasPagingInterest(db: Db, now: number): Promise<boolean> {
  const key = keyOf(db);
  const generation = generations.get(key) ?? 0;
  const e = entries.get(key);
  if (e && e.generation === generation && now >= e.loadedAt) {
    if (now - e.loadedAt < (e.value ? trueForMs : falseForMs)) return e.value;
  }
  const value = await load(db);
  if ((generations.get(key) ?? 0) === generation) entries.set(key, { value, loadedAt: now, generation });
  return value;
}

/** After committing an escalation policy or a webhook subscription: the next incident reads again. */
export function invalidatePagingInterest(db: Db): void {
  const key = keyOf(db);
  generations.set(key, (generations.get(key) ?? 0) + 1);
  entries.delete(key);
  announceInvalidation('paging-interest');
}
