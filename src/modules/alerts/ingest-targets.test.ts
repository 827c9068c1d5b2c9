import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openDatabase } from '../../db/database.js';
import { cachedTarget, invalidateTargets, targetMaxStalenessMs } from './ingest-targets.js';

const database = openDatabase('sqlite::memory:');
after(() => database.close());
const db = database.db;

function counter(value: string | null) {
  let loads = 0;
  return {
    load: () => {
      loads++;
      return Promise.resolve(value);
    },
    get loads() {
      return loads;
    },
  };
}

test('a target is read once, then served from the copy until the staleness bound', async () => {
  const l = counter('A');
  assert.equal(await cachedTarget(db, 1000, 'k1', l.load), 'A');
  assert.equal(await cachedTarget(db, 1000 + targetMaxStalenessMs - 1, 'k1', l.load), 'A');
  assert.equal(l.loads, 1);
  assert.equal(await cachedTarget(db, 1000 + targetMaxStalenessMs, 'k1', l.load), 'A');
  assert.equal(l.loads, 2);
  // A clock that went back reads again rather than trusting the entry.
  await cachedTarget(db, 10, 'k1', l.load);
  assert.equal(l.loads, 3);
});

test('unknown keys are remembered as null within the bound', async () => {
  const l = counter(null);
  assert.equal(await cachedTarget(db, 5000, 'nobody', l.load), null);
  assert.equal(await cachedTarget(db, 5001, 'nobody', l.load), null);
  assert.equal(l.loads, 1);
});

test('invalidateTargets forgets everything at once, and a load under way is not kept', async () => {
  const l = counter('B');
  await cachedTarget(db, 20_000, 'k2', l.load);
  invalidateTargets(db);
  await cachedTarget(db, 20_001, 'k2', l.load);
  assert.equal(l.loads, 2);

  // A load that read before a change committed must not be stored after the invalidation.
  let release: (v: string) => void = () => undefined;
  const slow = cachedTarget(db, 20_002, 'k3', () => new Promise<string>((r) => (release = r)));
  invalidateTargets(db);
  release('old');
  assert.equal(await slow, 'old');
  const fresh = counter('new');
  assert.equal(await cachedTarget(db, 20_003, 'k3', fresh.load), 'new');
  assert.equal(fresh.loads, 1);
});

test('each database (Kysely instance) has its own copy', async () => {
  const other = openDatabase('sqlite::memory:');
  try {
    await cachedTarget(db, 30_000, 'k4', () => Promise.resolve('here'));
    assert.equal(await cachedTarget(other.db, 30_000, 'k4', () => Promise.resolve('there')), 'there');
  } finally {
    await other.close();
  }
});
