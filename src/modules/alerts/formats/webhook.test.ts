import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePath, evaluatePath } from './json-path.js';
import { errors, events, testContext } from './test-support.js';
import {
  parseWebhook,
  previewDedupKey,
  previewWebhook,
  webhookMappingSchema,
  type WebhookMapping,
} from './webhook.js';

const at = (path: string, value: unknown) => {
  const compiled = compilePath(path);
  assert.ok(compiled.ok, `${path} compiles`);
  return evaluatePath(compiled.segments, value);
};

test('paths: dots, indexes from either end, quoted names', () => {
  const doc = { a: { b: [{ c: 1 }, { c: 2 }], 'key with space': 'yes', "it's": 'q', 'x.y': 'dot' } };
  assert.equal(at('$.a.b[0].c', doc), 1);
  assert.equal(at('$.a.b[-1].c', doc), 2);
  assert.equal(at("$['a']['key with space']", doc), 'yes');
  assert.equal(at('$.a["it\'s"]', doc), 'q');
  assert.equal(at("$.a['it\\'s']", doc), 'q');
  assert.equal(at("$.a['x.y']", doc), 'dot');
  assert.deepEqual(at('$', doc), doc);
  assert.equal(at('$.a.b[2].c', doc), undefined);
  assert.equal(at('$.a.missing.deeper', doc), undefined);
  assert.equal(at('$.a.b.c', doc), undefined, 'a name on an array finds nothing');
  assert.equal(at('$.a[0]', doc), undefined, 'an index on an object finds nothing');
});

test('paths read own properties only: no prototype, no constructor, no length', () => {
  assert.equal(at('$.constructor', {}), undefined);
  assert.equal(at('$.__proto__', {}), undefined);
  assert.equal(at("$['toString']", {}), undefined);
  assert.equal(at('$.list.length', { list: [1, 2] }), undefined);
});

test('paths that are not in the subset are refused with a reason', () => {
  const bad: [string, RegExp][] = [
    ['a.b', /must start with \$/],
    ['$.', /field name/],
    ['$..a', /field name/],
    ['$.a[*]', /\[number\]/],
    ["$['unclosed", /\[number\]/],
    ['$.a[?(@.x)]', /\[number\]/],
    ['$.a()', /unexpected/],
    ['$ .a', /unexpected/],
    ['$' + '.a'.repeat(33), /more than 32 steps/],
    ['$.' + 'a'.repeat(600), /longer than 512/],
  ];
  for (const [path, reason] of bad) {
    const compiled = compilePath(path);
    assert.equal(compiled.ok, false, path);
    if (!compiled.ok) assert.match(compiled.error, reason, path);
  }
});

const mapping: WebhookMapping = webhookMappingSchema.parse({
  title: '$.alert.name',
  dedupKey: '$.alert.id',
  action: { path: '$.state', map: { firing: 'trigger', ok: 'resolve', snoozed: 'acknowledge' } },
  severity: { path: '$.level', map: { 'sev-a': 'critical' }, default: 'warning' },
  source: '$.host',
  description: "$['long text']",
  occurredAt: '$.time',
  links: [{ href: '$.alert.url', text: 'Open in tool' }],
  details: '$.alert',
});

const sample = () => ({
  state: 'firing',
  level: 'SEV-A',
  host: 'db-1',
  time: 1_795_788_180,
  'long text': 'Replication lag above 30 s',
  alert: { id: 4711, name: 'Replication lag', url: 'https://tool.example/a/4711', extra: { n: 1 } },
});

test('a mapping picks every field where it says', () => {
  const [e] = events(parseWebhook(sample(), testContext(), mapping));
  assert.deepEqual(
    { ...e, details: undefined },
    {
      action: 'trigger',
      dedupKey: '4711',
      summary: 'Replication lag',
      source: 'db-1',
      severity: 'critical',
      priority: null,
      component: null,
      group: null,
      class: null,
      labels: {},
      details: undefined,
      links: [{ href: 'https://tool.example/a/4711', text: 'Open in tool' }],
      images: [],
      occurredAt: 1_795_788_180_000,
      groupKey: null,
      client: null,
      clientUrl: null,
      description: 'Replication lag above 30 s',
    },
  );
  assert.deepEqual(e!.details, sample().alert);
});

