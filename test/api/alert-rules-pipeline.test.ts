import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/**
 * Routing rules, silences, maintenance windows and flapping, end to end: configured through the
 * API, exercised through HTTP ingest, checked in the alerts API and the incidents.
 */
describeEachDialect('alert pipeline: rules, silences, maintenance, flapping', (kind) => {
  let api: Api;
  let sequence = 0;

  before(async () => {
    api = await startApi(kind);
  });
  after(() => api.close());

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
    const res = await api.app.inject({
      method,
      url,
      headers: as(api.owner),
      ...(payload !== undefined && { payload: payload as object }),
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : res.json();
  }
  /** A fresh service with a Keel JSON integration. */
  async function service(settings: object = {}) {
    const s = await call('POST', '/api/v1/services', { name: `Service ${++sequence}`, settings });
    const i = await call('POST', `/api/v1/services/${s.id}/integrations`, { type: 'keel', name: 'keel' });
    return { id: s.id as string, name: s.name as string, key: i.key as string };
  }
  async function send(key: string, event: Record<string, unknown>) {
    const res = await api.app.inject({
      method: 'POST',
      url: `/api/v1/ingest/${key}`,
      payload: { severity: 'warning', summary: String(event.dedupKey), ...event },
    });
    assert.equal(res.statusCode, 202, res.body);
    return res.json().events[0] as { dedupKey: string; outcome: string; alertId: string };
  }
  const alert = (id: string) => call('GET', `/api/v1/alerts/${id}`);
  const incident = (id: string) =>
    api.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const incidentsOf = async (serviceId: string) =>
    (await api.db.selectFrom('incidents').select('id').where('service_id', '=', serviceId).execute()).length;
  const timeline = async (incidentId: string) =>
    (
      await api.db
        .selectFrom('incident_timeline')
        .select(['kind', 'body'])
        .where('incident_id', '=', incidentId)
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((e) => ({ kind: e.kind, body: JSON.parse(e.body) as Record<string, unknown> }));

  test('a global rule routes to another service and sets severity, priority and labels', async () => {
    const inbound = await service();
    const db = await service();
    const rule = await call('POST', '/api/v1/routing-rules', {
      name: 'database alerts to the DB team',
      conditions: [
        { field: 'source', op: 'matches', value: '^db-\\d+' },
        { field: 'detail', key: 'cluster.name', op: 'equals', value: 'main' },
      ],
      actions: { serviceId: db.id, severity: 'critical', priority: 'P2', labels: { team: 'dba' } },
    });
    const sent = await send(inbound.key, {
      action: 'trigger',
      dedupKey: 'db-disk',
      source: 'db-7',
      labels: { env: 'prod' },
      details: { cluster: { name: 'main' } },
    });
    assert.equal(sent.outcome, 'opened');
    const a = await alert(sent.alertId);
    assert.equal(a.serviceId, db.id);
    assert.equal(a.severity, 'critical');
    assert.equal(a.priority, 'P2');
    assert.deepEqual(a.labels, { env: 'prod', team: 'dba' });
    assert.deepEqual(a.routedBy, [{ ruleId: rule.id, name: 'database alerts to the DB team' }]);
    assert.equal(a.suppressed, false);
    assert.equal(a.suppression, null);
    const inc = await incident(a.incidentId);
    assert.deepEqual([inc.service_id, inc.severity, inc.priority], [db.id, 'SEV1', 'P2']);
    assert.equal(await incidentsOf(inbound.id), 0);

    const other = await send(inbound.key, { action: 'trigger', dedupKey: 'web', source: 'web-1' });
    assert.equal((await alert(other.alertId)).serviceId, inbound.id, 'no match: stays');

    const resolved = await send(inbound.key, { action: 'resolve', dedupKey: 'db-disk' });
    assert.deepEqual([resolved.outcome, resolved.alertId], ['resolved', sent.alertId]);
    assert.equal((await incident(a.incidentId)).status, 'resolved');
  });

  test('a suppress rule keeps the alert, visible and explained, without an incident', async () => {
    const svc = await service();
    const rule = await call('POST', '/api/v1/routing-rules', {
      name: 'info is noise',
      serviceId: svc.id,
      conditions: [{ field: 'severity', op: 'equals', value: 'info' }],
      actions: { suppress: true },
    });
    const sent = await send(svc.key, { action: 'trigger', dedupKey: 'noise', severity: 'info' });
    assert.equal(sent.outcome, 'suppressed');
    const a = await alert(sent.alertId);
    assert.equal(a.incidentId, null);
    assert.equal(a.suppressed, true);
    assert.deepEqual(a.suppression, { kind: 'rule', id: rule.id, name: 'info is noise' });
    assert.equal(await incidentsOf(svc.id), 0);
    const repeat = await send(svc.key, { action: 'trigger', dedupKey: 'noise', severity: 'info' });
    assert.deepEqual([repeat.outcome, repeat.alertId], ['suppressed', sent.alertId]);

    const listed = await call('GET', `/api/v1/alerts?service=${svc.id}&suppressed=true`);
    assert.deepEqual(
      listed.items.map((x: { id: string }) => x.id),
      [sent.alertId],
    );
    assert.deepEqual((await call('GET', `/api/v1/alerts?service=${svc.id}&suppressed=false`)).items, []);

    await call('PATCH', `/api/v1/routing-rules/${rule.id}`, { enabled: false });
    const paged = await send(svc.key, { action: 'trigger', dedupKey: 'noise', severity: 'info' });
    assert.equal(paged.outcome, 'refreshed');
    const now = await alert(sent.alertId);
    assert.equal(now.suppressed, false);
    assert.ok(now.incidentId, 'once no rule suppresses it, the next trigger pages');
  });

  test('a silence with =~ silences; after it expires the next trigger opens an incident', async () => {
    const svc = await service();
    const silence = await call('POST', '/api/v1/silences', {
      matchers: [
        { label: 'instance', op: '=~', value: 'db-[0-9]+:9100' },
        { label: 'service', op: '=', value: svc.name },
      ],
      endsAt: '2026-03-01T12:00:00Z',
      comment: 'replacing disks',
    });
    const sent = await send(svc.key, {
      action: 'trigger',
      dedupKey: 'exporter',
      labels: { instance: 'db-12:9100' },
    });
    assert.equal(sent.outcome, 'suppressed');
    const a = await alert(sent.alertId);
    assert.deepEqual(a.suppression, { kind: 'silence', id: silence.id, name: 'replacing disks' });
    const unanchored = await send(svc.key, {
      action: 'trigger',
      dedupKey: 'other',
      labels: { instance: 'x-db-1:9100' },
    });
    assert.equal(unanchored.outcome, 'opened', 'matchers are anchored');

    await call('DELETE', `/api/v1/silences/${silence.id}`);
    const again = await send(svc.key, {
      action: 'trigger',
      dedupKey: 'exporter',
      labels: { instance: 'db-12:9100' },
    });
    assert.deepEqual([again.outcome, again.alertId], ['refreshed', sent.alertId]);
    const after = await alert(sent.alertId);
    assert.equal(after.suppressed, false);
    assert.equal(after.suppression, null);
    assert.equal((await incident(after.incidentId)).status, 'triggered');
  });

  test('a one-off maintenance window silences its services only, while it lasts', async () => {
    const svc = await service();
    const elsewhere = await service();
    const window = await call('POST', '/api/v1/maintenance-windows', {
      title: 'Failover test',
      serviceIds: [svc.id],
      startsAt: '2026-03-01T08:30:00Z',
      endsAt: '2026-03-01T09:30:00Z',
    });
    const sent = await send(svc.key, { action: 'trigger', dedupKey: 'failover' });
    assert.deepEqual((await alert(sent.alertId)).suppression, {
      kind: 'maintenance',
      id: window.id,
      name: 'Failover test',
    });
    assert.equal((await send(elsewhere.key, { action: 'trigger', dedupKey: 'failover' })).outcome, 'opened');
    api.clock.set('2026-03-01T09:30:00Z');
    try {
      assert.equal((await send(svc.key, { action: 'trigger', dedupKey: 'failover' })).outcome, 'refreshed');
      assert.ok((await alert(sent.alertId)).incidentId);
    } finally {
      api.clock.set('2026-03-01T09:00:00Z');
    }
  });

  test('a recurring window silences during each occurrence, at local time across DST', async () => {
    const svc = await service();
    await call('POST', '/api/v1/maintenance-windows', {
      title: 'Nightly backup',
      serviceIds: [svc.id],
      startsAt: '2026-03-02T01:00:00Z',
      endsAt: '2026-03-02T02:00:00Z',
      timeZone: 'Europe/London',
      recurrence: { frequency: 'daily', interval: 1, until: null },
    });
    const at = async (iso: string, dedupKey: string) => {
      api.clock.set(iso);
      return (await send(svc.key, { action: 'trigger', dedupKey })).outcome;
    };
    try {
      assert.equal(await at('2026-03-10T01:30:00Z', 'a'), 'suppressed', '01:30 GMT');
      assert.equal(await at('2026-03-10T02:00:00Z', 'b'), 'opened', 'the occurrence is over');
      assert.equal(await at('2026-04-10T00:30:00Z', 'c'), 'suppressed', '01:30 BST');
      assert.equal(await at('2026-04-10T01:30:00Z', 'd'), 'opened', '02:30 BST: over');
      assert.equal(
        await at('2026-04-10T23:59:59Z', 'a'),
        'refreshed',
        '00:59:59 BST, between occurrences: a pages now',
      );
    } finally {
      api.clock.set('2026-03-01T09:00:00Z');
    }
  });

  test('flapping: the new alert joins (and reopens) the incident of the previous one', async () => {
    const svc = await service({ flapping: { enabled: true, maxTransitions: 2, windowMinutes: 30 } });
    const cycle = async () => {
      const t = await send(svc.key, { action: 'trigger', dedupKey: 'flappy', severity: 'error' });
      api.clock.advance(60_000);
      await send(svc.key, { action: 'resolve', dedupKey: 'flappy' });
      api.clock.advance(60_000);
      return alert(t.alertId);
    };
    try {
      const first = await cycle();
      const second = await cycle();
      const third = await cycle();
      assert.equal(
        new Set([first.incidentId, second.incidentId, third.incidentId]).size,
        3,
        'two re-triggers: not yet',
      );
      assert.equal(third.flapping, false);
      const fourth = await cycle();
      assert.equal(fourth.flapping, true, 'a third re-trigger within 30 minutes is more than 2');
      assert.equal(fourth.incidentId, third.incidentId, 'joined the previous incident');
      const entries = await timeline(third.incidentId);
      const reopened = entries.find((e) => e.kind === 'reopened');
      assert.deepEqual(reopened?.body, { reason: 'a flapping alert triggered again' });
      const linked = entries.filter((e) => e.kind === 'alert_linked');
      assert.deepEqual(
        linked.map((e) => e.body.flapping ?? false),
        [false, true],
      );
      assert.equal(await incidentsOf(svc.id), 3);

      // A person resolves the incident: that stands, the next flapping alert opens a new one.
      const fifth = await send(svc.key, { action: 'trigger', dedupKey: 'flappy', severity: 'error' });
      const a5 = await alert(fifth.alertId);
      assert.equal(a5.incidentId, third.incidentId);
      await call('POST', `/api/v1/incidents/${third.incidentId}/resolve`, { note: 'done' });
      api.clock.advance(60_000);
      const sixth = await alert(
        (await send(svc.key, { action: 'trigger', dedupKey: 'flappy', severity: 'error' })).alertId,
      );
      assert.equal(sixth.flapping, true);
      assert.notEqual(sixth.incidentId, third.incidentId);
      assert.equal((await incident(third.incidentId)).status, 'resolved');

      // Once the window has passed, nothing flaps.
      await send(svc.key, { action: 'resolve', dedupKey: 'flappy' });
      api.clock.advance(31 * 60_000);
      const calm = await alert(
        (await send(svc.key, { action: 'trigger', dedupKey: 'flappy', severity: 'error' })).alertId,
      );
      assert.equal(calm.flapping, false);
    } finally {
      api.clock.set('2026-03-01T09:00:00Z');
    }
  });

  test('another node’s change is seen within one second of the clock', async () => {
    const svc = await service();
    await send(svc.key, { action: 'trigger', dedupKey: 'warm' });
    // As another node would: write the silence and bump the version, without this process knowing.
    await api.db
      .insertInto('silences')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        matchers: JSON.stringify([{ label: 'service', op: '=', value: svc.name }]),
        starts_at: api.clock.now(),
        ends_at: api.clock.now() + 3_600_000,
        comment: 'from another node',
        created_by_user_id: null,
        created_by_name: 'someone',
        service_id: null,
        created_at: api.clock.now(),
        updated_at: api.clock.now(),
      })
      .execute();
    await sql`update counters set value = value + 1 where name = 'alert_rules_version'`.execute(api.db);
    try {
      assert.equal((await send(svc.key, { action: 'trigger', dedupKey: 'x1' })).outcome, 'opened', 'not yet');
      api.clock.advance(999);
      assert.equal((await send(svc.key, { action: 'trigger', dedupKey: 'x2' })).outcome, 'opened', 'not yet');
      api.clock.advance(1);
      assert.equal((await send(svc.key, { action: 'trigger', dedupKey: 'x3' })).outcome, 'suppressed');
    } finally {
      await api.db.deleteFrom('silences').where('comment', '=', 'from another node').execute();
      await sql`update counters set value = value + 1 where name = 'alert_rules_version'`.execute(api.db);
      api.clock.set('2026-03-01T09:00:00Z');
    }
  });
});
