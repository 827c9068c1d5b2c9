import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import {
  alertByKey,
  incidentById,
  ingestCounts,
  startIngestApi,
  timelineKinds,
  type IngestApi,
} from '../helpers/ingest.js';

/**
 * Grafana Alerting's webhook contact point, from Grafana's documentation (webhook-notifier: the
 * JSON body, version "1"; HMAC signature: hex HMAC-SHA256 of the body in
 * X-Grafana-Alerting-Signature, or of `timestamp:body` when a Timestamp Header is configured,
 * with Unix seconds in that header). Unsigned integrations rely on the URL key alone.
 */
const secret = 'grafana-shared-secret';

function notification(status: 'firing' | 'resolved', fingerprint = 'c6eadffa33fcdf37') {
  return {
    receiver: 'keel',
    status,
    orgId: 1,
    alerts: [
      {
        status,
        labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1', severity: 'warning' },
        annotations: {
          description: 'The system has high memory usage',
          runbook_url: 'https://myrunbook.com/runbook/1234',
          summary: 'This alert was triggered for zone us-1',
        },
        startsAt: '2026-03-01T08:51:03.157076+01:00',
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-03-01T09:10:00Z',
        generatorURL: 'https://grafana.example.com/alerting/1afz29v7z/edit',
        fingerprint,
        silenceURL: 'https://grafana.example.com/alerting/silence/new?matchers=alertname%3DHigh',
        dashboardURL: '',
        panelURL: '',
        values: { B: 44.23943737541908, C: 1 },
        valueString: "[ var='B' labels={} value=44.23943737541908 ], [ var='C' labels={} value=1 ]",
      },
    ],
    groupLabels: { alertname: 'High memory usage' },
    commonLabels: { team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://grafana.example.com/',
    version: '1',
    groupKey: '{}/{alertname="High memory usage"}:{alertname="High memory usage"}',
    truncatedAlerts: 0,
    title: '[FIRING:1] High memory usage (blue)',
    state: status === 'firing' ? 'alerting' : 'ok',
    message: '**Firing**\n\nLabels:\n - alertname = High memory usage\n',
  };
}

const hmac = (text: string) => createHmac('sha256', secret).update(text).digest('hex');

describeEachDialect('ingest conformance: Grafana webhook contact point', (kind) => {
  let api: IngestApi;
  let signed = '';
  let stamped = '';
  let renamed = '';
  before(async () => {
    api = await startIngestApi(kind);
    signed = await api.addIntegration('grafana', { secret });
    stamped = await api.addIntegration('grafana', {
      secret,
      timestampHeader: 'X-Grafana-Alerting-Timestamp',
    });
    renamed = await api.addIntegration('grafana', { secret, signatureHeader: 'X-Keel-Sig' });
  });
  after(() => api.close());

  const post = (key: string, text: string, headers: Record<string, string> = {}) => {
    api.clock.advance(1000);
    return api.sendRaw(`/api/v1/ingest/${key}`, text, headers);
  };
  /** Asserts a 401 in Keel's shape that wrote nothing. */
  async function refused(key: string, text: string, headers: Record<string, string>, label: string) {
    const before = await ingestCounts(api);
    const res = await post(key, text, headers);
    assert.equal(res.statusCode, 401, `${label}: ${res.body}`);
    assert.equal(res.json().error.code, 'unauthenticated', label);
    assert.deepEqual(await ingestCounts(api), before, `${label} wrote nothing`);
  }

  test('unsigned: firing then resolved, mapped as documented', async () => {
    const res = await post(api.keys.grafana, JSON.stringify(notification('firing')));
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual(
      res.json().events.map((e: { dedupKey: string; outcome: string }) => [e.dedupKey, e.outcome]),
      [['c6eadffa33fcdf37', 'opened']],
    );
    const alert = await alertByKey(api, 'c6eadffa33fcdf37');
    assert.deepEqual([alert.summary, alert.severity], ['This alert was triggered for zone us-1', 'warning']);
    assert.deepEqual(JSON.parse(alert.details).values, { B: 44.23943737541908, C: 1 });
    assert.deepEqual(
      (JSON.parse(alert.links) as { text: string }[]).map((l) => l.text),
      ['Source', 'Runbook', 'Silence', 'Grafana'],
      'empty dashboard and panel URLs give no link',
    );
    const body = notification('firing');
    assert.equal(alert.group_key, `group:${JSON.stringify([body.receiver, body.orgId, body.groupKey])}`);
    const inc = await incidentById(api, alert.incident_id!);
    assert.deepEqual(
      [inc.status, inc.severity, inc.description],
      ['triggered', 'SEV3', 'The system has high memory usage'],
    );

    const resolved = await post(api.keys.grafana, JSON.stringify(notification('resolved')));
    assert.equal(resolved.statusCode, 202, resolved.body);
    assert.equal((await incidentById(api, inc.id)).status, 'resolved');
    assert.deepEqual(await timelineKinds(api, inc.id), [
      'triggered',
      'alert_linked',
      'alert_resolved',
      'resolved',
    ]);
  });

  test('signed: the HMAC of the raw body is accepted; a wrong, missing or stale one is 401', async () => {
    const text = JSON.stringify(notification('firing', 'signed-1'), null, 2);
    await refused(signed, text, {}, 'no signature');
    await refused(signed, text, { 'x-grafana-alerting-signature': 'f'.repeat(64) }, 'a wrong signature');
    await refused(
      signed,
      text,
      { 'x-grafana-alerting-signature': hmac(JSON.stringify(JSON.parse(text))) },
      'the signature of a re-serialized body',
    );
    await refused(
      signed,
      text.replace('us-1', 'us-2'),
      { 'x-grafana-alerting-signature': hmac(text) },
      'a changed body',
    );
    const ok = await post(signed, text, {
      'x-grafana-alerting-signature': hmac(text),
      authorization: 'Bearer grafana',
    });
    assert.equal(ok.statusCode, 202, ok.body);
    assert.equal((await alertByKey(api, 'signed-1')).status, 'triggered');
  });

  test('signed with a Timestamp Header: Grafana signs `timestamp:body`', async () => {
    const text = JSON.stringify(notification('firing', 'stamped-1'));
    const now = () => String(Math.floor(api.clock.now() / 1000) + 1); // post() advances 1 s
    await refused(stamped, text, { 'x-grafana-alerting-signature': hmac(text) }, 'no timestamp');
    let ts = now();
    await refused(
      stamped,
      text,
      { 'x-grafana-alerting-signature': hmac(text), 'x-grafana-alerting-timestamp': ts },
      'the body alone signed',
    );
    ts = String(Math.floor(api.clock.now() / 1000) - 600);
    await refused(
      stamped,
      text,
      { 'x-grafana-alerting-signature': hmac(`${ts}:${text}`), 'x-grafana-alerting-timestamp': ts },
      'a timestamp 10 minutes old',
    );
    ts = now();
    const ok = await post(stamped, text, {
      'x-grafana-alerting-signature': hmac(`${ts}:${text}`),
      'x-grafana-alerting-timestamp': ts,
    });
    assert.equal(ok.statusCode, 202, ok.body);
    assert.equal((await alertByKey(api, 'stamped-1')).status, 'triggered');
  });

  test('signed under a renamed header', async () => {
    const text = JSON.stringify(notification('firing', 'renamed-1'));
    await refused(renamed, text, { 'x-grafana-alerting-signature': hmac(text) }, 'the default header');
    const ok = await post(renamed, text, { 'x-keel-sig': hmac(text) });
    assert.equal(ok.statusCode, 202, ok.body);
    await alertByKey(api, 'renamed-1');
  });

  test('a contact point set to PUT: Grafana and Alertmanager integrations take it, others answer 405', async () => {
    const put = (key: string, text: string, headers: Record<string, string> = {}) => {
      api.clock.advance(1000);
      return api.app.inject({
        method: 'PUT',
        url: `/api/v1/ingest/${key}`,
        payload: text,
        headers: { 'content-type': 'application/json', ...headers },
      });
    };
    // A group of its own, so its incident resolves with its one alert.
    const own = (status: 'firing' | 'resolved') => ({ ...notification(status, 'put-1'), groupKey: 'put' });
    const firing = JSON.stringify(own('firing'));
    const opened = await put(api.keys.grafana, firing);
    assert.equal(opened.statusCode, 202, opened.body);
    assert.equal(opened.json().events[0].outcome, 'opened');
    const alert = await alertByKey(api, 'put-1');
    // Signed contact points sign PUT bodies the same way.
    const text = JSON.stringify(notification('firing', 'put-signed'));
    const unsigned = await put(signed, text);
    assert.equal(unsigned.statusCode, 401, unsigned.body);
    const ok = await put(signed, text, { 'x-grafana-alerting-signature': hmac(text) });
    assert.equal(ok.statusCode, 202, ok.body);
    const resolved = await put(api.keys.grafana, JSON.stringify(own('resolved')));
    assert.equal(resolved.statusCode, 202, resolved.body);
    assert.equal((await incidentById(api, alert.incident_id!)).status, 'resolved');
    // An Alertmanager integration takes PUT too (harmless); the other types do not.
    const am = { ...notification('firing', 'put-am'), version: '4' };
    const amRes = await put(api.keys.alertmanager, JSON.stringify(am));
    assert.equal(amRes.statusCode, 202, amRes.body);
    await alertByKey(api, 'put-am');
    for (const type of ['keel', 'webhook', 'pagerduty', 'opsgenie'] as const) {
      const before = await ingestCounts(api);
      const res = await put(api.keys[type], JSON.stringify({ action: 'trigger', summary: 'x' }));
      assert.equal(res.statusCode, 405, `${type}: ${res.body}`);
      assert.equal(res.json().error.code, 'method_not_allowed', type);
      assert.deepEqual(await ingestCounts(api), before, `${type} wrote nothing`);
    }
    const unknown = await put('0123456789abcdef0123456789abcdef', firing);
    assert.equal(unknown.statusCode, 404, unknown.body);
  });

  test('header names are checked when the integration is saved', async () => {
    const res = await api.call('POST', `/api/v1/services/${api.serviceId}/integrations`, {
      type: 'grafana',
      name: 'bad header',
      config: { secret, timestampHeader: 'Bad Header: x' },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'validation_failed');
  });
});
