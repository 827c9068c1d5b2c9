import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database.js';

/** Files of `dir` this process (any of its threads) has open, from Linux's /proc/self/fd. */
function openFilesIn(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // closed while listing
    }
  }
  return open;
}

/**
 * A file database's WAL is checkpointed by a worker thread on its own connection. Closing the
 * database must wait for that connection too: before, close() returned while the thread still
 * held the file, and a clean-up right after it (a test's temporary directory) raced the thread
 * re-creating -wal/-shm ("ENOTEMPTY: directory not empty" in CI).
 */
test('close() resolves after the checkpointer thread has let go: no -wal or -shm file is left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-checkpointer-'));
  try {
    for (let round = 0; round < 3; round++) {
      const path = join(dir, `keel-${round}.db`);
      const database = openDatabase(`sqlite:${path}`);
      await sql`create table t (id integer primary key, v text)`.execute(database.db);
      for (let i = 0; i < 50; i++)
        await sql`insert into t (v) values (${'x'.repeat(500)})`.execute(database.db);
      assert.ok(existsSync(`${path}-wal`), 'the database runs in WAL mode');
      assert.ok(openFilesIn(dir).length > 0);
      await database.close();
      assert.deepEqual(openFilesIn(dir), [], "no connection, the thread's included, holds the file");
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.startsWith(`keel-${round}.db`)),
        [`keel-${round}.db`],
        'the last connection closed removed the WAL and shared-memory files',
      );
      // Everything written is in the database file itself.
      const again = openDatabase(`sqlite:${path}`, { sqliteCheckpointer: false });
      const row = await sql<{ n: number }>`select count(*) as n from t`.execute(again.db);
      assert.equal(Number(row.rows[0]!.n), 50);
      await again.close();
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});
