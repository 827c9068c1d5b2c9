import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import {
  alertByKey,
  alertsOf,
  allFixtures,
  eventOutcomes,
  incidentById,
  loadFixture,
  startIngestApi,
  timelineKinds,
  type Fixture,
  type IngestApi,
} from '../helpers/ingest.js';

/**
 * Every captured payload of ../shared/fixtures, sent to the route its sender would reach, with the
 * headers it was captured with (Alertmanager's own `Authorization: Bearer …` included: ingest
 * ignores it): Alertmanager's webhook (firing, repeated, resolved; an HA pair; amtool), its
 * PagerDuty receiver (→ /v2/enqueue) and Prometheus posting to Keel as its Alertmanager.
 */
const covered = [
  'alertmanager-0.25/am_ha_webhook_firing.json',
  'alertmanager-0.25/am_pagerduty_v2_resolve.json',
  'alertmanager-0.25/am_pagerduty_v2_trigger.json',
  'alertmanager-0.25/am_webhook_firing.json',
  'alertmanager-0.25/am_webhook_resolved.json',
  'alertmanager-0.25/amtool_webhook_firing.json',
  'alertmanager-0.25/amtool_webhook_resolved.json',
  'alertmanager-0.25/prometheus_to_am_api_v2_alerts_firing.json',
  'alertmanager-0.25/prometheus_to_am_api_v2_alerts_resolved.json',
];
const used = new Set<string>();

function fixture(name: string): Fixture {
  assert.ok(covered.includes(name), `${name} is not in the covered list`);
  used.add(name);
  return loadFixture(name);
}

type Group = { receiver: string; groupKey: string; alerts: Record<string, unknown>[] };

