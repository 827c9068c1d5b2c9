import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, describeEachDialect } from './helpers/db.js';
describeEachDialect('smoke', (kind) => {
  test('migrates', async () => {
    const d = await createTestDatabase(kind);
    const r = await d.db.selectFrom('users').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(r.n, 0);
    await d.close();
  });
});
