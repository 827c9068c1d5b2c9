import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { parseGrafana, verifyGrafanaSignature } from './grafana.js';
import { clone, errors, events, testContext } from './test-support.js';

/** A Grafana 11/12 webhook notification for two firing alerts, as its docs describe the payload. */
const firing = {
  receiver: 'keel-webhook',
  status: 'firing',
  orgId: 1,
  alerts: [
    {
      status: 'firing',
      labels: {
        alertname: 'High memory usage',
        team: 'blue',
        zone: 'us-1',
        severity: 'high',
        grafana_folder: 'Infra',
      },
      annotations: {
        description: 'The system has high memory usage',
        runbook_url: 'https://runbooks.example.com/memory',
        summary: 'Memory above 90% in zone us-1',
      },
      startsAt: '2026-11-27T15:51:03.157076+02:00',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://grafana.example.com/alerting/grafana/1afz29v7z/view?orgId=1',
      fingerprint: 'c6eadffa33fcdf37',
      silenceURL:
        'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DHigh+memory+usage',
      dashboardURL: 'https://grafana.example.com/d/mem?orgId=1',
      panelURL: 'https://grafana.example.com/d/mem?orgId=1&viewPanel=2',
      values: { B: 93.2, C: 1 },
      valueString: "[ var='B' labels={zone=us-1} value=93.2 ], [ var='C' labels={zone=us-1} value=1 ]",
      imageURL: 'https://grafana.example.com/public/img/attachments/abc.png',
    },
    {
      status: 'firing',
      labels: { alertname: 'High CPU usage', team: 'blue', zone: 'eu-1' },
      annotations: {},
      startsAt: '2026-11-27T15:56:03.157076+02:00',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://grafana.example.com/alerting/grafana/d1rdpdv7k/view?orgId=1',
      fingerprint: 'bc97ff14869b13e3',
      silenceURL: 'https://grafana.example.com/alerting/silence/new?alertmanager=grafana',
      dashboardURL: '',
      panelURL: '',
      values: null,
    },
  ],
  groupLabels: { team: 'blue' },
  commonLabels: { team: 'blue' },
  commonAnnotations: {},
  externalURL: 'https://grafana.example.com/',
  version: '1',
  groupKey: '{}/{team="blue"}:{team="blue"}',
  truncatedAlerts: 0,
  title: '[FIRING:2] (blue)',
  state: 'alerting',
  message: '**Firing**\n\nValue: B=93.2\nLabels:\n - alertname = High memory usage\n',
};

test('a Grafana notification becomes one event per alert with the Grafana fields kept', () => {
  const [mem, cpu] = events(parseGrafana(clone(firing), testContext()));
  assert.equal(mem!.action, 'trigger');
  assert.equal(mem!.dedupKey, 'c6eadffa33fcdf37');
  assert.equal(mem!.summary, 'Memory above 90% in zone us-1');
  assert.equal(mem!.severity, 'error', '"high" is an error');
  assert.equal(mem!.description, 'The system has high memory usage');
  assert.equal(mem!.occurredAt, Date.UTC(2026, 10, 27, 13, 51, 3, 157), '+02:00 applied');
  assert.deepEqual(mem!.details.values, { B: 93.2, C: 1 });
  assert.match(String(mem!.details.valueString), /value=93.2/);
  assert.deepEqual(
    mem!.links.map((l) => l.text),
    ['Source', 'Runbook', 'Silence', 'Dashboard', 'Panel', 'Grafana'],
  );
  assert.deepEqual(mem!.images, [
    {
      src: 'https://grafana.example.com/public/img/attachments/abc.png',
      href: 'https://grafana.example.com/d/mem?orgId=1&viewPanel=2',
      alt: 'Panel screenshot',
    },
  ]);
  assert.equal(mem!.client, 'Grafana');
  assert.equal(mem!.groupKey, JSON.stringify(['keel-webhook', 1, '{}/{team="blue"}:{team="blue"}']));

  assert.equal(cpu!.dedupKey, 'bc97ff14869b13e3');
  assert.equal(cpu!.summary, 'High CPU usage', 'no summary annotation: the alertname');
  assert.equal(cpu!.severity, 'error', 'no severity label: the documented default');
  assert.equal(cpu!.groupKey, mem!.groupKey);
  assert.deepEqual(cpu!.images, []);
  assert.equal(cpu!.details.values, undefined);
});

test('the same group in another organization is another group', () => {
  const other = { ...clone(firing), orgId: 2 };
  assert.notEqual(
    events(parseGrafana(other, testContext()))[0]!.groupKey,
    events(parseGrafana(clone(firing), testContext()))[0]!.groupKey,
  );
});

test('resolved alerts resolve, at endsAt', () => {
  const resolved = clone(firing);
  resolved.status = 'resolved';
  resolved.state = 'ok';
  for (const a of resolved.alerts) {
    a.status = 'resolved';
    a.endsAt = '2026-11-27T16:10:00+02:00';
  }
  const es = events(parseGrafana(resolved, testContext()));
  assert.deepEqual(
    es.map((e) => [e.action, e.dedupKey, e.occurredAt]),
    [
      ['resolve', 'c6eadffa33fcdf37', Date.UTC(2026, 10, 27, 14, 10)],
      ['resolve', 'bc97ff14869b13e3', Date.UTC(2026, 10, 27, 14, 10)],
    ],
  );
});

