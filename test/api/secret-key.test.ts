import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/db/database.js';
import { secretBoxFor } from '../../src/modules/oncall/notifications/index.js';
import { createTestDatabase, describeEachDialect } from '../helpers/db.js';

/**
 * The secret key: KEEL_SECRET_KEY when set (at least 32 characters, nothing stored); otherwise
 * one generated once and kept in the database, the same for every node on it, even when they
 * start together.
 */
test('KEEL_SECRET_KEY must be at least 32 characters', () => {
  assert.throws(
    () => loadConfig({ KEEL_SECRET_KEY: 'too-short' }),
    (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /^KEEL_SECRET_KEY: must be at least 32 characters/);
      assert.doesNotMatch(e.message, /too-short".*too-short/);
      return true;
    },
  );
  assert.equal(loadConfig({ KEEL_SECRET_KEY: 'k'.repeat(32) }).secretKey, 'k'.repeat(32));
  assert.equal(loadConfig({}).secretKey, null);
});

describeEachDialect('secret key', (kind) => {
  test('generated once and shared by every node on the database; a configured key stores nothing', async () => {
    const first = await createTestDatabase(kind);
    const second = openDatabase(first.url);
    try {
      const [a, b] = await Promise.all([
        secretBoxFor(first.db, { secretKey: null }),
        secretBoxFor(second.db, { secretKey: null }),
      ]);
      assert.equal(b.open(a.seal('hello')), 'hello', 'both nodes hold the same key');
      assert.equal(a.verify('x', b.sign('x')), true);
      const rows = await first.db.selectFrom('secret_keys').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.ok(rows[0]!.key.length >= 32);

      const configured = await secretBoxFor(first.db, { secretKey: 'c'.repeat(40) });
      assert.throws(() => configured.open(a.seal('hello')), 'a different key');
    } finally {
      await second.close();
      await first.close();
    }
  });
});
