import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { assertErrorShape } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { ingestCounts, loadFixture, startIngestApi, type IngestApi } from '../helpers/ingest.js';

/**
 * Bad input on every ingest endpoint, over HTTP: wrong types, missing fields, an unknown key, an
 * empty body, 10 MB, 100 000 levels of nesting, invalid UTF-8 and a wrong content type. Each is a
 * 4xx in the sender's own error shape (PagerDuty's, Opsgenie's, else Keel's) and writes nothing:
 * no raw event, alert, incident, timeline entry or job. (Sockets: ingest-limits.test.ts.)
 */
type Shape = 'pagerduty' | 'opsgenie' | 'keel';
type Case =
  | 'wrong types'
  | 'missing fields'
  | 'unknown key'
  | 'empty body'
  | '10 MB'
  | 'unclosed nesting'
  | 'deep nesting'
  | 'invalid UTF-8'
  | 'NUL character'
  | 'text/plain';

interface Endpoint {
  name: string;
  shape: Shape;
  url(api: IngestApi): string;
  headers?(api: IngestApi): Record<string, string>;
  valid(api: IngestApi): unknown;
  wrongTypes(api: IngestApi): unknown;
  missing(api: IngestApi): unknown;
  /** Where the request with a missing field goes, when not `url` (a required query parameter). */
  missingUrl?(api: IngestApi): string;
  /** The request with a key Keel does not know. */
  unknownKey(api: IngestApi): { url: string; headers?: Record<string, string>; body: unknown };
  /** Status per case, where it differs from the shape's default. */
  status?: Partial<Record<Case, number>>;
  /** An unknown key at a URL every format shares gets Keel's 404: its format is unknown too. */
  unknownKeyShape?: Shape;
}

const unknown = '0123456789abcdef0123456789abcdef';
const pdEvent = (key: string) => ({
  routing_key: key,
  event_action: 'trigger',
  payload: { summary: 's', source: 'x', severity: 'info' },
});
const amGroup = () => loadFixture('alertmanager-0.25/am_webhook_firing.json').body as { alerts: object[] };
const promAlerts = () => loadFixture('alertmanager-0.25/prometheus_to_am_api_v2_alerts_firing.json').body;
const genie = (api: IngestApi) => ({ authorization: `GenieKey ${api.keys.opsgenie}` });
const keelUrl = (type: keyof IngestApi['keys']) => (api: IngestApi) => `/api/v1/ingest/${api.keys[type]}`;
const unknownUrl =
  (suffix = '') =>
  () => ({ url: `/api/v1/ingest/${unknown}${suffix}`, body: {} });

