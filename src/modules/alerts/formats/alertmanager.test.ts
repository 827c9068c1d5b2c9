import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAlertmanager, parsePrometheusAlerts } from './alertmanager.js';
import { parsePagerDuty } from './pagerduty.js';
import { clone, errors, events, fixtureNames, loadFixture, testContext } from './test-support.js';
import type { NormalizedEvent } from './types.js';

type Body = Record<string, unknown> & { alerts: Record<string, unknown>[] };
const body = (name: string) => clone(loadFixture(name).body) as Body;

/**
 * Every captured fixture, and what it must become. A fixture added to shared/ without a line here
 * fails the first test, so none goes unchecked.
 */
const expectations: Record<string, (name: string) => void> = {
  'am_webhook_firing.json': (name) => {
    const [e] = events(parseAlertmanager(body(name), testContext()));
    assert.deepEqual(pick(e!), {
      action: 'trigger',
      dedupKey: '70b06b4a4905988e',
      summary: 'demo_trigger is 1 on 127.0.0.1:19099',
      severity: 'critical',
      source: '127.0.0.1:19099',
      group: 'demo-sink',
      class: 'DemoTrigger',
      groupKey: JSON.stringify(['webhook-sink', '{}/{}:{alertname="DemoTrigger"}']),
      occurredAt: Date.UTC(2026, 10, 27, 14, 3, 0, 568),
      client: 'Alertmanager',
      clientUrl: 'http://127.0.0.1:19093',
    });
    assert.equal(e!.labels.team, 'platform');
    assert.equal(Object.keys(e!.labels).length, 7);
    assert.equal(e!.details.runbook_url, 'https://runbooks.example.invalid/demo-trigger');
    assert.deepEqual(e!.links, [
      { href: 'http://127.0.0.1:19090/graph?g0.expr=demo_trigger+%3E+0&g0.tab=1', text: 'Source' },
      { href: 'https://runbooks.example.invalid/demo-trigger', text: 'Runbook' },
      { href: 'http://127.0.0.1:19093', text: 'Alertmanager' },
    ]);
  },
  'am_webhook_resolved.json': (name) => {
    const [firing] = events(parseAlertmanager(body('am_webhook_firing.json'), testContext()));
    const [e] = events(parseAlertmanager(body(name), testContext()));
    assert.equal(e!.action, 'resolve');
    assert.equal(e!.dedupKey, firing!.dedupKey, 'resolve closes what the trigger opened');
    assert.equal(e!.groupKey, firing!.groupKey);
    assert.equal(e!.occurredAt, Date.UTC(2026, 10, 27, 14, 3, 3, 568), 'a resolve happened at endsAt');
  },
  'amtool_webhook_firing.json': (name) => {
    const [e] = events(parseAlertmanager(body(name), testContext()));
    assert.equal(e!.action, 'trigger');
    assert.equal(e!.dedupKey, 'a98e68db77fce5ae');
    assert.equal(e!.severity, 'warning');
    assert.equal(e!.summary, 'fired by amtool');
    assert.equal(e!.source, null, 'no instance label');
    assert.equal(e!.occurredAt, Date.UTC(2026, 10, 27, 14, 3, 4, 881), 'nanoseconds cut to milliseconds');
  },
  'amtool_webhook_resolved.json': (name) => {
    const [e] = events(parseAlertmanager(body(name), testContext()));
    assert.equal(e!.action, 'resolve');
    assert.equal(e!.dedupKey, 'a98e68db77fce5ae');
    assert.equal(e!.occurredAt, Date.UTC(2026, 10, 27, 14, 3, 6));
  },
  'am_ha_webhook_firing.json': (name) => {
    const [e] = events(parseAlertmanager(body(name), testContext()));
    assert.equal(e!.dedupKey, '5a30da5bc0c5b74f');
    assert.equal(e!.groupKey, JSON.stringify(['ha-webhook', '{}:{alertname="HADemo"}']));
    assert.equal(e!.severity, 'critical');
    // The other replica sends the same notification: the same event, so dedup collapses them.
    assert.deepEqual(events(parseAlertmanager(body(name), testContext())), [e]);
  },
  'am_pagerduty_v2_trigger.json': (name) => {
    const ctx = testContext();
    const [e] = events(parsePagerDuty(body(name), ctx));
    assert.equal(e!.action, 'trigger');
    assert.equal(e!.dedupKey, 'ee71e22d016374164d9276bf55d4cf441ab5d8953d5b5acc1a62e7c2bf5d4883');
    assert.deepEqual(ctx.issued, [], 'the sender key is kept, none generated');
    assert.equal(e!.severity, 'error', "Alertmanager's pagerduty_config default, kept as sent");
    assert.match(e!.summary, /^\[FIRING:1\] DemoTrigger/);
    assert.equal(e!.source, 'Alertmanager');
    assert.equal(e!.details.num_firing, '1');
    assert.match(String(e!.details.firing), /alertname = DemoTrigger/);
    assert.equal(e!.client, 'Alertmanager');
    assert.equal(e!.clientUrl, 'http://127.0.0.1:19093/#/alerts?receiver=pagerduty-sink');
  },
  'am_pagerduty_v2_resolve.json': (name) => {
    const [e] = events(parsePagerDuty(body(name), testContext()));
    const [trigger] = events(parsePagerDuty(body('am_pagerduty_v2_trigger.json'), testContext()));
    assert.equal(e!.action, 'resolve');
    assert.equal(e!.dedupKey, trigger!.dedupKey);
    assert.equal(e!.details.num_resolved, '1');
  },
  'prometheus_to_am_api_v2_alerts_firing.json': (name) => {
    // Captured at 14:03:05; Prometheus set endsAt to 14:07:00.568, still ahead: firing.
    const [e] = events(parseAlertmanager(body(name), testContext('2026-11-27T14:03:05Z')));
    assert.equal(e!.action, 'trigger');
    assert.match(e!.dedupKey, /^[0-9a-f]{64}$/);
    assert.equal(e!.groupKey, null);
    assert.equal(e!.client, 'Prometheus');
    assert.equal(e!.occurredAt, Date.UTC(2026, 10, 27, 14, 3, 0, 568));
    // Past endsAt, the same alert reads as resolved: Prometheus stopped re-sending it.
    const [later] = events(parsePrometheusAlerts(body(name), testContext('2026-11-27T14:07:00.568Z')));
    assert.equal(later!.action, 'resolve');
  },
  'prometheus_to_am_api_v2_alerts_resolved.json': (name) => {
    const [e] = events(parseAlertmanager(body(name), testContext('2026-11-27T14:03:05Z')));
    const [firing] = events(
      parseAlertmanager(
        body('prometheus_to_am_api_v2_alerts_firing.json'),
        testContext('2026-11-27T14:03:05Z'),
      ),
    );
    assert.equal(e!.action, 'resolve');
    assert.equal(e!.dedupKey, firing!.dedupKey, 'same labels, same key');
    assert.equal(e!.occurredAt, Date.UTC(2026, 10, 27, 14, 3, 3, 568));
  },
};