test("Grafana's contact point test notification parses", () => {
  const body = {
    receiver: 'test',
    status: 'firing',
    orgId: 1,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'TestAlert', instance: 'Grafana' },
        annotations: { summary: 'Notification test' },
        startsAt: '2026-11-27T14:00:00.000Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: '57c6d9296de2ad39',
        silenceURL: 'https://grafana.example.com/alerting/silence/new',
        dashboardURL: '',
        panelURL: '',
        values: null,
        valueString: "[ metric='foo' labels={instance=bar} value=10 ]",
      },
    ],
    groupLabels: { alertname: 'TestAlert', instance: 'Grafana' },
    commonLabels: { alertname: 'TestAlert', instance: 'Grafana' },
    commonAnnotations: { summary: 'Notification test' },
    externalURL: 'https://grafana.example.com/',
    version: '1',
    groupKey: 'test-57c6d9296de2ad39-1732716000',
    truncatedAlerts: 0,
    title: '[FIRING:1] TestAlert Grafana ',
    state: 'alerting',
    message: '**Firing**',
  };
  const [e] = events(parseGrafana(body, testContext()));
  assert.equal(e!.summary, 'Notification test');
  assert.equal(e!.source, 'Grafana');
});

test('refuses what is not a Grafana notification', () => {
  assert.deepEqual(errors(parseGrafana({ ...clone(firing), orgId: 'one', alerts: [] }, testContext())), [
    'orgId must be a number',
    'alerts must not be empty',
  ]);
});

// --- signatures ------------------------------------------------------------------------------

const secret = 'grafana-shared-secret';
const raw = Buffer.from(JSON.stringify(firing));
const sign = (data: string | Buffer, key = secret) => createHmac('sha256', key).update(data).digest('hex');

test('a correctly signed body verifies; a wrong signature, another body or another secret does not', () => {
  const headers = { 'x-grafana-alerting-signature': sign(raw) };
  assert.equal(verifyGrafanaSignature(raw, headers, secret), true);
  assert.equal(
    verifyGrafanaSignature(raw, { 'X-Grafana-Alerting-Signature': sign(raw).toUpperCase() }, secret),
    true,
  );
  assert.equal(
    verifyGrafanaSignature(raw, { 'x-grafana-alerting-signature': sign(raw, 'other') }, secret),
    false,
  );
  assert.equal(verifyGrafanaSignature(Buffer.from(`${raw.toString()} `), headers, secret), false);
  assert.equal(verifyGrafanaSignature(raw, headers, 'another-secret'), false);
});

test('an unsigned, malformed, repeated or secretless request does not verify', () => {
  assert.equal(verifyGrafanaSignature(raw, {}, secret), false);
  assert.equal(
    verifyGrafanaSignature(raw, { 'x-grafana-alerting-signature': 'sha256=' + sign(raw) }, secret),
    false,
  );
  assert.equal(
    verifyGrafanaSignature(raw, { 'x-grafana-alerting-signature': sign(raw).slice(2) }, secret),
    false,
  );
  assert.equal(
    verifyGrafanaSignature(raw, { 'x-grafana-alerting-signature': [sign(raw), sign(raw)] }, secret),
    false,
  );
  assert.equal(verifyGrafanaSignature(raw, { 'x-grafana-alerting-signature': sign(raw, '') }, ''), false);
  // Parsing does not depend on the signature: the route checks it first, when the integration has a secret.
  assert.equal(events(parseGrafana(JSON.parse(raw.toString()), testContext())).length, 2);
});

test('a renamed signature header is read where the contact point puts it', () => {
  const headers = { 'x-keel-signature': sign(raw) };
  assert.equal(verifyGrafanaSignature(raw, headers, secret, { header: 'X-Keel-Signature' }), true);
  assert.equal(verifyGrafanaSignature(raw, headers, secret), false);
});

test('with a timestamp header, Grafana signs "timestamp:body" and a stale timestamp fails', () => {
  const now = Date.UTC(2026, 10, 27, 14, 0, 0);
  const ts = String(now / 1000);
  const timestamp = { header: 'X-Grafana-Alerting-Signature-Timestamp', now };
  const headers = {
    'x-grafana-alerting-signature': sign(`${ts}:${raw.toString()}`),
    'x-grafana-alerting-signature-timestamp': ts,
  };
  assert.equal(verifyGrafanaSignature(raw, headers, secret, { timestamp }), true);
  assert.equal(
    verifyGrafanaSignature(raw, headers, secret, { timestamp: { ...timestamp, now: now + 4 * 60_000 } }),
    true,
  );
  assert.equal(
    verifyGrafanaSignature(raw, headers, secret, { timestamp: { ...timestamp, now: now + 6 * 60_000 } }),
    false,
  );
  assert.equal(
    verifyGrafanaSignature(raw, headers, secret),
    false,
    'the timestamp is part of what was signed',
  );
  const bodyOnly = { ...headers, 'x-grafana-alerting-signature': sign(raw) };
  assert.equal(verifyGrafanaSignature(raw, bodyOnly, secret, { timestamp }), false);
  const noTimestamp = { 'x-grafana-alerting-signature': headers['x-grafana-alerting-signature'] };
  assert.equal(verifyGrafanaSignature(raw, noTimestamp, secret, { timestamp }), false);
});
