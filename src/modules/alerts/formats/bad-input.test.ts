import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formats } from './index.js';
import { errors, testContext } from './test-support.js';
import type { ParseResult } from './types.js';
import { webhookMappingSchema } from './webhook.js';

/**
 * Every format against the same hostile inputs: each must answer { ok: false, errors } with at
 * least one sentence, and never throw.
 */
const mapping = webhookMappingSchema.parse({ title: '$.title', dedupKey: '$.id' });
const parsers: Record<string, (body: unknown) => ParseResult> = {
  pagerduty: (b) => formats.pagerduty.parse(b, testContext()),
  alertmanager: (b) => formats.alertmanager.parse(b, testContext()),
  grafana: (b) => formats.grafana.parse(b, testContext()),
  'opsgenie create': (b) => formats.opsgenie.parse(b, testContext()),
  'opsgenie close': (b) => formats.opsgenie.parseAction('close', 'alias-1', 'alias', b),
  keel: (b) => formats.keel.parse(b, testContext()),
  webhook: (b) => formats.webhook.parse(b, testContext(), mapping),
  'webhook preview (as mapping)': (b) => {
    const preview = formats.webhook.preview(b, { title: 't' });
    return preview.ok ? { ok: true, events: [preview.event] } : preview;
  },
};

function nested(levels: number, leaf: unknown = 'x'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

function nestedArrays(levels: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

/** Inputs no format accepts. (The Opsgenie close body is optional, so it accepts empty and null.) */
const hostile: Record<string, () => unknown> = {
  'an empty string body': () => '',
  'a number': () => 42,
  'a string': () => 'firing',
  'a boolean': () => true,
  'an array where an object belongs': () => [[{ title: 'x' }]],
  'wrong types for every field': () => ({
    routing_key: 1,
    event_action: [],
    payload: 'x',
    alerts: {},
    message: 7,
    action: {},
    title: { t: 1 },
    user: 5,
  }),
  'a 10 000-level nested object': () => nested(10_000),
  'a 10 000-level nested array': () => nestedArrays(10_000),
  'a lone high surrogate in a value': () => ({
    title: 'x\ud800',
    summary: 'x\ud800',
    message: 'x\ud800',
    user: 'x\ud800',
    alerts: [{ labels: { a: '\ud800' } }],
  }),
  'a lone low surrogate in a key': () => JSON.parse('{"\\udc00": 1, "title": 1}'),
  'a NUL character': () => ({
    title: 'a\u0000b',
    summary: 'a\u0000b',
    message: 'a\u0000b',
    user: 'a\u0000b',
  }),
  'a __proto__ key': () => JSON.parse('{"__proto__": {"polluted": true}, "title": "x"}'),
  'more values than the cap': () => ({ title: 1, user: 1, list: Array.from({ length: 100_001 }, () => 0) }),
  'not JSON at all': () => ({ title: 'x', user: 'x', when: new Date(0) }),
  'a non-finite number': () => ({ title: Number.NaN, user: 'x', x: Infinity }),
};

for (const [format, parse] of Object.entries(parsers)) {
  test(`${format}: refuses empty, null and hostile bodies without throwing`, () => {
    const cases = { ...hostile };
    if (format !== 'opsgenie close') {
      Object.assign(cases, {
        'no body': () => undefined,
        null: () => null,
        'an empty object': () => ({}),
      });
    }
    for (const [name, make] of Object.entries(cases)) {
      let result: ParseResult;
      try {
        result = parse(make());
      } catch (error) {
        assert.fail(`${format} threw on ${name}: ${String(error)}`);
      }
      errors(result);
    }
  });
}

test('the guard names what it refused', () => {
  const keel = (b: unknown) => errors(formats.keel.parse(b, testContext()));
  assert.deepEqual(keel(undefined), ['body is empty']);
  assert.deepEqual(keel(null), ['body must be an object']);
  assert.deepEqual(keel(nested(10_000)), ['body is nested deeper than 64 levels']);
  assert.deepEqual(keel({ action: 'trigger', labels: { 'k y': 'a\ud800' } }), [
    'labels["k y"] contains a lone surrogate (invalid Unicode)',
  ]);
  assert.deepEqual(keel(JSON.parse('{"action":"trigger","details":{"\\udfff":1}}')), [
    'a key in details contains a lone surrogate (invalid Unicode)',
  ]);
  assert.deepEqual(keel({ action: 'trigger', summary: 'a\u0000' }), ['summary contains a NUL character']);
  assert.deepEqual(keel(JSON.parse('{"action":"trigger","details":{"__proto__":{}}}')), [
    'details has the forbidden key __proto__',
  ]);
  assert.deepEqual(keel([{ action: 'trigger' }]), ['body must be an object']);
  // Surrogate pairs are fine: only lone halves are refused.
  assert.equal(formats.keel.parse({ action: 'trigger', summary: '🚨 paged' }, testContext()).ok, true);
  // 64 levels of objects (the body and 63 inside it) are fine; the 65th is not.
  assert.equal(
    formats.keel.parse({ action: 'trigger', summary: 's', details: nested(63) as object }, testContext()).ok,
    true,
  );
  assert.equal(
    formats.keel.parse({ action: 'trigger', summary: 's', details: nested(64) as object }, testContext()).ok,
    false,
  );
});

test('the hostile inputs above are all parsed quickly', () => {
  const started = performance.now();
  for (const parse of Object.values(parsers)) for (const make of Object.values(hostile)) parse(make());
  assert.ok(performance.now() - started < 1500, `took ${Math.round(performance.now() - started)} ms`);
});
