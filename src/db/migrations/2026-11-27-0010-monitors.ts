import type { Kysely } from 'kysely';

/**
 * Built-in monitors (docs/monitors.md): the monitor rows (each its own durable timer through
 * next_check_at and a lease), raw check results (kept KEEL_MONITOR_RAW_RETENTION) and rollups per
 * minute, hour and day with a fixed-bucket latency histogram.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('integration_id', 'text', (c) => c.references('integrations.id').onDelete('set null'))
    .addColumn('interval_s', 'integer', (c) => c.notNull())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('retries', 'integer', (c) => c.notNull())
    .addColumn('degraded_above_ms', 'integer')
    .addColumn('inverted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('depends_on', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('last_check_at', 'bigint')
    .addColumn('last_latency_ms', 'integer')
    .addColumn('last_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_check_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('badge_token', 'text', (c) => c.notNull().unique())
    .addColumn('heartbeat_token', 'text', (c) => c.unique())
    .addColumn('last_ping_at', 'bigint')
    .addColumn('last_start_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The scheduler's claim: due, unpaused monitors in next_check_at order.
  await db.schema.createIndex('monitors_due').on('monitors').columns(['paused', 'next_check_at']).execute();
  // The list: newest first, optionally by state, type or service (keyset on created_at, id).
  await db.schema.createIndex('monitors_list').on('monitors').columns(['created_at', 'id']).execute();
  await db.schema
    .createIndex('monitors_by_state')
    .on('monitors')
    .columns(['state', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('monitors_by_service')
    .on('monitors')
    .columns(['service_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('monitors_by_type')
    .on('monitors')
    .columns(['type', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('monitor_results')
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('monitor_results_pk', ['monitor_id', 'at'])
    .execute();
  await db.schema.createIndex('monitor_results_at').on('monitor_results').columns(['at']).execute();

  let rollups = db.schema
    .createTable('monitor_rollups')
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('bucket_start', 'bigint', (c) => c.notNull())
    .addColumn('checks', 'integer', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('degraded', 'integer', (c) => c.notNull())
    .addColumn('latency_sum', 'bigint', (c) => c.notNull());
  for (let i = 0; i < 12; i++) rollups = rollups.addColumn(`h${i}`, 'integer', (c) => c.notNull());
  await rollups
    .addPrimaryKeyConstraint('monitor_rollups_pk', ['monitor_id', 'period', 'bucket_start'])
    .execute();
  await db.schema
    .createIndex('monitor_rollups_purge')
    .on('monitor_rollups')
    .columns(['period', 'bucket_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monitor_rollups').ifExists().execute();
  await db.schema.dropTable('monitor_results').ifExists().execute();
  await db.schema.dropTable('monitors').ifExists().execute();
}
