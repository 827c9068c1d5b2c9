import type { Db } from '../../db/database.js';
import { announceInvalidation } from '../../lib/cache-invalidation.js';
import type { AlertRulesSnapshot } from './alert-rules.domain.js';
import { loadRulesSnapshot, readRulesStamp } from './alert-rules.repository.js';

/**
 * The per-process copy of routing rules, silences and maintenance windows that ingest evaluates
 * in memory. It is checked against the database (one cheap fingerprint query) at most once per
 * `rulesMaxStalenessMs` of the clock, and reloaded only when the fingerprint changed. A change
 * made through this process marks the copy stale at once; a change made by another node sharing
 * the PostgreSQL database is seen by ingest here within `rulesMaxStalenessMs` (plus the batch
 * under way). docs/routing.md states the bound.
 */
export const rulesMaxStalenessMs = 1000;

interface Entry {
  snapshot: AlertRulesSnapshot;
  stamp: string;
  checkedAt: number;
  /** Bumped by invalidateAlertRules; a reload that started before a bump leaves the entry stale. */
  generation: number;
  checkedGeneration: number;
}

/**
 * One copy per database. Keyed by the Kysely adapter, the one object a Kysely instance shares
 * with every transaction made from it (the pipeline only sees its transaction); two Kysely
 * instances on one database keep separate copies, as two nodes would.
 */
const entries = new WeakMap<object, Entry>();
const keyOf = (db: Db): object => db.getExecutor().adapter;

/** The snapshot to evaluate at `now`, read through `db` (the caller's transaction, if any). */
export async function alertRulesFor(db: Db, now: number): Promise<AlertRulesSnapshot> {
  const key = keyOf(db);
  const e = entries.get(key);
  if (
    e &&
    e.checkedGeneration === e.generation &&
    now >= e.checkedAt &&
    now - e.checkedAt < rulesMaxStalenessMs
  ) {
    return e.snapshot;
  }
  const generation = e?.generation ?? 0;
  const stamp = await readRulesStamp(db);
  if (e && stamp === e.stamp) {
    e.checkedAt = now;
    e.checkedGeneration = generation;
    return e.snapshot;
  }
  const snapshot = await loadRulesSnapshot(db, now);
  const current = entries.get(key);
  entries.set(key, {
    snapshot,
    stamp,
    checkedAt: now,
    generation: current?.generation ?? generation,
    checkedGeneration: generation,
  });
  return snapshot;
}

/** Marks this process's copy stale; call after committing a change to rules, silences or windows. */
export function invalidateAlertRules(db: Db): void {
  const e = entries.get(keyOf(db));
  if (e) e.generation++;
  announceInvalidation('alert-rules');
}
