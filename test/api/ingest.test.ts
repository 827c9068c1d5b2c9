import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import { as, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';

/** The captured payloads of real senders, in ../shared/fixtures beside the repository. */
const fixtures = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'alertmanager-0.25');
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as { body: Record<string, unknown> };

describeEachDialect('alert ingest', (kind) => {
  let server: TestServer;
  let owner: Session;
  const keys: Record<string, string> = {};
  let serviceId = '';

  before(async () => {
    server = await startTestServer({ kind });
    owner = await setupOwner(server.app);
    serviceId = (await api('POST', '/api/v1/services', { name: 'Checkout' })).json().id;
    for (const type of ['pagerduty', 'alertmanager', 'opsgenie', 'keel', 'webhook']) {
      keys[type] = (
        await api('POST', `/api/v1/services/${serviceId}/integrations`, { type, name: type })
      ).json().key;
    }
  });
  after(() => server.close());

  function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
    return server.app.inject({
      method,
      url,
      headers: as(owner),
      ...(payload !== undefined && { payload: payload as object }),
    });
  }
  const send = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const alertsOf = async (dedupKey: string) =>
    server.keel.database.db
      .selectFrom('alerts')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('dedup_key', '=', dedupKey)
      .execute();
  const incident = async (id: string) =>
    server.keel.database.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  test('PagerDuty: trigger, repeat, acknowledge, resolve — one alert, one incident, resolved with it', async () => {
    const event = {
      routing_key: keys.pagerduty,
      event_action: 'trigger',
      dedup_key: 'disk-db-1',
      payload: { summary: 'Disk full on db-1', source: 'db-1', severity: 'critical' },
    };
    const first = await send('/v2/enqueue', event);
    assert.equal(first.statusCode, 202, first.body);
    assert.deepEqual(first.json(), { status: 'success', message: 'Event processed', dedup_key: 'disk-db-1' });
    assert.equal(
      (await send(`/api/v1/ingest/${keys.pagerduty}`, event)).statusCode,
      202,
      'the integration URL takes PagerDuty events too',
    );
    const [alert] = await alertsOf('disk-db-1');
    assert.equal(alert!.event_count, 2);
    const inc = await incident(alert!.incident_id!);
    assert.equal(inc.status, 'triggered');
    assert.equal(inc.severity, 'SEV1');
    assert.equal(inc.urgency, 'high');
    assert.equal(inc.title, 'Disk full on db-1');

    assert.equal((await send('/v2/enqueue', { ...event, event_action: 'acknowledge' })).statusCode, 202);
    assert.equal((await incident(inc.id)).status, 'acknowledged');
    assert.equal((await send('/v2/enqueue', { ...event, event_action: 'resolve' })).statusCode, 202);
    assert.equal((await incident(inc.id)).status, 'resolved');
    assert.equal(
      (await send('/v2/enqueue', { ...event, event_action: 'resolve' })).statusCode,
      202,
      'a repeat is harmless',
    );
    const events = await server.keel.database.db
      .selectFrom('alert_events')
      .select(['action', 'outcome'])
      .where('dedup_key', '=', 'disk-db-1')
      .orderBy('received_at')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((e) => `${e.action}:${e.outcome}`),
      [
        'trigger:opened',
        'trigger:refreshed',
        'acknowledge:acknowledged',
        'resolve:resolved',
        'resolve:unknown_alert',
      ],
    );
  });

  test('PagerDuty: generated dedup key, invalid events and unknown keys in PagerDuty’s shape', async () => {
    const res = await send('/v2/enqueue', {
      routing_key: keys.pagerduty,
      event_action: 'trigger',
      payload: { summary: 's', source: 'x', severity: 'info' },
    });
    assert.equal(res.statusCode, 202);
    assert.ok(res.json().dedup_key.length >= 16);
    const bad = await send('/v2/enqueue', { routing_key: keys.pagerduty, event_action: 'resolve' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().status, 'invalid event');
    assert.equal(bad.json().message, 'Event object is invalid');
    assert.ok(bad.json().errors.length > 0);
    const unknown = await send('/v2/enqueue', {
      routing_key: '0'.repeat(32),
      event_action: 'trigger',
      payload: { summary: 's', source: 'x', severity: 'info' },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().status, 'invalid event');
    const malformed = await server.app.inject({
      method: 'POST',
      url: '/v2/enqueue',
      payload: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().status, 'invalid event');
  });

  test('Alertmanager: the captured firing and resolved groups', async () => {
    const firing = fixture('am_webhook_firing.json').body;
    const res = await send(`/api/v1/ingest/${keys.alertmanager}`, firing, {
      authorization: 'Bearer whatever-alertmanager-sends',
    });
    assert.equal(res.statusCode, 202, res.body);
    const opened = res.json().events as { dedupKey: string; outcome: string; alertId: string }[];
    assert.equal(opened.length, (firing.alerts as unknown[]).length);
    assert.ok(opened.every((e) => e.outcome === 'opened'));
    const rows = await server.keel.database.db
      .selectFrom('alerts')
      .select(['incident_id', 'status'])
      .where(
        'id',
        'in',
        opened.map((e) => e.alertId),
      )
      .execute();
    assert.equal(new Set(rows.map((r) => r.incident_id)).size, 1, 'one group, one incident');
    const resolved = await send(
      `/api/v1/ingest/${keys.alertmanager}`,
      fixture('am_webhook_resolved.json').body,
    );
    assert.equal(resolved.statusCode, 202);
    assert.ok((resolved.json().events as { outcome: string }[]).every((e) => e.outcome === 'resolved'));
    assert.equal((await incident(rows[0]!.incident_id!)).status, 'resolved');
  });

  test('Opsgenie: create and close by alias at both URL forms', async () => {
    const created = await send(`/api/v1/ingest/${keys.opsgenie}/v2/alerts`, {
      message: 'Queue backlog',
      alias: 'q-backlog',
      priority: 'P2',
    });
    assert.equal(created.statusCode, 202, created.body);
    assert.equal(created.json().result, 'Request will be processed');
    const [alert] = await alertsOf('q-backlog');
    assert.equal((await incident(alert!.incident_id!)).priority, 'P2');
    const closed = await send(
      '/v2/alerts/q-backlog/close?identifierType=alias',
      {},
      { authorization: `GenieKey ${keys.opsgenie}` },
    );
    assert.equal(closed.statusCode, 202, closed.body);
    assert.equal((await alertsOf('q-backlog'))[0]!.status, 'resolved');
    const badKey = await send('/v2/alerts', { message: 'x' }, { authorization: 'GenieKey nope' });
    assert.equal(badKey.statusCode, 401);
    assert.ok(typeof badKey.json().message === 'string' && typeof badKey.json().requestId === 'string');
    const invalid = await send(`/api/v1/ingest/${keys.opsgenie}/v2/alerts`, { alias: 'no-message' });
    assert.equal(invalid.statusCode, 422);
  });

  test('Keel JSON; a webhook without mapping; unknown keys', async () => {
    const res = await send(`/api/v1/ingest/${keys.keel}`, {
      action: 'trigger',
      dedupKey: 'k-1',
      summary: 'Keel event',
      severity: 'warning',
    });
    assert.equal(res.statusCode, 202, res.body);
    const inc = await incident((await alertsOf('k-1'))[0]!.incident_id!);
    assert.deepEqual([inc.severity, inc.urgency], ['SEV3', 'low']);
    const hook = await send(`/api/v1/ingest/${keys.webhook}`, { anything: 1 });
    assert.equal(hook.statusCode, 400);
    assert.match(hook.json().error.message, /mapping/);
    const unknown = await send('/api/v1/ingest/doesnotexist', { action: 'trigger' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'not_found');
    const invalid = await send(`/api/v1/ingest/${keys.keel}`, { action: 'explode' });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().error.code, 'validation_failed');
  });

  test('100 identical triggers at once give one alert and one incident', async () => {
    const event = { action: 'trigger', dedupKey: 'storm-1', summary: 'Same thing', severity: 'error' };
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => send(`/api/v1/ingest/${keys.keel}`, event)),
    );
    assert.ok(answers.every((a) => a.statusCode === 202));
    const rows = await alertsOf('storm-1');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.event_count, 100);
  });

  test('resolving the incident by hand resolves its alerts; the next trigger opens a new incident', async () => {
    const event = {
      action: 'trigger',
      dedupKey: 'manual-1',
      summary: 'Needs a person',
      severity: 'critical',
    };
    assert.equal((await send(`/api/v1/ingest/${keys.keel}`, event)).statusCode, 202);
    const [alert] = await alertsOf('manual-1');
    const resolved = await api('POST', `/api/v1/incidents/${alert!.incident_id}/resolve`, {
      note: 'fixed the disk',
    });
    assert.equal(resolved.statusCode, 200, resolved.body);
    assert.equal((await alertsOf('manual-1'))[0]!.status, 'resolved');
    assert.equal((await send(`/api/v1/ingest/${keys.keel}`, event)).statusCode, 202);
    const rows = await alertsOf('manual-1');
    assert.equal(rows.length, 2);
    const reopened = rows.find((r) => r.status === 'triggered')!;
    assert.notEqual(reopened.incident_id, alert!.incident_id);
  });

  test('alerts API lists and shows what arrived', async () => {
    const list = await api(
      'GET',
      `/api/v1/alerts?service=${serviceId}&status=triggered,acknowledged&limit=2`,
    );
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().items.length, 2);
    assert.ok(list.json().nextCursor);
    const [first] = list.json().items;
    const detail = await api('GET', `/api/v1/alerts/${first.id}`);
    assert.equal(detail.statusCode, 200);
    assert.ok(detail.json().events.length >= 1);
    assert.equal((await api('GET', '/api/v1/alerts/nope')).statusCode, 404);
  });
});
