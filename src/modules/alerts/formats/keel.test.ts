import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKeel } from './keel.js';
import { errors, events, testContext } from './test-support.js';

const full = () => ({
  action: 'trigger',
  dedupKey: 'checkout-5xx',
  summary: 'Checkout 5xx above 2%',
  severity: 'critical',
  source: 'api-1.prod',
  labels: { service: 'checkout', env: 'prod' },
  details: { rate: 0.031, window: '5m' },
  links: [{ href: 'https://grafana.example.com/d/abc', text: 'Dashboard' }],
  occurredAt: '2026-11-27T14:03:00Z',
});

test('the documented example becomes the event it describes', () => {
  const [e] = events(parseKeel(full(), testContext()));
  assert.deepEqual(e, {
    action: 'trigger',
    dedupKey: 'checkout-5xx',
    summary: 'Checkout 5xx above 2%',
    source: 'api-1.prod',
    severity: 'critical',
    priority: null,
    component: null,
    group: null,
    class: null,
    labels: { env: 'prod', service: 'checkout' },
    details: { rate: 0.031, window: '5m' },
    links: [{ href: 'https://grafana.example.com/d/abc', text: 'Dashboard' }],
    images: [],
    occurredAt: Date.UTC(2026, 10, 27, 14, 3),
    groupKey: null,
    client: null,
    clientUrl: null,
    description: null,
  });
});

test('a minimal trigger: generated key, severity error, no time; epoch milliseconds are accepted', () => {
  const [e] = events(parseKeel({ action: 'trigger', summary: 'x' }, testContext()));
  assert.equal(e!.dedupKey, 'gen-1');
  assert.equal(e!.severity, 'error');
  assert.equal(e!.occurredAt, null);
  assert.equal(
    events(parseKeel({ ...full(), occurredAt: 1_795_788_180_000 }, testContext()))[0]!.occurredAt,
    1_795_788_180_000,
  );
});

test('acknowledge and resolve need the dedupKey, not a summary', () => {
  assert.equal(
    events(parseKeel({ action: 'resolve', dedupKey: 'checkout-5xx' }, testContext()))[0]!.action,
    'resolve',
  );
  assert.deepEqual(errors(parseKeel({ action: 'acknowledge' }, testContext())), [
    'dedupKey is required for acknowledge events',
  ]);
  assert.deepEqual(errors(parseKeel({ action: 'trigger' }, testContext())), [
    'summary is required for trigger events',
  ]);
});

test('strict: unknown fields, typos and wrong values are refused with their names', () => {
  assert.deepEqual(errors(parseKeel({ ...full(), sumary: 'typo', Severity: 'x' }, testContext())), [
    'body has unknown fields sumary, Severity',
  ]);
  assert.deepEqual(
    errors(
      parseKeel(
        { ...full(), severity: 'sev1', occurredAt: 'last tuesday', links: [{ href: 'ftp://x' }] },
        testContext(),
      ),
    ),
    [
      'severity must be one of critical, error, warning, info',
      'links[0].href must be an http(s) URL',
      'occurredAt must be an ISO 8601 date-time or epoch milliseconds',
    ],
  );
});

test('limits are enforced on Keel’s own format: labels, links, details, summary', () => {
  const labels = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`l${i}`, 'v']));
  const links = Array.from({ length: 21 }, () => ({ href: 'https://x.example/' }));
  assert.deepEqual(
    errors(
      parseKeel(
        { ...full(), labels, links, details: { blob: 'x'.repeat(64 * 1024) }, summary: 's'.repeat(1025) },
        testContext(),
      ),
    ),
    [
      'summary must have at most 1024 characters',
      'labels must have at most 100 entries',
      'details must be at most 65536 bytes as JSON',
      'links must have at most 20 items',
    ],
  );
  assert.deepEqual(errors(parseKeel({ ...full(), labels: { k: 'v'.repeat(1025) } }, testContext())), [
    'labels.k must have at most 1024 characters',
  ]);
});
