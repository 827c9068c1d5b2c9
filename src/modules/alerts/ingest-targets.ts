import type { Db } from '../../db/database.js';

/**
 * This process's copy of "integration key → where its events go" (the integration and its
 * service's settings), so ingest does not read and parse them for every request.
 *
 * Bound on staleness: an entry is used for at most `targetMaxStalenessMs` of the clock after it
 * was read. A change to an integration made through this process (create, update, disable, key
 * rotation, delete) empties the copy at once; a change made by another node sharing the PostgreSQL
 * database, and a change to a service's settings, reach ingest here within that bound.
 * docs/architecture.md states it.
 */
export const targetMaxStalenessMs = 2000;

/** Unknown keys are remembered too (as null); past this many entries the copy starts afresh. */
const maxEntries = 10_000;

interface Entry<T> {
  target: T | null;
  loadedAt: number;
}

interface Copy {
  entries: Map<string, Entry<unknown>>;
  /** Bumped by invalidateTargets; a load that started before a bump is not kept. */
  generation: number;
}

/**
 * One copy per database, keyed by the Kysely adapter: the one object a Kysely instance shares
 * with every transaction made from it. Two Kysely instances on one database keep separate copies,
 * as two nodes would.
 */
const copies = new WeakMap<object, Copy>();
const keyOf = (db: Db): object => db.getExecutor().adapter;

function copyOf(db: Db): Copy {
  const key = keyOf(db);
  let copy = copies.get(key);
  if (!copy) {
    copy = { entries: new Map(), generation: 0 };
    copies.set(key, copy);
  }
  return copy;
}

/** The target of `key` at `now`: from this process's copy while fresh, else from `load`. */
export async function cachedTarget<T>(
  db: Db,
  now: number,
  key: string,
  load: () => Promise<T | null>,
): Promise<T | null> {
  const copy = copyOf(db);
  const e = copy.entries.get(key);
  if (e && now >= e.loadedAt && now - e.loadedAt < targetMaxStalenessMs) return e.target as T | null;
  const generation = copy.generation;
  const target = await load();
  if (copy.generation === generation) {
    if (copy.entries.size >= maxEntries) copy.entries.clear();
    copy.entries.set(key, { target, loadedAt: now });
  }
  return target;
}

/** Forgets every target of this process's copy; call after committing a change to an integration. */
export function invalidateTargets(db: Db): void {
  const copy = copies.get(keyOf(db));
  if (!copy) return;
  copy.generation++;
  copy.entries.clear();
}
