import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DomainEvent } from '../../src/lib/events.js';
import { IngestThread, IngestWriter } from '../../src/modules/alerts/index.js';
import { startApi, type Api } from '../helpers/api-fixtures.js';
import { as } from '../helpers/server.js';

/**
 * On a SQLite file, ingested events are committed by the ingest writer thread
 * (src/modules/alerts/ingest-thread.ts) while the main thread serves HTTP and makes every other
 * write on its own connection. These tests hold the thread to the in-process writer's contract:
 * a 2xx only after the commit, domain events on the main thread's bus before the answer, the
 * app's (fake) clock, cache changes seen by the very next event, main-thread writes interleaved
 * with ingest without SQLITE_BUSY, and a graceful stop that finishes what was accepted. Heartbeat
 * pings take the same thread.
 * PostgreSQL has no thread (one process, several connections already): its ingest is tested
 * everywhere else on both databases.
 */
describe('ingest writer thread (SQLite file)', () => {
  let api: Api;
  let routingKey: string;
  let serviceId: string;
  const seen: DomainEvent[] = [];
  before(async () => {
    api = await startApi('sqlite');
    api.server.keel.events.subscribe((e) => seen.push(e));
    const service = await call('POST', '/api/v1/services', { name: 'Threaded' });
    assert.equal(service.statusCode, 201, service.body);
    serviceId = service.json<{ id: string }>().id;
    const integration = await call('POST', `/api/v1/services/${serviceId}/integrations`, {
      type: 'pagerduty',
      name: 'PD',
    });
    assert.equal(integration.statusCode, 201, integration.body);
    routingKey = integration.json<{ key: string }>().key;
  });
  after(() => api.close());

  function call(method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    return api.app.inject({ method, url, headers: as(api.owner), ...(payload && { payload }) });
  }
  const trigger = (dedupKey: string, extra: Record<string, unknown> = {}) =>
    api.app.inject({
      method: 'POST',
      url: '/v2/enqueue',
      payload: {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: dedupKey,
        payload: { summary: dedupKey, source: 'host', severity: 'critical', ...extra },
      },
    });
  const alertOf = (dedupKey: string) =>
    api.db.selectFrom('alerts').selectAll().where('dedup_key', '=', dedupKey).executeTakeFirst();
  const monitorOf = (id: string) =>
    api.db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test('the server runs the thread, and an accepted event is committed before its 202', async () => {
    assert.ok(api.server.keel.ingest instanceof IngestThread);
    const res = await trigger('t-1');
    assert.equal(res.statusCode, 202, res.body);
    const alert = await alertOf('t-1');
    assert.ok(alert?.incident_id, 'alert and incident are in the database when the 202 arrives');
    assert.equal(alert.created_at, api.clock.now(), "the thread stamps rows with the app's clock");
    const raw = await api.db
      .selectFrom('alert_events')
      .select(['outcome', 'received_at'])
      .where('dedup_key', '=', 't-1')
      .execute();
    assert.deepEqual(raw, [{ outcome: 'opened', received_at: api.clock.now() }]);
  });

  test("the thread's queries are in /metrics' query histogram by the time the event is answered", async () => {
    const queries = async () => {
      const res = await api.app.inject({ method: 'GET', url: '/metrics' });
      const m = /^keel_db_query_duration_seconds_count\{outcome="ok"\} (\d+)$/m.exec(res.body);
      assert.ok(m, 'the query histogram is exported');
      return Number(m[1]);
    };
    await trigger('t-metrics');
    const before = await queries();
    // Repeats: the main thread finds the integration in its cache and runs no query for them;
    // the thread runs at least three each (find the alert, refresh it, store the raw event).
    for (let i = 0; i < 20; i++) assert.equal((await trigger('t-metrics')).statusCode, 202);
    const counted = (await queries()) - before;
    assert.ok(counted >= 60, `${counted} queries counted for 20 events`);
  });

  test("domain events reach the main thread's bus before the answer", async () => {
    seen.length = 0;
    api.clock.advance(1000);
    const res = await trigger('t-2');
    assert.equal(res.statusCode, 202);
    const alert = await alertOf('t-2');
    const names = seen.map((e) => e.name);
    assert.ok(names.includes('incident.triggered'), names.join());
    const changed = seen.find((e) => e.name === 'alert.changed');
    assert.deepEqual(changed?.payload, { alertId: alert!.id, serviceId, status: 'triggered' });
    assert.equal(changed?.at, api.clock.now());
  });

  test('a silence made on the main thread silences the very next event', async () => {
    const silence = await call('POST', '/api/v1/silences', {
      matchers: [{ label: 'service', op: '=', value: 'Threaded' }],
      endsAt: '2026-03-02T00:00:00Z',
      comment: 'service work',
    });
    assert.equal(silence.statusCode, 201, silence.body);
    const res = await trigger('t-3');
    assert.equal(res.statusCode, 202);
    const alert = await alertOf('t-3');
    assert.equal(alert?.suppressed, 1);
    assert.equal(alert?.incident_id, null);
    assert.equal(
      (await call('DELETE', `/api/v1/silences/${silence.json<{ id: string }>().id}`)).statusCode,
      200,
    );
    await trigger('t-3');
    assert.ok((await alertOf('t-3'))?.incident_id, 'once the silence is gone the next trigger pages');
  });

  test('main-thread writes and ingest interleave without a failed transaction', async () => {
    const opened = await trigger('t-4');
    assert.equal(opened.statusCode, 202);
    const incidentId = (await alertOf('t-4'))!.incident_id!;
    const work: Promise<{ statusCode: number; body: string }>[] = [];
    for (let i = 0; i < 300; i++) {
      work.push(trigger(i % 5 === 0 ? `t-new-${i}` : `t-4`));
      if (i % 10 === 0)
        work.push(call('POST', `/api/v1/incidents/${incidentId}/notes`, { body: `note ${i}` }));
    }
    const results = await Promise.all(work);
    const failed = results.filter((r) => r.statusCode >= 300);
    assert.deepEqual(failed, [], 'every ingest and every note answered 2xx');
    const notes = await api.db
      .selectFrom('incident_timeline')
      .select('id')
      .where('incident_id', '=', incidentId)
      .where('kind', '=', 'note')
      .execute();
    assert.equal(notes.length, 30);
    const refreshed = await alertOf('t-4');
    assert.equal(refreshed?.event_count, 1 + 240);
  });

  test('heartbeat pings are committed by the thread before their 200; an unknown token is 404', async () => {
    const thread = api.server.keel.ingest as IngestThread;
    const sent: string[] = [];
    const ping = thread.ping.bind(thread);
    // The route holds the thread itself as its sink: count what reaches it.
    thread.ping = (token, kind) => {
      sent.push(kind);
      return ping(token, kind);
    };
    const made = await call('POST', '/api/v1/monitors', {
      name: 'Backup',
      type: 'heartbeat',
      serviceId,
      config: { everySeconds: 3600 },
    });
    assert.equal(made.statusCode, 201, made.body);
    const { id, heartbeatPath } = made.json<{ id: string; heartbeatPath: string }>();
    const started = await api.app.inject({ method: 'POST', url: `${heartbeatPath}/start` });
    assert.equal(started.statusCode, 200, started.body);
    assert.ok((await monitorOf(id)).last_start_at !== null, 'the start is committed before its 200');
    api.clock.advance(1500);
    const pinged = await api.app.inject({ method: 'GET', url: heartbeatPath });
    assert.equal(pinged.statusCode, 200, pinged.body);
    const row = await monitorOf(id);
    assert.equal(row.state, 'up');
    assert.equal(Number(row.last_ping_at), api.clock.now(), "the thread ran on the app's clock");
    const results = await api.db
      .selectFrom('monitor_results')
      .selectAll()
      .where('monitor_id', '=', id)
      .execute();
    assert.deepEqual(
      results.map((r) => [r.status, r.latency_ms]),
      [['up', 1500]],
      'the run is measured from its start',
    );
    const unknown = await api.app.inject({ method: 'GET', url: '/api/v1/heartbeat/no-such-token-000000' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<{ error: { code: string } }>().error.code, 'not_found');
    assert.deepEqual(sent, ['start', 'success', 'success']);
  });

  test('KEEL_INGEST_THREAD=false keeps ingest on the main thread', async () => {
    const local = await startApi('sqlite', { KEEL_INGEST_THREAD: 'false' });
    try {
      assert.ok(local.server.keel.ingest instanceof IngestWriter);
    } finally {
      await local.close();
    }
  });
});

describe('ingest writer thread: stopping', () => {
  test('a graceful stop answers and keeps every event accepted before it', async () => {
    const api = await startApi('sqlite');
    const service = await api.app.inject({
      method: 'POST',
      url: '/api/v1/services',
      headers: as(api.owner),
      payload: { name: 'Stopping' },
    });
    const integration = await api.app.inject({
      method: 'POST',
      url: `/api/v1/services/${service.json<{ id: string }>().id}/integrations`,
      headers: as(api.owner),
      payload: { type: 'pagerduty', name: 'PD' },
    });
    const key = integration.json<{ key: string }>().key;
    const sends = Array.from({ length: 100 }, (_, i) =>
      api.app.inject({
        method: 'POST',
        url: '/v2/enqueue',
        payload: {
          routing_key: key,
          event_action: 'trigger',
          dedup_key: `s-${i}`,
          payload: { summary: `s-${i}`, source: 'host', severity: 'error' },
        },
      }),
    );
    // Let the requests reach the thread, then stop while they are being committed.
    await new Promise((r) => setImmediate(r));
    const thread = api.server.keel.ingest;
    await thread.idle();
    const statuses = (await Promise.all(sends)).map((r) => r.statusCode);
    assert.deepEqual(new Set(statuses), new Set([202]));
    const count = await api.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 100);
    await api.close();
    await assert.rejects(
      thread.submit(
        { integration: { id: 'x', service_id: 'x', type: 'pagerduty', name: 'x' }, settings: {} as never },
        [],
        '{}',
      ),
      /shutting down/,
    );
  });
});
