import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { systemActor } from '../../src/lib/context.js';
import { latestAlertEvents } from '../../src/modules/alerts/alerts.repository.js';
import { purgeAlertEvents } from '../../src/modules/alerts/index.js';
import { createService } from '../../src/modules/services/index.js';
import { createServiceBody } from '../../src/modules/services/services.schema.js';
import { testConfig } from '../../src/config/config.js';
import { systemClock } from '../../src/lib/clock.js';
import { createEmptyTestDatabase, describeEachDialect } from '../helpers/db.js';
import { alertByKey, startIngestApi, type IngestApi } from '../helpers/ingest.js';

/**
 * An alert's raw events are a chain (alerts.last_event_id → alert_events.prev_id → …), not an
 * index per alert (migration 0012): the alert's detail shows its latest 50 events, newest first,
 * exactly those the table holds for it, however the events were batched.
 */
describeEachDialect('an alert’s raw events, chained', (kind) => {
  let api: IngestApi;
  before(async () => {
    api = await startIngestApi(kind);
  });
  after(() => api.close());

  const trigger = (key: string, n: number) =>
    api.send('/v2/enqueue', {
      routing_key: api.keys.pagerduty,
      event_action: 'trigger',
      dedup_key: key,
      payload: { summary: `${key} #${n}`, source: 'test', severity: 'error' },
    });
  /** What the table holds for the alert (compared as sets: ids in one millisecond are random). */
  const stored = async (alertId: string) =>
    (
      await api.db
        .selectFrom('alert_events')
        .select('id')
        .where('alert_id', '=', alertId)
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    ).map((r) => r.id);

  const head = async (alertId: string) =>
    (
      await api.db
        .selectFrom('alerts')
        .select('last_event_id')
        .where('id', '=', alertId)
        .executeTakeFirstOrThrow()
    ).last_event_id;
  const chain = async (alertId: string) =>
    (await latestAlertEvents(api.db, await head(alertId), 1000)).map((e) => e.id);
  /** The round a test event was sent in, from its summary ("chain-a #n", five a round). */
  const roundOf = (payload: string) => Math.floor(Number(/#(\d+)/.exec(payload)![1]) / 5);

  test('the detail lists the alert’s latest 50 events, newest first, across batches and interleaved keys', async () => {
    // Eleven rounds of five concurrent triggers per key, two keys interleaved: requests sent
    // together are committed together (group commit), so one transaction holds several events
    // of the same alert.
    for (let round = 0; round < 11; round++) {
      const sent = await Promise.all(
        Array.from({ length: 10 }, (_, i) => trigger(i % 2 ? 'chain-b' : 'chain-a', round * 5 + (i >> 1))),
      );
      for (const res of sent) assert.equal(res.statusCode, 202, res.body);
    }
    const a = await alertByKey(api, 'chain-a');
    const b = await alertByKey(api, 'chain-b');
    const all = await stored(a.id);
    assert.equal(all.length, 55);
    const detail = await api.call('GET', `/api/v1/alerts/${a.id}`);
    assert.equal(detail.statusCode, 200, detail.body);
    const events = detail.json<{ events: { id: string; payload: string }[] }>().events;
    assert.equal(events.length, 50);
    assert.ok(events.every((e) => e.payload.includes('"chain-a"')));
    // Newest first: rounds 10 down to 1 (round 0's five are the oldest, past the 50).
    const rounds = events.map((e) => roundOf(e.payload));
    assert.deepEqual(
      rounds,
      [...rounds].sort((x, y) => y - x),
    );
    assert.equal(rounds.at(-1), 1);
    assert.equal(new Set(events.map((e) => e.id)).size, 50);
    // The whole chain is every event of the alert, and the other alert's chain is its own.
    assert.deepEqual([...(await chain(a.id))].sort(), [...all].sort());
    assert.deepEqual([...(await chain(b.id))].sort(), [...(await stored(b.id))].sort());
  });

  test('events purged by retention end the chain; what remains is still listed', async () => {
    const a = await alertByKey(api, 'chain-a');
    const before = await chain(a.id);
    await api.db
      .updateTable('alert_events')
      .set({ expires_at: 1 })
      .where('id', 'in', before.slice(-10))
      .execute();
    assert.equal(await purgeAlertEvents(api.db, 1000, 86_400_000 * 7), 10);
    assert.deepEqual(await chain(a.id), before.slice(0, -10));
  });

  test('an Opsgenie update joins the chain of its alert', async () => {
    const url = `/api/v1/ingest/${api.keys.opsgenie}/v2/alerts`;
    assert.equal((await api.send(url, { message: 'Disk full', alias: 'og-chain' })).statusCode, 202);
    const put = await api.app.inject({
      method: 'PUT',
      url: `${url}/og-chain/message?identifierType=alias`,
      payload: { message: 'Disk almost full' },
    });
    assert.equal(put.statusCode, 202, put.body);
    const alert = await alertByKey(api, 'og-chain');
    const detail = await api.call('GET', `/api/v1/alerts/${alert.id}`);
    assert.deepEqual(
      detail.json<{ events: { action: string }[] }>().events.map((e) => e.action),
      ['update', 'trigger'],
    );
  });

  test('every path chains its event: open, refresh, acknowledge, refresh, resolve, then a new alert of the key', async () => {
    const send = (action: string, n: number) =>
      api.send('/v2/enqueue', {
        routing_key: api.keys.pagerduty,
        event_action: action,
        dedup_key: 'chain-life',
        payload: { summary: `chain-life #${n}`, source: 'test', severity: 'error' },
      });
    const steps = ['trigger', 'trigger', 'acknowledge', 'trigger', 'resolve', 'trigger'];
    for (const [n, action] of steps.entries()) assert.equal((await send(action, n)).statusCode, 202);
    const alerts = await api.db
      .selectFrom('alerts')
      .select(['id', 'status'])
      .where('dedup_key', '=', 'chain-life')
      .orderBy('status') // the first alert resolved, the second open (ids in one millisecond are random)
      .execute();
    assert.deepEqual(
      alerts.map((a) => a.status),
      ['resolved', 'triggered'],
    );
    const actions = async (alertId: string) =>
      (await api.call('GET', `/api/v1/alerts/${alertId}`))
        .json<{ events: { action: string; outcome: string }[] }>()
        .events.map((e) => `${e.action}:${e.outcome}`);
    assert.deepEqual(await actions(alerts[0]!.id), [
      'resolve:resolved',
      'trigger:refreshed',
      'acknowledge:acknowledged',
      'trigger:refreshed',
      'trigger:opened',
    ]);
    assert.deepEqual(await actions(alerts[1]!.id), ['trigger:opened']);
    for (const a of alerts)
      assert.deepEqual([...(await chain(a.id))].sort(), [...(await stored(a.id))].sort());
  });

  test('an alert with no events yet lists none', async () => {
    assert.deepEqual(await latestAlertEvents(api.db, null, 50), []);
  });
});

/** Rows as a table stood before a migration (the typed schema is the latest one's). */
async function insertRows(db: Kysely<DB>, table: string, rows: Record<string, unknown>[]) {
  const columns = Object.keys(rows[0]!);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    values ${sql.join(rows.map((r) => sql`(${sql.join(columns.map((c) => r[c]))})`))}`.execute(db);
}

describeEachDialect('migration 0012 chains the events already stored', (kind) => {
  test('heads, links in order of receipt, no index or foreign key on alert_id left', async () => {
    const database = await createEmptyTestDatabase(kind);
    try {
      const db = database.db as Kysely<DB>;
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        migrationTableName: 'keel_migrations',
        migrationLockTableName: 'keel_migrations_lock',
      });
      const before = await migrator.migrateTo('2026-11-28-0011-monitor-state-changes');
      assert.equal(before.error, undefined);
      const ctx = {
        db,
        kind,
        clock: systemClock,
        config: testConfig({ DATABASE_URL: database.url, KEEL_PUBLIC_URL: 'http://x' }),
        logger: undefined,
      } as never;
      const service = await createService(ctx, systemActor, createServiceBody.parse({ name: 'Old' }));
      const alert = (id: string) => ({
        id,
        service_id: service.id,
        dedup_key: id,
        status: 'triggered',
        summary: id,
        severity: 'error',
        event_count: 1,
        created_at: 1,
        last_event_at: 1,
        updated_at: 1,
      });
      await insertRows(db, 'alerts', [alert('al-1'), alert('al-2')]);
      // Received out of id order on purpose: the chain follows received_at, then id.
      const event = (id: string, alertId: string | null, at: number) => ({
        id,
        received_at: at,
        service_id: service.id,
        format: 'pagerduty',
        action: 'trigger',
        dedup_key: alertId ?? 'unknown',
        alert_id: alertId,
        outcome: alertId ? 'refreshed' : 'unknown_alert',
        payload: '{}',
        expires_at: 9e12,
      });
      await insertRows(db, 'alert_events', [
        event('ev-3', 'al-1', 10),
        event('ev-1', 'al-1', 20),
        event('ev-2', 'al-1', 20),
        event('ev-4', 'al-2', 15),
        event('ev-5', null, 16),
      ]);

      const chained = await migrator.migrateTo('2026-11-28-0012-alert-event-chain');
      assert.equal(chained.error, undefined);
      assert.deepEqual(
        chained.results?.map((r) => r.migrationName),
        ['2026-11-28-0012-alert-event-chain'],
      );
      const heads = await db.selectFrom('alerts').select(['id', 'last_event_id']).orderBy('id').execute();
      assert.deepEqual(heads, [
        { id: 'al-1', last_event_id: 'ev-2' },
        { id: 'al-2', last_event_id: 'ev-4' },
      ]);
      assert.deepEqual(
        (await latestAlertEvents(db, 'ev-2', 50)).map((e) => [e.id, e.prev_id]),
        [
          ['ev-2', 'ev-1'],
          ['ev-1', 'ev-3'],
          ['ev-3', null],
        ],
      );
      const orphan = await db
        .selectFrom('alert_events')
        .select('prev_id')
        .where('id', '=', 'ev-5')
        .executeTakeFirstOrThrow();
      assert.equal(orphan.prev_id, null);
      const eventCount = await db
        .selectFrom('alert_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(eventCount.n), 5);

      // No foreign key on alert_id: deleting an alert leaves its events' alert_id as it was
      // (a service's deletion takes both), and no index by alert is left.
      await db.deleteFrom('alerts').where('id', '=', 'al-2').execute();
      const kept = await db
        .selectFrom('alert_events')
        .select('alert_id')
        .where('id', '=', 'ev-4')
        .executeTakeFirstOrThrow();
      assert.equal(kept.alert_id, 'al-2');
      const indexes =
        kind === 'sqlite'
          ? await db
              .selectFrom('sqlite_master' as never)
              .select('name' as never)
              .where('tbl_name' as never, '=', 'alert_events' as never)
              .where('type' as never, '=', 'index' as never)
              .execute()
          : await db
              .selectFrom('pg_indexes' as never)
              .select('indexname as name' as never)
              .where('tablename' as never, '=', 'alert_events' as never)
              .execute();
      const names = (indexes as { name: string }[]).map((r) => r.name);
      assert.ok(names.includes('alert_events_expires'), names.join());
      assert.ok(!names.includes('alert_events_alert'), names.join());
    } finally {
      await database.close();
    }
  });
});
