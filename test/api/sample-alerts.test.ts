import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { IncidentView } from '../../src/modules/incidents/index.js';
import { assertStatus, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

interface AlertView {
  id: string;
  serviceId: string;
  integrationId: string | null;
  incidentId: string | null;
  dedupKey: string;
  status: string;
  summary: string;
  severity: string;
  labels: Record<string, string>;
  eventCount: number;
  suppressed: boolean;
  suppression: { kind: string; id: string; name: string } | null;
  routedBy: { ruleId: string; name: string }[];
}
interface AlertDetail extends AlertView {
  events: { action: string; outcome: string; format: string; payload: string; receivedAt: string }[];
}

/**
 * Sample alerts: every alerts page has something to show after "load sample data" — alerts linked
 * to the sample incidents with their raw events, and quiet alerts with the silence, routing rule
 * and maintenance window that explain them; those three are real (a new event matching them is
 * kept quiet the same way) and removal takes all of it, and nothing else.
 */
describeEachDialect('sample alerts, silences, rules and maintenance', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(() => api.close());

  const get = async <T>(url: string): Promise<T> => {
    const res = await api.app.inject({ url, headers: as(api.owner) });
    assertStatus(res, 200);
    return res.json<T>();
  };
  const send = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: as(api.owner), ...(payload && { payload }) });

  test('loaded: alerts behind the incidents, quiet alerts with their reasons, raw events chained', async () => {
    assertStatus(await send('POST', '/api/v1/sample-data'), 201);
    const alerts = (await get<{ items: AlertView[] }>('/api/v1/alerts?limit=100')).items;
    assert.equal(alerts.length, 9);
    assert.ok(alerts.every((a) => a.summary.startsWith('Sample · ')));

    // Every open or resolved sample incident shows the alerts behind it; the merged one's alert moved.
    const incidents = (
      await get<{ items: (IncidentView & { mergedIntoId: string | null })[] }>('/api/v1/incidents')
    ).items;
    const linked = (id: string) =>
      alerts
        .filter((a) => a.incidentId === id)
        .map((a) => a.summary)
        .sort();
    const byTitle = (part: string) => incidents.find((i) => i.title.includes(part))!;
    assert.deepEqual(linked(byTitle('Visa').id), [
      'Sample · Payment timeouts at checkout',
      'Sample · Processor error rate above 20 %',
      'Sample · Visa authorisations failing: processor answers 502',
    ]);
    assert.deepEqual(linked(byTitle('Payment timeouts').id), [], 'merged: its alert went with it');
    assert.deepEqual(linked(byTitle('latency').id), ['Sample · Checkout p95 latency above 2 s']);
    assert.deepEqual(linked(byTitle('Disk full').id), ['Sample · Disk full on search-db-2']);
    assert.equal(alerts.find((a) => a.summary.includes('search-db-2'))!.status, 'resolved');

    // The incident's timeline links to its alerts.
    const detail = await get<{ timeline: { kind: string; body: Record<string, unknown> }[] }>(
      `/api/v1/incidents/${byTitle('Visa').id}`,
    );
    const linkedIds = detail.timeline.filter((e) => e.kind === 'alert_linked').map((e) => e.body.alertId);
    assert.deepEqual(
      new Set(linkedIds),
      new Set(alerts.filter((a) => a.incidentId === byTitle('Visa').id).map((a) => a.id)),
    );

    // Each sample integration says when it last received an event: its latest sample event.
    const integrations = await api.db.selectFrom('integrations').select(['id', 'last_event_at']).execute();
    assert.equal(integrations.length, 3);
    for (const i of integrations) {
      const events = await api.db
        .selectFrom('alert_events')
        .select((eb) => eb.fn.max('received_at').as('at'))
        .where('integration_id', '=', i.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(i.last_event_at), Number(events.at));
    }

    // Quiet alerts: no incident, and the reason names a silence, a rule and a window that exist.
    const quiet = alerts.filter((a) => a.suppressed);
    assert.deepEqual(quiet.map((a) => a.suppression!.kind).sort(), ['maintenance', 'rule', 'silence']);
    assert.ok(quiet.every((a) => a.incidentId === null));
    const silences = (
      await get<{ items: { id: string; comment: string; state: string }[] }>('/api/v1/silences')
    ).items;
    const silenced = quiet.find((a) => a.suppression!.kind === 'silence')!;
    assert.equal(silences.find((s) => s.id === silenced.suppression!.id)?.state, 'active');
    const rules = (
      await get<{ items: { id: string; name: string }[] }>(
        `/api/v1/routing-rules?serviceId=${quiet.find((a) => a.suppression!.kind === 'rule')!.serviceId}`,
      )
    ).items;
    const ruled = quiet.find((a) => a.suppression!.kind === 'rule')!;
    assert.ok(rules.some((r) => r.id === ruled.suppression!.id));
    assert.deepEqual(
      ruled.routedBy.map((r) => r.ruleId),
      [ruled.suppression!.id],
    );
    const windows = (
      await get<{ items: { id: string; title: string; recurrence: unknown }[] }>(
        '/api/v1/maintenance-windows',
      )
    ).items;
    const maintained = quiet.find((a) => a.suppression!.kind === 'maintenance')!;
    const window = windows.find((w) => w.id === maintained.suppression!.id);
    assert.ok(window?.recurrence, 'a recurring window');

    // Each alert's detail lists its raw events, newest first, as the sender posted them.
    for (const a of alerts) {
      const d = await get<AlertDetail>(`/api/v1/alerts/${a.id}`);
      const triggers = d.events.filter((e) => e.action === 'trigger').length;
      assert.equal(triggers, a.eventCount, `${a.summary}: one raw event per trigger`);
      const times = d.events.map((e) => Date.parse(e.receivedAt));
      assert.deepEqual(
        times,
        [...times].sort((x, y) => y - x),
        'newest first',
      );
      for (const e of d.events) assert.ok(JSON.parse(e.payload), 'the raw body');
      assert.equal(d.events.at(-1)!.outcome, a.suppressed ? 'suppressed' : 'opened');
      if (a.status === 'resolved') assert.equal(d.events[0]!.outcome, 'resolved');
    }
  });

  test('the sample silence and rule keep a new matching event quiet too', async () => {
    const services = (await get<{ items: { id: string; name: string }[] }>('/api/v1/services?q=Sample'))
      .items;
    const key = async (service: string) => {
      const id = services.find((s) => s.name === service)!.id;
      const list = await get<{ key: string; type: string; name: string }[] | { items: { key: string }[] }>(
        `/api/v1/services/${id}/integrations`,
      );
      const items = Array.isArray(list) ? list : list.items;
      return items[0]!.key;
    };
    const firing = (labels: Record<string, string>) => ({
      version: '4',
      groupKey: '{}:{alertname="Test"}',
      status: 'firing',
      receiver: 'keel',
      groupLabels: {},
      commonLabels: labels,
      commonAnnotations: {},
      externalURL: 'https://alertmanager.example.com',
      alerts: [
        {
          status: 'firing',
          labels,
          annotations: { summary: `new ${labels.alertname}` },
          startsAt: new Date(api.clock.now()).toISOString(),
        },
      ],
    });
    const post = (k: string, body: object) =>
      api.app.inject({ method: 'POST', url: `/api/v1/ingest/${k}`, payload: body });
    assertStatus(
      await post(await key('Sample · Search'), firing({ alertname: 'Quiet1', instance: 'search-db-3' })),
      202,
    );
    assertStatus(
      await post(await key('Sample · Checkout API'), firing({ alertname: 'Quiet2', env: 'staging' })),
      202,
    );
    assertStatus(
      await post(await key('Sample · Checkout API'), firing({ alertname: 'Loud', env: 'production' })),
      202,
    );
    const alerts = (await get<{ items: AlertView[] }>('/api/v1/alerts?limit=100')).items;
    const of = (name: string) => alerts.find((a) => a.labels.alertname === name)!;
    assert.equal(of('Quiet1').suppression?.kind, 'silence');
    assert.equal(of('Quiet2').suppression?.kind, 'rule');
    assert.equal(of('Loud').suppressed, false);
    assert.ok(of('Loud').incidentId, 'a matching nothing alert pages');
  });

  test('removal takes the sample alerts, events, integrations, silence, rule and window, and nothing else', async () => {
    const real = await send('POST', '/api/v1/silences', {
      matchers: [{ label: 'env', op: '=', value: 'dev' }],
      endsAt: new Date(api.clock.now() + 3_600_000).toISOString(),
      comment: 'real',
    });
    assertStatus(real, 201);
    assertStatus(await send('DELETE', '/api/v1/sample-data'), 204);
    const count = async (
      table:
        'alerts' | 'alert_events' | 'integrations' | 'silences' | 'routing_rules' | 'maintenance_windows',
    ) =>
      Number(
        (
          await api.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count('alerts'), 0);
    assert.equal(await count('alert_events'), 0);
    assert.equal(await count('integrations'), 0);
    assert.equal(await count('routing_rules'), 0);
    assert.equal(await count('maintenance_windows'), 0);
    assert.deepEqual(
      (await get<{ items: { comment: string }[] }>('/api/v1/silences')).items.map((s) => s.comment),
      ['real'],
    );
    // And it loads again.
    assertStatus(await send('POST', '/api/v1/sample-data'), 201);
    assert.equal((await get<{ items: AlertView[] }>('/api/v1/alerts?limit=100')).items.length, 9);
  });
});