function pick(e: NormalizedEvent) {
  const {
    action,
    dedupKey,
    summary,
    severity,
    source,
    group,
    class: cls,
    groupKey,
    occurredAt,
    client,
    clientUrl,
  } = e;
  return {
    action,
    dedupKey,
    summary,
    severity,
    source,
    group,
    class: cls,
    groupKey,
    occurredAt,
    client,
    clientUrl,
  };
}

test('every captured Alertmanager 0.25 fixture has an expectation, and every expectation a fixture', () => {
  const names = fixtureNames();
  assert.ok(names.length >= 9, `fixtures found in shared/: ${names.length}`);
  assert.deepEqual(names, Object.keys(expectations).sort());
});

for (const [name, check] of Object.entries(expectations)) {
  test(`conformance: ${name}`, () => check(name));
}

test('a group of several alerts: one event each, fingerprints as keys, one group key, resolved ones resolve', () => {
  const b = body('am_webhook_firing.json');
  const first = b.alerts[0]!;
  const second = {
    ...clone(first),
    fingerprint: '1111aaaa2222bbbb',
    labels: { ...(first.labels as object), instance: 'host-2' },
  };
  const third = {
    ...clone(first),
    status: 'resolved',
    fingerprint: '3333cccc4444dddd',
    endsAt: '2026-11-27T14:05:00Z',
  };
  b.alerts = [first, second, third];
  const es = events(parseAlertmanager(b, testContext()));
  assert.deepEqual(
    es.map((e) => [e.action, e.dedupKey]),
    [
      ['trigger', '70b06b4a4905988e'],
      ['trigger', '1111aaaa2222bbbb'],
      ['resolve', '3333cccc4444dddd'],
    ],
  );
  assert.equal(new Set(es.map((e) => e.groupKey)).size, 1);
  assert.equal(es[1]!.source, 'host-2');
  assert.equal(es[2]!.occurredAt, Date.UTC(2026, 10, 27, 14, 5));
});

