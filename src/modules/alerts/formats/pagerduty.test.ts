import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  pagerDutyAccepted,
  pagerDutyInvalid,
  pagerDutyRoutingKey,
  parsePagerDuty,
  plainlyValid,
  schemaAccepts,
} from './pagerduty.js';
import { errors, events, testContext } from './test-support.js';

/** The trigger example of PagerDuty's "Send an Alert Event" page, field for field. */
const documentedTrigger = () => ({
  payload: {
    summary: 'Example alert on host1.example.com',
    timestamp: '2015-07-17T08:42:58.315+0000',
    source: 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003',
    severity: 'info',
    component: 'postgres',
    group: 'prod-datapipe',
    class: 'deploy',
    custom_details: { 'ping time': '1500ms', 'load avg': 0.75 },
  },
  routing_key: 'samplekeyhere',
  dedup_key: 'samplekeyhere',
  images: [{ src: 'https://www.pagerduty.com/logo.png', href: 'https://example.com/', alt: 'Example text' }],
  links: [{ href: 'https://example.com/', text: 'Link text' }],
  event_action: 'trigger',
  client: 'Sample Monitoring Service',
  client_url: 'https://monitoring.example.com',
});

test("maps PagerDuty's documented trigger example field for field", () => {
  const [e] = events(parsePagerDuty(documentedTrigger(), testContext()));
  assert.deepEqual(e, {
    action: 'trigger',
    dedupKey: 'samplekeyhere',
    summary: 'Example alert on host1.example.com',
    source: 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003',
    severity: 'info',
    priority: null,
    component: 'postgres',
    group: 'prod-datapipe',
    class: 'deploy',
    labels: {},
    details: { 'ping time': '1500ms', 'load avg': 0.75 },
    links: [{ href: 'https://example.com/', text: 'Link text' }],
    images: [
      { src: 'https://www.pagerduty.com/logo.png', href: 'https://example.com/', alt: 'Example text' },
    ],
    occurredAt: Date.UTC(2015, 6, 17, 8, 42, 58, 315),
    groupKey: null,
    client: 'Sample Monitoring Service',
    clientUrl: 'https://monitoring.example.com',
    description: null,
  });
});

test('a trigger without dedup_key gets a generated key; each trigger a new one', () => {
  const ctx = testContext();
  const body = { ...documentedTrigger(), dedup_key: undefined };
  assert.equal(events(parsePagerDuty(body, ctx))[0]!.dedupKey, 'gen-1');
  assert.equal(events(parsePagerDuty(body, ctx))[0]!.dedupKey, 'gen-2');
});

test('acknowledge and resolve need only routing_key, event_action and dedup_key', () => {
  for (const action of ['acknowledge', 'resolve'] as const) {
    const ctx = testContext();
    const [e] = events(parsePagerDuty({ routing_key: 'k', dedup_key: 'abc', event_action: action }, ctx));
    assert.equal(e!.action, action);
    assert.equal(e!.dedupKey, 'abc');
    assert.equal(e!.summary, '');
    assert.deepEqual(ctx.issued, []);
  }
});

test('acknowledge and resolve without dedup_key are invalid, as PagerDuty answers', () => {
  for (const action of ['acknowledge', 'resolve']) {
    assert.deepEqual(errors(parsePagerDuty({ routing_key: 'k', event_action: action }, testContext())), [
      `dedup_key is required for ${action} events`,
    ]);
  }
});

test('a trigger needs payload.summary, source and severity, named in the answer', () => {
  assert.deepEqual(errors(parsePagerDuty({ routing_key: 'k', event_action: 'trigger' }, testContext())), [
    'payload is required',
  ]);
  assert.deepEqual(
    errors(parsePagerDuty({ routing_key: 'k', event_action: 'trigger', payload: {} }, testContext())),
    ['payload.summary is required', 'payload.source is required', 'payload.severity is required'],
  );
  const bad = { ...documentedTrigger(), event_action: 'escalate', routing_key: undefined };
  bad.payload.severity = 'fatal';
  assert.deepEqual(errors(parsePagerDuty(bad, testContext())), [
    'routing_key is required',
    'event_action must be one of trigger, acknowledge, resolve',
    'payload.severity must be one of critical, error, warning, info',
  ]);
});