const endpoints: Endpoint[] = [
  {
    name: 'PagerDuty /v2/enqueue',
    shape: 'pagerduty',
    url: () => '/v2/enqueue',
    valid: (api) => pdEvent(api.keys.pagerduty),
    wrongTypes: (api) => ({ ...pdEvent(api.keys.pagerduty), event_action: 7, payload: 'x' }),
    missing: (api) => ({ ...pdEvent(api.keys.pagerduty), payload: { summary: 's' } }),
    unknownKey: () => ({ url: '/v2/enqueue', body: pdEvent(unknown) }),
  },
  {
    name: 'PagerDuty at the integration URL',
    shape: 'pagerduty',
    url: keelUrl('pagerduty'),
    valid: (api) => pdEvent(api.keys.pagerduty),
    wrongTypes: (api) => ({ ...pdEvent(api.keys.pagerduty), dedup_key: 5 }),
    missing: () => ({ event_action: 'resolve' }),
    unknownKey: unknownUrl(),
    status: { 'unknown key': 404 },
    unknownKeyShape: 'keel',
  },
  {
    name: 'Alertmanager webhook',
    shape: 'keel',
    url: keelUrl('alertmanager'),
    valid: amGroup,
    wrongTypes: () => ({ ...amGroup(), alerts: [{ status: 'firing', labels: 'x' }] }),
    missing: () => ({ ...amGroup(), alerts: [{ labels: { a: 'b' } }] }),
    unknownKey: unknownUrl(),
  },
  {
    name: 'Prometheus at <url>/api/v2/alerts',
    shape: 'keel',
    url: (api) => `/api/v1/ingest/${api.keys.alertmanager}/api/v2/alerts`,
    valid: promAlerts,
    wrongTypes: () => [{ labels: { a: 1 } }],
    missing: () => [{ annotations: { summary: 'no labels' } }],
    unknownKey: unknownUrl('/api/v2/alerts'),
  },
  {
    name: 'Grafana webhook',
    shape: 'keel',
    url: keelUrl('grafana'),
    valid: () => ({ ...amGroup(), orgId: 1 }),
    wrongTypes: () => ({ ...amGroup(), orgId: 'one' }),
    missing: () => ({ receiver: 'keel', status: 'firing' }),
    unknownKey: unknownUrl(),
  },
  ...(['integration URL', 'GenieKey'] as const).flatMap((form): Endpoint[] => {
    const base = (api: IngestApi) => (form === 'GenieKey' ? '' : `/api/v1/ingest/${api.keys.opsgenie}`);
    const headers = (api: IngestApi) => (form === 'GenieKey' ? genie(api) : {});
    const unknownKey = (suffix: string) => () =>
      form === 'GenieKey'
        ? { url: `/v2/alerts${suffix}`, headers: { authorization: `GenieKey ${unknown}` }, body: {} }
        : { url: `/api/v1/ingest/${unknown}/v2/alerts${suffix}`, body: {} };
    return [
      {
        name: `Opsgenie create (${form})`,
        shape: 'opsgenie',
        url: (api) => `${base(api)}/v2/alerts`,
        headers,
        valid: () => ({ message: 'm', alias: 'a' }),
        wrongTypes: () => ({ message: 5, tags: 'x' }),
        missing: () => ({ alias: 'no-message' }),
        unknownKey: unknownKey(''),
      },
      {
        name: `Opsgenie close (${form})`,
        shape: 'opsgenie',
        url: (api) => `${base(api)}/v2/alerts/some-alias/close?identifierType=alias`,
        headers,
        valid: () => ({ note: 'n' }),
        wrongTypes: () => ({ user: 5 }),
        // identifierType is required by Keel (Opsgenie's default, id, is not served).
        missing: () => ({ note: 'n' }),
        missingUrl: (api) => `${base(api)}/v2/alerts/some-alias/close`,
        unknownKey: unknownKey('/some-alias/close?identifierType=alias'),
        status: { 'empty body': 202 }, // Opsgenie's close body is optional
      },
    ];
  }),
  {
    name: 'generic webhook',
    shape: 'keel',
    url: (api) => `/api/v1/ingest/${api.keys.webhook}`,
    valid: () => ({ title: 't', id: '1' }),
    wrongTypes: () => ({ title: { nested: true }, id: '1' }),
    missing: () => ({ id: '1' }),
    unknownKey: unknownUrl(),
  },
  {
    name: 'Keel event',
    shape: 'keel',
    url: keelUrl('keel'),
    valid: () => ({ action: 'trigger', summary: 's' }),
    wrongTypes: () => ({ action: 'trigger', summary: 5 }),
    missing: () => ({ action: 'trigger' }),
    unknownKey: unknownUrl(),
  },
];

const defaults: Record<Shape, Record<Case, number>> = {
  pagerduty: {
    'wrong types': 400,
    'missing fields': 400,
    'unknown key': 400,
    'empty body': 400,
    '10 MB': 413,
    'unclosed nesting': 400,
    'deep nesting': 400,
    'invalid UTF-8': 400,
    'NUL character': 400,
    'text/plain': 400,
  },
  opsgenie: {
    'wrong types': 422,
    'missing fields': 422,
    'unknown key': 401,
    'empty body': 422,
    '10 MB': 413,
    'unclosed nesting': 422,
    'deep nesting': 422,
    'invalid UTF-8': 422,
    'NUL character': 422,
    'text/plain': 422,
  },
  keel: {
    'wrong types': 400,
    'missing fields': 400,
    'unknown key': 404,
    'empty body': 400,
    '10 MB': 413,
    'unclosed nesting': 400,
    'deep nesting': 400,
    'invalid UTF-8': 400,
    'NUL character': 400,
    'text/plain': 415,
  },
};

