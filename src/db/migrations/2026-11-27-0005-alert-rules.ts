import { sql, type Kysely } from 'kysely';

/**
 * What the alert pipeline applies before dedup: routing rules (global and per service),
 * silences (label matchers over a time range) and maintenance windows (per service, one-off or
 * recurring). Alerts gain why they were suppressed, whether they flap and which rules changed them.
 * The `alert_rules_version` counter is bumped by every change to these tables, so each node's
 * in-memory copy can tell cheaply that it is stale (docs/routing.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('match', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('actions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('continues', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('routing_rules_scope')
    .on('routing_rules')
    .columns(['service_id', 'position'])
    .execute();

  await db.schema
    .createTable('silences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('matchers', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('silences_ends').on('silences').columns(['ends_at']).execute();

  await db.schema
    .createTable('maintenance_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('recurrence_frequency', 'text')
    .addColumn('recurrence_interval', 'integer')
    .addColumn('recurrence_until', 'bigint')
    .addColumn('last_ends_at', 'bigint')
    .addColumn('created_by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('maintenance_windows_last_end')
    .on('maintenance_windows')
    .columns(['last_ends_at'])
    .execute();
  await db.schema
    .createTable('maintenance_window_services')
    .addColumn('window_id', 'text', (c) =>
      c.notNull().references('maintenance_windows.id').onDelete('cascade'),
    )
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('maintenance_window_services_pk', ['window_id', 'service_id'])
    .execute();
  await db.schema
    .createIndex('maintenance_window_services_service')
    .on('maintenance_window_services')
    .columns(['service_id'])
    .execute();

  await db.schema
    .alterTable('alerts')
    .addColumn('suppressed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('alerts').addColumn('suppression', 'text').execute();
  await db.schema
    .alterTable('alerts')
    .addColumn('flapping', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('alerts')
    .addColumn('routed_by', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  // Flapping looks back at the recently resolved alerts of one key; only resolved rows are indexed,
  // so opening an alert (the ingest hot path) does not maintain this index.
  await db.schema
    .createIndex('alerts_resolved_key')
    .on('alerts')
    .columns(['service_id', 'dedup_key', 'resolved_at'])
    .where(sql.ref('status'), '=', sql.lit('resolved'))
    .execute();

  await sql`insert into counters (name, value) values ('alert_rules_version', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from counters where name = 'alert_rules_version'`.execute(db);
  await db.schema.dropIndex('alerts_resolved_key').ifExists().execute();
  for (const column of ['routed_by', 'flapping', 'suppression', 'suppressed']) {
    await db.schema.alterTable('alerts').dropColumn(column).execute();
  }
  await db.schema.dropTable('maintenance_window_services').ifExists().execute();
  await db.schema.dropTable('maintenance_windows').ifExists().execute();
  await db.schema.dropTable('silences').ifExists().execute();
  await db.schema.dropTable('routing_rules').ifExists().execute();
}
