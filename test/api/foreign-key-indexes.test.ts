import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import type { DialectKind } from '../../src/db/dialect.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../helpers/db.js';

/**
 * Every foreign key on a table that grows with traffic has an index led by its column: deleting
 * the parent row (an integration, a user, a contact method, an incident) otherwise scans the whole
 * table for its children, holding the write lock (migration 2026-11-29-0013). The one exception is
 * chosen and documented there: alert_events.service_id (an index entry per ingested event; a
 * service deletion scans the raw events once instead).
 */
const growing = [
  'alert_events',
  'alerts',
  'incidents',
  'incident_timeline',
  'notifications',
  'webhook_deliveries',
  'jobs',
  'audit_log',
  'monitor_results',
  'monitor_state_changes',
];
const exceptions = ['alert_events.service_id'];

interface Column {
  table: string;
  column: string;
}

async function foreignKeys(db: Db, kind: DialectKind): Promise<Column[]> {
  if (kind === 'postgres')
    return (
      await sql<Column>`
        select c.conrelid::regclass::text as "table", a.attname as "column"
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.conrelid::regclass::text = any(${growing})`.execute(db)
    ).rows;
  const out: Column[] = [];
  for (const table of growing)
    for (const fk of (
      await sql<{ from: string }>`select * from pragma_foreign_key_list(${table})`.execute(db)
    ).rows)
      out.push({ table, column: fk.from });
  return out;
}

/** Columns that lead an index (not a partial one) or the primary key. */
async function leadingColumns(db: Db, kind: DialectKind): Promise<Set<string>> {
  if (kind === 'postgres')
    return new Set(
      (
        await sql<Column>`
          select i.indrelid::regclass::text as "table", a.attname as "column"
          from pg_index i
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
          where i.indpred is null and i.indrelid::regclass::text = any(${growing})`.execute(db)
      ).rows.map((c) => `${c.table}.${c.column}`),
    );
  const out = new Set<string>();
  for (const table of growing) {
    for (const index of (
      await sql<{ name: string; partial: number }>`select * from pragma_index_list(${table})`.execute(db)
    ).rows) {
      if (index.partial) continue;
      const first = (
        await sql<{ name: string; seqno: number }>`select * from pragma_index_info(${index.name})`.execute(db)
      ).rows.find((c) => c.seqno === 0);
      if (first) out.add(`${table}.${first.name}`);
    }
    for (const c of (
      await sql<{ name: string; pk: number }>`select * from pragma_table_info(${table})`.execute(db)
    ).rows)
      if (c.pk === 1) out.add(`${table}.${c.name}`);
  }
  return out;
}

describeEachDialect('foreign keys on growing tables are indexed', (kind) => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase(kind);
  });
  after(() => database?.close());

  test('every one, but the documented exception', async () => {
    const fks = await foreignKeys(database.db, kind);
    assert.ok(fks.length >= 15, `found ${fks.length} foreign keys: the catalog query reads them`);
    const indexed = await leadingColumns(database.db, kind);
    const missing = fks.map((fk) => `${fk.table}.${fk.column}`).filter((c) => !indexed.has(c));
    assert.deepEqual([...new Set(missing)].sort(), exceptions);
  });
});
