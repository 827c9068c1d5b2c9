import { sql, type Kysely } from 'kysely';
import { kindOfDb } from '../dialect.js';

/**
 * An alert's raw events as a chain instead of an index: `alerts.last_event_id` names its latest
 * event and each event its predecessor (`alert_events.prev_id`), so the alert's latest events are
 * found by following the chain from the alert (docs/ingest-formats.md "Raw events").
 *
 * Why: the index on (alert_id, received_at) put every event's entry on the page of its alert, a
 * page at random among the open alerts' — about a fifth of the ingest writer's CPU, in WAL pages
 * written per commit (docs/benchmarks.md, bench:ingest). The chain is written on pages the event
 * already dirties (its alert's row, the table's last page). Without that index the foreign key on
 * alert_id would make every deleted alert scan the table for its events, so it goes too: the
 * column stays, and a service's deletion still takes its events (service_id cascades).
 *
 * Existing events are chained in the order they were received; on SQLite the table is rebuilt
 * (a foreign key cannot be dropped in place), in one transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table alerts add column last_event_id text`.execute(db);
  // Each alert's latest event, while the index still finds them.
  await sql`
    update alerts set last_event_id = latest.id
    from (
      select alert_id, id, row_number() over (partition by alert_id order by received_at desc, id desc) as n
      from alert_events where alert_id is not null
    ) as latest
    where latest.alert_id = alerts.id and latest.n = 1`.execute(db);

  if (kindOfDb(db) === 'postgres') {
    await sql`alter table alert_events add column prev_id text`.execute(db);
    await sql`
      update alert_events set prev_id = chained.prev
      from (
        select id, lag(id) over (partition by alert_id order by received_at, id) as prev
        from alert_events where alert_id is not null
      ) as chained
      where chained.id = alert_events.id and chained.prev is not null`.execute(db);
    await sql`alter table alert_events drop constraint if exists alert_events_alert_id_fkey`.execute(db);
    await sql`drop index if exists alert_events_alert`.execute(db);
    return;
  }

  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable('alert_events_chained')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('integration_id', 'text', (c) => c.references('integrations.id').onDelete('set null'))
      .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('dedup_key', 'text', (c) => c.notNull())
      .addColumn('alert_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('prev_id', 'text')
      .execute();
    await sql`
      insert into alert_events_chained
        (id, received_at, integration_id, service_id, format, action, dedup_key, alert_id, outcome,
         payload, expires_at, prev_id)
      select id, received_at, integration_id, service_id, format, action, dedup_key, alert_id, outcome,
        payload, expires_at,
        case when alert_id is null then null
          else lag(id) over (partition by alert_id order by received_at, id) end
      from alert_events`.execute(trx);
    await trx.schema.dropTable('alert_events').execute();
    await sql`alter table alert_events_chained rename to alert_events`.execute(trx);
    await trx.schema.createIndex('alert_events_expires').on('alert_events').column('expires_at').execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('alert_events_alert')
    .on('alert_events')
    .columns(['alert_id', 'received_at'])
    .execute();
  await db.schema.alterTable('alert_events').dropColumn('prev_id').execute();
  await db.schema.alterTable('alerts').dropColumn('last_event_id').execute();
}