test('title falls back from the alert summary to the common summary to alertname', () => {
  const b = body('am_webhook_firing.json');
  const alert = b.alerts[0]!;
  delete (alert.annotations as Record<string, string>).summary;
  (b.commonAnnotations as Record<string, string>).summary = 'common summary';
  assert.equal(events(parseAlertmanager(clone(b), testContext()))[0]!.summary, 'common summary');
  delete (b.commonAnnotations as Record<string, string>).summary;
  assert.equal(events(parseAlertmanager(clone(b), testContext()))[0]!.summary, 'DemoTrigger');
  alert.labels = { job: 'x' };
  assert.equal(events(parseAlertmanager(b, testContext()))[0]!.summary, 'Alertmanager alert');
});

test('newer and unknown fields are accepted and ignored', () => {
  const b = body('am_webhook_firing.json');
  Object.assign(b, {
    truncatedAlerts: 3,
    notification_reason: 'repeat',
    routeLabels: { team: 'x' },
    futureField: [1],
  });
  Object.assign(b.alerts[0]!, { futureAlertField: { a: 1 } });
  const [plain] = events(parseAlertmanager(body('am_webhook_firing.json'), testContext()));
  assert.deepEqual(events(parseAlertmanager(b, testContext())), [plain]);
});

test('without a fingerprint the key is SHA-256 of the sorted labels: order does not matter, content does', () => {
  const b = body('am_webhook_firing.json');
  delete b.alerts[0]!.fingerprint;
  const key = events(parseAlertmanager(clone(b), testContext()))[0]!.dedupKey;
  assert.match(key, /^[0-9a-f]{64}$/);
  const labels = b.alerts[0]!.labels as Record<string, string>;
  b.alerts[0]!.labels = Object.fromEntries(Object.entries(labels).reverse());
  assert.equal(events(parseAlertmanager(clone(b), testContext()))[0]!.dedupKey, key);
  b.alerts[0]!.labels = { ...labels, instance: 'other' };
  assert.notEqual(events(parseAlertmanager(b, testContext()))[0]!.dedupKey, key);
});

test('refuses a notification that is not one, with the path of each problem', () => {
  assert.deepEqual(
    errors(parseAlertmanager({ ...body('am_webhook_firing.json'), alerts: [] }, testContext())),
    ['alerts must not be empty'],
  );
  const b = body('am_webhook_firing.json');
  b.alerts[0]!.status = 'pending';
  (b.alerts[0]!.labels as Record<string, unknown>).severity = 3;
  assert.deepEqual(errors(parseAlertmanager(b, testContext())), [
    'alerts[0].status must be one of firing, resolved',
    'alerts[0].labels.severity must be a string',
  ]);
  assert.deepEqual(errors(parseAlertmanager({ receiver: 'x' }, testContext())), ['alerts is required']);
  assert.deepEqual(errors(parsePrometheusAlerts([{ labels: {} }], testContext())), [
    '[0].labels must not be empty',
  ]);
});
