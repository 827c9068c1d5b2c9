import { sql, type Kysely } from 'kysely';

/**
 * Escalation (issue 4): policies (ordered levels as JSON, repeat count, at most one default),
 * the steps the escalation engine has taken (one row per incident trigger, hand-off, round and
 * level: the unique key that makes a repeated step a no-op), and `incidents.triggered_at`, the
 * instant the incident last became triggered, which names its current escalation chain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('incidents').addColumn('triggered_at', 'bigint').execute();
  await sql`update incidents set triggered_at = created_at`.execute(db);

  await db.schema
    .createTable('escalation_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('repeat', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // At most one default policy.
  await sql`create unique index escalation_policies_one_default on escalation_policies (is_default) where is_default = 1`.execute(
    db,
  );

  await db.schema
    .createTable('escalation_steps')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('triggered_at', 'bigint', (c) => c.notNull())
    .addColumn('hop', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('policy_id', 'text')
    .addColumn('user_ids', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('escalation_steps_pk', ['incident_id', 'triggered_at', 'hop', 'round', 'level'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('escalation_steps').ifExists().execute();
  await db.schema.dropTable('escalation_policies').ifExists().execute();
  await db.schema.alterTable('incidents').dropColumn('triggered_at').execute();
}
