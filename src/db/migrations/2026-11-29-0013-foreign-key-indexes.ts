import type { Kysely } from 'kysely';

/**
 * Indexes for foreign keys on tables that grow with traffic. Deleting a parent row makes the
 * database find its children (to cascade, set null or refuse): without an index on the child's
 * column that is a scan of the whole child table for each deleted row. Deleting an integration
 * scanned every raw event (alert_events: a week of them) and every alert; deleting a service once
 * for itself and once per integration; removing the sample data, once per sample service,
 * integration and incident — holding the write lock meanwhile (SQLite: about 70 ms per 200,000
 * raw events per scan; 1 ms with the index).
 *
 * Left out on purpose: alert_events.service_id. With it, every ingested event wrote one more index
 * entry and cost about 4 µs more of CPU (bench:ingest, same-run pairs, docs/benchmarks.md); without
 * it, deleting a service scans the raw events once (its integrations no longer do). Small tables
 * (silences, schedules, feeds…) are left as they are. test/api/foreign-key-indexes.test.ts holds
 * the list.
 */
const indexes: [name: string, table: string, column: string][] = [
  ['alert_events_integration', 'alert_events', 'integration_id'],
  ['alerts_integration', 'alerts', 'integration_id'],
  ['notifications_user', 'notifications', 'user_id'],
  ['notifications_contact_method', 'notifications', 'contact_method_id'],
  ['webhook_deliveries_incident', 'webhook_deliveries', 'incident_id'],
  ['incidents_commander', 'incidents', 'commander_user_id'],
  ['incidents_communications', 'incidents', 'communications_user_id'],
  ['incidents_scribe', 'incidents', 'scribe_user_id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, column] of indexes) {
    await db.schema.createIndex(name).on(table).column(column).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of indexes) await db.schema.dropIndex(name).ifExists().execute();
}
