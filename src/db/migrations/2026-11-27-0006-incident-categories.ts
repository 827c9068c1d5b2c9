import type { Kysely } from 'kysely';

/**
 * Incident categories become data an admin manages instead of a constant: a stable slug id
 * (what incidents.category stores), a label, an order, and an archived flag instead of deletion,
 * since incidents and reports keep pointing at a category after it falls out of use. Seeded with
 * the eight categories Keel shipped with, so existing incidents keep valid categories.
 */
const defaults: readonly [id: string, label: string, description: string][] = [
  ['software_bug', 'Software bug', 'A defect in the software that runs the service.'],
  ['hardware_failure', 'Hardware failure', 'A disk, host, network device or power failure.'],
  ['data_corruption', 'Data corruption', 'Data lost, wrong or inconsistent.'],
  ['performance', 'Performance', 'Slow responses, timeouts or saturation.'],
  ['configuration', 'Configuration', 'A configuration or deployment change.'],
  ['security', 'Security', 'A vulnerability, attack or leaked secret.'],
  ['data_integration', 'Data integration', 'A feed, import or third-party integration failing.'],
  ['other', 'Other', 'Anything else.'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const now = Date.now();
  await (db as Kysely<{ incident_categories: Record<string, string | number> }>)
    .insertInto('incident_categories')
    .values(
      defaults.map(([id, label, description], position) => ({
        id,
        label,
        description,
        position,
        archived: 0,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_categories').ifExists().execute();
}