test('action values map through the mapping, then the common spellings, else an error', () => {
  const actionOf = (state: unknown) => parseWebhook({ ...sample(), state }, testContext(), mapping);
  assert.equal(events(actionOf('ok'))[0]!.action, 'resolve');
  assert.equal(events(actionOf('OK'))[0]!.action, 'resolve', 'case-insensitive');
  assert.equal(events(actionOf('snoozed'))[0]!.action, 'acknowledge');
  assert.equal(events(actionOf('resolved'))[0]!.action, 'resolve', 'a built-in spelling');
  assert.deepEqual(errors(actionOf('flapping')), [
    'action value "flapping" at $.state is not mapped: add it to action.map or set action.default',
  ]);
  assert.equal(events(actionOf(undefined))[0]!.action, 'trigger', 'no action at all: trigger');
  const withDefault = webhookMappingSchema.parse({
    ...mapping,
    action: { path: '$.state', default: 'trigger' },
  });
  assert.equal(
    events(parseWebhook({ ...sample(), state: 'flapping' }, testContext(), withDefault))[0]!.action,
    'trigger',
  );
});

test('severity: mapping, then common spellings, then the mapping default', () => {
  const severityOf = (level: unknown) =>
    events(parseWebhook({ ...sample(), level }, testContext(), mapping))[0]!.severity;
  assert.equal(severityOf('sev-a'), 'critical');
  assert.equal(severityOf('minor'), 'warning');
  assert.equal(severityOf('P2'), 'error');
  assert.equal(severityOf('whatever'), 'warning');
  assert.equal(severityOf(undefined), 'warning');
});

test('keys: generated on trigger when absent, required otherwise, hashed when too long', () => {
  const ctx = testContext();
  const noId = { ...sample(), alert: { name: 'x' } };
  assert.equal(events(parseWebhook(noId, ctx, mapping))[0]!.dedupKey, 'gen-1');
  assert.deepEqual(errors(parseWebhook({ ...noId, state: 'ok' }, ctx, mapping)), [
    'dedupKey: nothing found at $.alert.id, and resolve events need one',
  ]);
  const long = { ...sample(), alert: { ...sample().alert, id: 'k'.repeat(600) } };
  assert.match(events(parseWebhook(long, ctx, mapping))[0]!.dedupKey, /^[0-9a-f]{64}$/);
});

test('a missing or non-text title is an error on trigger; details default to the whole body', () => {
  assert.deepEqual(errors(parseWebhook({ ...sample(), alert: {} }, testContext(), mapping)), [
    'title: nothing found at $.alert.name',
  ]);
  assert.deepEqual(
    errors(parseWebhook({ ...sample(), alert: { name: { text: 'x' } } }, testContext(), mapping)),
    ['title at $.alert.name must be text or a number, not an object'],
  );
  const [e] = events(
    parseWebhook({ t: 'x', n: 1 }, testContext(), webhookMappingSchema.parse({ title: '$.t' })),
  );
  assert.deepEqual(e!.details, { t: 'x', n: 1 });
  assert.equal(e!.severity, 'error');
});

test('preview: the event a sample would give, the same every time, or every problem', () => {
  const raw = JSON.parse(JSON.stringify(mapping)) as unknown;
  const first = previewWebhook(raw, { ...sample(), alert: { name: 'no id' } });
  assert.ok(first.ok);
  assert.equal(first.event.dedupKey, previewDedupKey);
  assert.deepEqual(previewWebhook(raw, { ...sample(), alert: { name: 'no id' } }), first);
  assert.deepEqual(
    previewWebhook({ title: '$.a[', severity: { path: '$.x', map: { a: 'urgent' } }, extra: 1 }, {}),
    {
      ok: false,
      errors: [
        "mapping.title needs [number] or ['name'] at position 4",
        'mapping.severity.map.a must be one of critical, error, warning, info',
        'mapping has unknown field extra',
      ],
    },
  );
  assert.deepEqual(previewWebhook({ title: '$.t' }, { other: 1 }), {
    ok: false,
    errors: ['title: nothing found at $.t'],
  });
  assert.deepEqual(previewWebhook(null, {}), { ok: false, errors: ['mapping must be an object'] });
});
