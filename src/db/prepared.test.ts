import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/helpers/db.js';
import { migrateToLatest, openDatabase } from './database.js';
import { prepared } from './prepared.js';

// Counters are a small table every migrated database has: (name, value).
const counterByName = prepared((db, p: { name: string }) =>
  db.selectFrom('counters').select(['name', 'value']).where('name', '=', p.name),
);
const setCounter = prepared((db, p: { name: string; value: number }) =>
  db.updateTable('counters').set({ value: p.value }).where('name', '=', p.name),
);
// A fixed value beside a parameter: the literal stays, the parameter changes.
const countersAbove = prepared((db, p: { min: number }) =>
  db
    .selectFrom('counters')
    .select('name')
    .where('value', '>=', p.min)
    .where('name', '<>', sql.lit('no such counter'))
    .orderBy('name'),
);

describeEachDialect('prepared()', (kind) => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase(kind);
    await database.db
      .insertInto('counters')
      .values([
        { name: 'prepared_test_a', value: 10 },
        { name: 'prepared_test_b', value: 20 },
      ])
      .execute();
  });
  after(() => database.close());

  test('run twice with different values, each run returns its own rows', async () => {
    const a = await counterByName(database.db, { name: 'prepared_test_a' });
    const b = await counterByName(database.db, { name: 'prepared_test_b' });
    assert.deepEqual(a.rows, [{ name: 'prepared_test_a', value: 10 }]);
    assert.deepEqual(b.rows, [{ name: 'prepared_test_b', value: 20 }]);
    assert.deepEqual((await counterByName(database.db, { name: 'missing' })).rows, []);
    const above = await countersAbove(database.db, { min: 15 });
    assert.deepEqual(
      above.rows.map((r) => r.name).filter((n) => n.startsWith('prepared_test_')),
      ['prepared_test_b'],
    );
    const all = await countersAbove(database.db, { min: 5 });
    assert.deepEqual(
      all.rows.map((r) => r.name).filter((n) => n.startsWith('prepared_test_')),
      ['prepared_test_a', 'prepared_test_b'],
    );
  });

  test('inside a transaction it runs in that transaction (its writes roll back with it)', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        const r = await setCounter(trx, { name: 'prepared_test_a', value: 11 });
        assert.equal(r.numAffectedRows, 1n);
        // Read back through the transaction: the uncommitted write is visible there.
        assert.deepEqual((await counterByName(trx, { name: 'prepared_test_a' })).rows, [
          { name: 'prepared_test_a', value: 11 },
        ]);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual((await counterByName(database.db, { name: 'prepared_test_a' })).rows, [
      { name: 'prepared_test_a', value: 10 },
    ]);
    await database.db.transaction().execute(async (trx) => {
      await setCounter(trx, { name: 'prepared_test_b', value: 21 });
    });
    assert.deepEqual((await counterByName(database.db, { name: 'prepared_test_b' })).rows, [
      { name: 'prepared_test_b', value: 21 },
    ]);
  });
});

test('prepared() in a SQLite transaction runs inline and is still observed for metrics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-prepared-'));
  const observed: boolean[] = [];
  const database = openDatabase(`sqlite:${join(dir, 'keel.db')}`, {
    onQuery: (ms, failed) => {
      assert.ok(ms >= 0);
      observed.push(failed);
    },
  });
  try {
    await migrateToLatest(database.db);
    observed.length = 0;
    await database.db.transaction().execute(async (trx) => {
      assert.deepEqual((await counterByName(trx, { name: 'incident_number' })).rows, [
        { name: 'incident_number', value: 0 },
      ]);
      // A failing statement rejects (not throws) and is observed as failed.
      await assert.rejects(
        setCounter(trx, { name: 'incident_number', value: null as unknown as number }),
        /NOT NULL/,
      );
    });
    // begin, the select, the failed update, commit.
    assert.deepEqual(observed, [false, false, true, false]);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