test('keyInUrl: routing_key may be absent (the URL names the integration), and is still checked when present', () => {
  const keyless = { ...documentedTrigger(), routing_key: undefined };
  assert.deepEqual(errors(parsePagerDuty(keyless, testContext())), ['routing_key is required']);
  const [e] = events(parsePagerDuty(keyless, testContext(), { keyInUrl: true }));
  assert.equal(e!.dedupKey, 'samplekeyhere');
  assert.deepEqual(
    errors(parsePagerDuty({ ...documentedTrigger(), routing_key: 7 }, testContext(), { keyInUrl: true })),
    ['routing_key must be a string'],
  );
});

test('summary: 1024 characters are accepted, 1025 refused as PagerDuty refuses them; characters are code points', () => {
  const at = (summary: string) => {
    const body = documentedTrigger();
    body.payload.summary = summary;
    return parsePagerDuty(body, testContext());
  };
  assert.equal(events(at('x'.repeat(1024)))[0]!.summary.length, 1024);
  assert.deepEqual(errors(at('x'.repeat(1025))), ['payload.summary must have at most 1024 characters']);
  assert.equal(
    events(at('🚨'.repeat(1024)))[0]!.summary,
    '🚨'.repeat(1024),
    '2048 UTF-16 units, 1024 characters',
  );
  assert.deepEqual(errors(at('')), ['payload.summary must not be empty']);
});

test('dedup_key is at most 255 characters', () => {
  assert.equal(
    events(parsePagerDuty({ ...documentedTrigger(), dedup_key: 'k'.repeat(255) }, testContext())).length,
    1,
  );
  assert.deepEqual(
    errors(parsePagerDuty({ ...documentedTrigger(), dedup_key: 'k'.repeat(256) }, testContext())),
    ['dedup_key must have at most 255 characters'],
  );
});

test('an event over 512 KB is refused', () => {
  const body = documentedTrigger();
  body.payload.custom_details = { blob: 'x'.repeat(512 * 1024) } as never;
  assert.deepEqual(errors(parsePagerDuty(body, testContext())), ['event is larger than 512 KB']);
});

test('links and images keep only safe URLs; custom_details that is not an object is kept under its name', () => {
  const body = {
    ...documentedTrigger(),
    links: [{ href: 'javascript:alert(1)' }, { href: 'https://ok.example/' }],
    images: [{ src: 'http://plain.example/i.png' }, { src: 'https://secure.example/i.png', href: 'data:x' }],
  };
  (body.payload as Record<string, unknown>).custom_details = 'free text';
  const [e] = events(parsePagerDuty(body, testContext()));
  assert.deepEqual(e!.links, [{ href: 'https://ok.example/', text: 'https://ok.example/' }]);
  assert.deepEqual(e!.images, [{ src: 'https://secure.example/i.png', href: null, alt: null }]);
  assert.deepEqual(e!.details, { custom_details: 'free text' });
});

test('an unreadable payload.timestamp leaves occurredAt empty instead of losing the page; Unix time is read', () => {
  const body = documentedTrigger();
  body.payload.timestamp = 'yesterday-ish';
  assert.equal(events(parsePagerDuty(body, testContext()))[0]!.occurredAt, null);
  (body.payload as Record<string, unknown>).timestamp = 1_437_122_578;
  assert.equal(events(parsePagerDuty(body, testContext()))[0]!.occurredAt, 1_437_122_578_000, 'Unix seconds');
});

