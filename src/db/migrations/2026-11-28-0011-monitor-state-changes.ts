import type { Kysely } from 'kysely';

/**
 * The monitor state-change log (docs/monitors.md "State history"): one row per change of a
 * monitor's state (written by the monitor writer in the same transaction as the state), plus its
 * creation, pause and resume. Kept as long as daily rollups (25 months); a deleted monitor's rows go
 * with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitor_state_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('latency_ms', 'integer')
    .addColumn('status_code', 'integer')
    .execute();
  // The detail page: one monitor's changes, newest first (keyset on at, id).
  await db.schema
    .createIndex('monitor_state_changes_by_monitor')
    .on('monitor_state_changes')
    .columns(['monitor_id', 'at', 'id'])
    .execute();
  // The hourly purge.
  await db.schema
    .createIndex('monitor_state_changes_at')
    .on('monitor_state_changes')
    .columns(['at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monitor_state_changes').ifExists().execute();
}