describeEachDialect('ingest conformance: Alertmanager and Prometheus, captured', (kind) => {
  let api: IngestApi;
  before(async () => {
    api = await startIngestApi(kind);
    // The moment of the capture: Prometheus' endsAt decides firing or resolved against it.
    api.clock.set('2026-11-27T14:03:05Z');
  });
  after(() => api.close());

  /** The Keel URL a captured request's path corresponds to, and its captured headers. */
  function replay(f: Fixture, key: string, body: unknown = f.body) {
    const url = f.path.endsWith('/api/v2/alerts')
      ? `/api/v1/ingest/${key}/api/v2/alerts`
      : f.path === '/v2/enqueue'
        ? '/v2/enqueue'
        : `/api/v1/ingest/${key}`;
    const headers = Object.fromEntries(Object.entries(f.headers).map(([k, v]) => [k.toLowerCase(), v]));
    return api.send(url, body, headers);
  }
  const accepted = (res: { statusCode: number; body: string; json: () => unknown }) => {
    assert.equal(res.statusCode, 202, res.body);
    const body = res.json() as { status: string; events: { dedupKey: string; outcome: string }[] };
    assert.equal(body.status, 'accepted');
    return body.events;
  };

  test('webhook: firing, repeated, resolved — one alert, one incident, resolved with it', async () => {
    const firing = fixture('alertmanager-0.25/am_webhook_firing.json');
    assert.equal(firing.headers.Authorization, 'Bearer demo-webhook-token');
    const events = accepted(await replay(firing, api.keys.alertmanager));
    assert.deepEqual(
      events.map((e) => [e.dedupKey, e.outcome]),
      [['70b06b4a4905988e', 'opened']],
    );
    const alert = await alertByKey(api, '70b06b4a4905988e');
    assert.equal(alert.status, 'triggered');
    assert.equal(alert.summary, 'demo_trigger is 1 on 127.0.0.1:19099');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.source, '127.0.0.1:19099');
    assert.equal(JSON.parse(alert.labels).team, 'platform');
    assert.deepEqual(
      (JSON.parse(alert.links) as { text: string }[]).map((l) => l.text),
      ['Source', 'Runbook', 'Alertmanager'],
    );
    const body = firing.body as Group;
    assert.equal(alert.group_key, `group:${JSON.stringify([body.receiver, body.groupKey])}`);
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual(
      [inc.status, inc.title, inc.severity, inc.urgency],
      ['triggered', 'demo_trigger is 1 on 127.0.0.1:19099', 'SEV1', 'high'],
    );

    api.clock.advance(60_000); // Alertmanager's repeat of an unchanged group
    assert.deepEqual(
      accepted(await replay(firing, api.keys.alertmanager)).map((e) => e.outcome),
      ['refreshed'],
    );
    assert.equal((await alertByKey(api, '70b06b4a4905988e')).event_count, 2);

    api.clock.advance(1000);
    const resolved = fixture('alertmanager-0.25/am_webhook_resolved.json');
    assert.deepEqual(
      accepted(await replay(resolved, api.keys.alertmanager)).map((e) => e.outcome),
      ['resolved'],
    );
    assert.equal((await alertByKey(api, '70b06b4a4905988e')).status, 'resolved');
    assert.equal((await incidentById(api, inc.id)).status, 'resolved');
    assert.deepEqual(await timelineKinds(api, inc.id), [
      'triggered',
      'alert_linked',
      'alert_resolved',
      'resolved',
    ]);
    assert.deepEqual(await eventOutcomes(api, '70b06b4a4905988e'), [
      'trigger:opened',
      'trigger:refreshed',
      'resolve:resolved',
    ]);
  });

  test('webhook: an amtool alert, firing then ended', async () => {
    const firing = fixture('alertmanager-0.25/amtool_webhook_firing.json');
    accepted(await replay(firing, api.keys.alertmanager));
    const alert = await alertByKey(api, 'a98e68db77fce5ae');
    assert.deepEqual([alert.summary, alert.severity], ['fired by amtool', 'warning']);
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual([inc.status, inc.severity, inc.urgency], ['triggered', 'SEV3', 'low']);
    const resolved = fixture('alertmanager-0.25/amtool_webhook_resolved.json');
    accepted(await replay(resolved, api.keys.alertmanager));
    assert.equal((await incidentById(api, inc.id)).status, 'resolved');
  });

  test('webhook: both replicas of an HA pair send the group — one alert, one incident', async () => {
    const ha = fixture('alertmanager-0.25/am_ha_webhook_firing.json');
    const first = accepted(await replay(ha, api.keys.alertmanager));
    const second = accepted(await replay(ha, api.keys.alertmanager));
    assert.deepEqual(
      [...first, ...second].map((e) => [e.dedupKey, e.outcome]),
      [
        ['5a30da5bc0c5b74f', 'opened'],
        ['5a30da5bc0c5b74f', 'refreshed'],
      ],
    );
    const alert = await alertByKey(api, '5a30da5bc0c5b74f');
    assert.equal(alert.event_count, 2);
    assert.equal((await incidentById(api, alert.incident_id!)).status, 'triggered');
  });

  test('webhook: a group of several alerts is one incident, resolved when the last alert resolves', async () => {
    const base = structuredClone(fixture('alertmanager-0.25/am_webhook_firing.json').body) as Group;
    const group = (statuses: string[]): Group => ({
      ...base,
      groupKey: '{}/{}:{alertname="Multi"}',
      alerts: statuses.map((status, i) => ({
        ...base.alerts[0],
        status,
        labels: { ...(base.alerts[0]!.labels as object), instance: `node-${i}` },
        fingerprint: `multi-${i}`,
      })),
    });
    const opened = accepted(
      await api.send(`/api/v1/ingest/${api.keys.alertmanager}`, group(['firing', 'firing', 'firing'])),
    );
    assert.deepEqual(
      opened.map((e) => e.outcome),
      ['opened', 'opened', 'opened'],
    );
    const rows = (await alertsOf(api)).filter((a) => a.dedup_key.startsWith('multi-'));
    assert.equal(new Set(rows.map((r) => r.incident_id)).size, 1, 'one group, one incident');
    const incidentId = rows[0]!.incident_id!;
    const partly = accepted(
      await api.send(`/api/v1/ingest/${api.keys.alertmanager}`, group(['resolved', 'firing', 'resolved'])),
    );
    assert.deepEqual(
      partly.map((e) => e.outcome),
      ['resolved', 'refreshed', 'resolved'],
    );
    assert.equal((await incidentById(api, incidentId)).status, 'triggered', 'one alert still fires');
    accepted(
      await api.send(`/api/v1/ingest/${api.keys.alertmanager}`, group(['resolved', 'resolved', 'resolved'])),
    );
    assert.equal((await incidentById(api, incidentId)).status, 'resolved');
    assert.equal(
      (await alertsOf(api)).filter((a) => a.dedup_key.startsWith('multi-') && a.status !== 'resolved').length,
      0,
    );
  });

  test('PagerDuty receiver: trigger then resolve at /v2/enqueue, answered as PagerDuty does', async () => {
    const trigger = fixture('alertmanager-0.25/am_pagerduty_v2_trigger.json');
    const key = (trigger.body as { dedup_key: string }).dedup_key;
    const routed = (f: Fixture) => ({ ...(f.body as object), routing_key: api.keys.pagerduty });
    const res = await replay(trigger, api.keys.pagerduty, routed(trigger));
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual(res.json(), { status: 'success', message: 'Event processed', dedup_key: key });
    const alert = await alertByKey(api, key);
    assert.match(alert.summary, /^\[FIRING:1\] DemoTrigger/);
    assert.deepEqual([alert.source, alert.severity], ['Alertmanager', 'error']);
    assert.equal(JSON.parse(alert.details).num_firing, '1');
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual([inc.status, inc.severity, inc.urgency], ['triggered', 'SEV2', 'high']);

    api.clock.advance(1000);
    const resolve = fixture('alertmanager-0.25/am_pagerduty_v2_resolve.json');
    const done = await replay(resolve, api.keys.pagerduty, routed(resolve));
    assert.equal(done.statusCode, 202, done.body);
    assert.deepEqual(done.json(), { status: 'success', message: 'Event processed', dedup_key: key });
    assert.equal((await incidentById(api, inc.id)).status, 'resolved');
    assert.deepEqual(await eventOutcomes(api, key), ['trigger:opened', 'resolve:resolved']);
    // As captured, the routing key is no key of this Keel: refused in PagerDuty's shape.
    const foreign = await replay(trigger, api.keys.pagerduty);
    assert.equal(foreign.statusCode, 400);
    assert.equal(foreign.json().status, 'invalid event');
  });

  test('Prometheus with Keel as its Alertmanager: postable alerts at <integration url>/api/v2/alerts', async () => {
    const firing = fixture('alertmanager-0.25/prometheus_to_am_api_v2_alerts_firing.json');
    assert.equal(
      firing.path,
      '/prometheus-as-am/api/v2/alerts',
      'Prometheus appends /api/v2/alerts to path_prefix',
    );
    const res = await replay(firing, api.keys.alertmanager);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.body, '', 'Alertmanager answers an empty 200');
    const labels = (firing.body as { labels: Record<string, string> }[])[0]!.labels;
    const key = createHash('sha256')
      .update(
        JSON.stringify(
          Object.keys(labels)
            .sort()
            .map((k) => [k, labels[k]]),
        ),
      )
      .digest('hex');
    const alert = await alertByKey(api, key);
    assert.deepEqual([alert.status, alert.summary], ['triggered', 'demo_trigger is 1 on 127.0.0.1:19099']);
    assert.equal(alert.group_key, `alert:${alert.id}`, 'Prometheus does no grouping');
    api.clock.advance(60_000); // Prometheus re-sends firing alerts every minute
    assert.equal((await replay(firing, api.keys.alertmanager)).statusCode, 200);

    api.clock.advance(1000);
    const resolved = fixture('alertmanager-0.25/prometheus_to_am_api_v2_alerts_resolved.json');
    assert.equal((await replay(resolved, api.keys.alertmanager)).statusCode, 200);
    assert.equal((await incidentById(api, alert.incident_id!)).status, 'resolved');
    assert.deepEqual(await eventOutcomes(api, key), [
      'trigger:opened',
      'trigger:refreshed',
      'resolve:resolved',
    ]);

    // The same body at the integration URL itself is read as postable alerts too.
    const direct = accepted(await api.send(`/api/v1/ingest/${api.keys.alertmanager}`, firing.body));
    assert.deepEqual(
      direct.map((e) => [e.dedupKey, e.outcome]),
      [[key, 'opened']],
    );
    // Only Alertmanager integrations speak the Alertmanager API.
    const wrong = await api.send(`/api/v1/ingest/${api.keys.keel}/api/v2/alerts`, firing.body);
    assert.equal(wrong.statusCode, 404);
    assert.equal(wrong.json().error.code, 'not_found');
  });

  test('every captured fixture was sent', () => {
    assert.deepEqual([...covered].sort(), allFixtures(), 'a new fixture needs a conformance test');
    assert.deepEqual([...used].sort(), [...covered].sort());
  });
});