test("answers in PagerDuty's own response bodies", () => {
  assert.deepEqual(pagerDutyAccepted('abc'), {
    status: 'success',
    message: 'Event processed',
    dedup_key: 'abc',
  });
  assert.deepEqual(pagerDutyInvalid(['payload.summary is required']), {
    status: 'invalid event',
    message: 'Event object is invalid',
    errors: ['payload.summary is required'],
  });
  assert.equal(pagerDutyRoutingKey(documentedTrigger()), 'samplekeyhere');
  assert.equal(pagerDutyRoutingKey({ routing_key: 5 }), null);
  assert.equal(pagerDutyRoutingKey([]), null);
  assert.equal(pagerDutyRoutingKey(null), null);
});

test('fields without a documented limit are cut to Keel’s caps, not refused', () => {
  const body = documentedTrigger();
  body.payload.source = 's'.repeat(5000);
  body.payload.component = 'c'.repeat(5000);
  const [e] = events(parsePagerDuty(body, testContext()));
  assert.equal(e!.source!.length, 1024);
  assert.equal(e!.component!.length, 1024);
  assert.deepEqual((e!.details._truncated as Record<string, unknown>).source, { originalChars: 5000 });
});

test('the hand-written fast check never accepts what the schema refuses, and takes the usual events', () => {
  const base = documentedTrigger();
  const variants: [string, unknown][] = [['documented', base]];
  const set = (path: string[], value: unknown) => {
    const copy = structuredClone(base) as Record<string, unknown>;
    let at = copy;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
    if (value === undefined) delete at[path.at(-1)!];
    else at[path.at(-1)!] = value;
    variants.push([`${path.join('.')} = ${JSON.stringify(value)}`, copy]);
  };
  for (const action of ['acknowledge', 'resolve', 'fire', 1, null]) set(['event_action'], action);
  for (const key of ['', 5, null, undefined]) set(['routing_key'], key);
  for (const dedup of ['', 'k'.repeat(255), 'k'.repeat(256), '🔥'.repeat(200), 7, null, undefined])
    set(['dedup_key'], dedup);
  for (const summary of ['', 's'.repeat(1024), 's'.repeat(1025), '🔥'.repeat(600), 3, null, undefined])
    set(['payload', 'summary'], summary);
  for (const sev of ['critical', 'warning', 'CRITICAL', 'fatal', 2, null, undefined])
    set(['payload', 'severity'], sev);
  for (const source of ['', 'h', 9, null, undefined]) set(['payload', 'source'], source);
  for (const ts of [1700000000, '2026-01-01', true, null, {}]) set(['payload', 'timestamp'], ts);
  for (const f of ['component', 'group', 'class'] as const)
    for (const v of ['x', 1, null]) set(['payload', f], v);
  for (const cd of [null, 'text', [1, 2], { a: { b: 1 } }]) set(['payload', 'custom_details'], cd);
  for (const payload of [null, 'x', [], undefined]) set(['payload'], payload);
  for (const images of [[], [{ src: 1 }], [{ href: 'h' }], [{ src: 's', alt: 2 }], 'x', null, [null]])
    set(['images'], images);
  for (const links of [[], [{ href: 1 }], [{ text: 't' }], [{ href: 'h', text: 3 }], {}, null])
    set(['links'], links);
  for (const client of ['c', 1, null]) set(['client'], client);
  for (const url of ['u', 1, null]) set(['client_url'], url);
  variants.push(['not an object', 'x'], ['array', [base]], ['null', null]);
  let fast = 0;
  for (const [name, body] of variants) {
    for (const keyInUrl of [false, true]) {
      if (!plainlyValid(body, keyInUrl)) continue;
      fast++;
      assert.ok(schemaAccepts(body, keyInUrl), `fast check accepted what the schema refuses: ${name}`);
    }
  }
  assert.ok(plainlyValid(base, false) && plainlyValid({ ...base, routing_key: undefined }, true));
  assert.ok(
    fast > variants.length / 2,
    `the fast check takes the usual events (${fast} of ${variants.length * 2})`,
  );
});