/** Asserts the sender's error shape. */
function assertShape(shape: Shape, res: LightMyRequestResponse, label: string): void {
  assert.ok(
    res.statusCode >= 400 && res.statusCode < 500,
    `${label}: ${res.statusCode} ${res.body.slice(0, 300)}`,
  );
  const body = res.json<Record<string, unknown>>();
  if (shape === 'pagerduty') {
    assert.deepEqual(Object.keys(body).sort(), ['errors', 'message', 'status'], label);
    assert.equal(body.status, 'invalid event', label);
    assert.equal(body.message, 'Event object is invalid', label);
    const errors = body.errors as unknown[];
    assert.ok(errors.length > 0 && errors.every((e) => typeof e === 'string' && e !== ''), label);
  } else if (shape === 'opsgenie') {
    assert.deepEqual(Object.keys(body).sort(), ['message', 'requestId', 'took'], label);
    assert.ok(typeof body.message === 'string' && body.message !== '', label);
    assert.equal(body.requestId, res.headers['x-request-id'], label);
  } else {
    assertErrorShape(res);
  }
}

describeEachDialect('ingest: bad input in each sender’s error shape, nothing stored', (kind) => {
  let api: IngestApi;
  before(async () => {
    api = await startIngestApi(kind, {
      configs: { webhook: { mapping: { title: '$.title', dedupKey: '$.id' } } },
    });
  });
  after(() => api.close());

  for (const ep of endpoints) {
    test(ep.name, async () => {
      const url = ep.url(api);
      const headers = ep.headers?.(api) ?? {};
      const valid = JSON.stringify(ep.valid(api));
      const quote = valid.indexOf('"') + 1;
      const requests: Record<
        Case,
        { url?: string | undefined; headers?: Record<string, string>; payload: string | Buffer }
      > = {
        'wrong types': { payload: JSON.stringify(ep.wrongTypes(api)) },
        'missing fields': { url: ep.missingUrl?.(api), payload: JSON.stringify(ep.missing(api)) },
        'unknown key': (() => {
          const u = ep.unknownKey(api);
          return { url: u.url, headers: u.headers ?? {}, payload: JSON.stringify(u.body) };
        })(),
        'empty body': { payload: '' },
        '10 MB': {
          payload: JSON.stringify({ ...(ep.valid(api) as object), pad: 'x'.repeat(10 * 1024 * 1024) }),
        },
        'unclosed nesting': { payload: '['.repeat(100_000) },
        'deep nesting': { payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
        'invalid UTF-8': {
          payload: Buffer.concat([
            Buffer.from(valid.slice(0, quote)),
            Buffer.from([0xc3, 0x28, 0xff]),
            Buffer.from(valid.slice(quote)),
          ]),
        },
        // A NUL in the body's last string (ingest routes leave the NUL check to the format's guard).
        'NUL character': {
          payload: `${valid.slice(0, valid.lastIndexOf('"'))}\\u0000${valid.slice(valid.lastIndexOf('"'))}`,
        },
        'text/plain': { headers: { 'content-type': 'text/plain' }, payload: valid },
      };
      for (const [name, req] of Object.entries(requests) as [Case, (typeof requests)[Case]][]) {
        const label = `${ep.name}, ${name}`;
        const target = req.url ?? url;
        const before = await ingestCounts(api);
        api.clock.advance(1000);
        const res = await api.sendRaw(target, req.payload, { ...headers, ...req.headers });
        const expected = ep.status?.[name] ?? defaults[ep.shape][name];
        assert.equal(res.statusCode, expected, `${label}: ${res.body.slice(0, 300)}`);
        if (expected >= 400) {
          assertShape(name === 'unknown key' ? (ep.unknownKeyShape ?? ep.shape) : ep.shape, res, label);
          assert.deepEqual(await ingestCounts(api), before, `${label} wrote nothing`);
        }
      }
      // And the endpoint still takes a valid request.
      const ok = await api.sendRaw(url, valid, headers);
      assert.ok(
        ok.statusCode >= 200 && ok.statusCode < 300,
        `${ep.name}, valid: ${ok.statusCode} ${ok.body}`,
      );
    });
  }
});
