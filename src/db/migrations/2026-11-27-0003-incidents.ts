import { sql, type Kysely } from 'kysely';

/**
 * Incidents: the numbered unit of response, with assignees and a timeline, and the named
 * counters that number them (seeded with `incident_number` = 0, so the first incident is #1).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into counters (name, value) values ('incident_number', 0)`.execute(db);

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'bigint', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('priority_overridden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('category', 'text')
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('set null'))
    .addColumn('group_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('last_event_at', 'bigint', (c) => c.notNull())
    .addColumn('snoozed_until', 'bigint')
    .addColumn('merged_into_id', 'text', (c) => c.references('incidents.id').onDelete('set null'))
    .addColumn('commander_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('communications_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('scribe_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The alert pipeline's lookup: the newest open incident of a service for a grouping key.
  await db.schema
    .createIndex('incidents_open_group')
    .on('incidents')
    .columns(['service_id', 'group_key', 'status', 'created_at'])
    .execute();
  // Keyset pages: newest or oldest first, by status, by priority (P1 first, newest first).
  await db.schema.createIndex('incidents_created').on('incidents').columns(['created_at', 'id']).execute();
  await db.schema
    .createIndex('incidents_status')
    .on('incidents')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('incidents_priority')
    .on('incidents')
    .columns(['priority', 'created_at desc', 'id desc'])
    .execute();
  await db.schema.createIndex('incidents_merged_into').on('incidents').column('merged_into_id').execute();

  await db.schema
    .createTable('incident_assignees')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_assignees_pk', ['incident_id', 'user_id'])
    .execute();
  await db.schema.createIndex('incident_assignees_user').on('incident_assignees').column('user_id').execute();

  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createIndex('incident_timeline_incident')
    .on('incident_timeline')
    .columns(['incident_id', 'at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['incident_timeline', 'incident_assignees', 'incidents', 'counters']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
