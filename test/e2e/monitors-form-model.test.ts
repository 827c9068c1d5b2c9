import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkerFor } from '../../src/modules/monitors/checkers/index.js';
import {
  blankForm,
  bodyOf,
  checkForm,
  formFromMonitor,
  type MonitorForm,
} from '../../web/src/features/monitors/monitor-form-model.js';
import { issuesByRow, parseCsv, previewImport } from '../../web/src/features/monitors/import-model.js';
import { changeDetail, ninetyDays } from '../../web/src/features/monitors/monitor-history-sections.js';
import {
  noSparkline,
  sparklineCaption,
  type Monitor,
  type StateChange,
} from '../../web/src/features/monitors/monitors.api.js';

/**
 * The monitor form's mapping to the API, checked against the checkers' own config schemas: what
 * the dialog sends for each type is what the server accepts, and an edit round-trips.
 */
function form(
  type: MonitorForm['type'],
  c: Record<string, string>,
  b: Record<string, boolean> = {},
): MonitorForm {
  const f = blankForm('svc');
  return { ...f, name: 'x', type, c: { ...f.c, ...c }, b: { ...f.b, ...b } };
}

const samples: MonitorForm[] = [
  form(
    'http',
    {
      url: 'https://example.com/health',
      method: 'POST',
      headers: 'Accept: application/json\nX-Trace: 1',
      body: '{"ping":true}',
      expectedStatus: '200-299, 301',
      matchKind: 'regex',
      matchValue: '^ok$',
      jsonPath: '$.status',
      jsonOp: '==',
      jsonValue: 'ok',
      authType: 'bearer',
      authToken: 'secret',
      maxRedirects: '3',
    },
    { matchAbsent: true, tlsVerify: false },
  ),
  form(
    'tls',
    { host: 'example.com', port: '8443', warnDays: '30', warnStatus: 'down' },
    { verifyChain: false },
  ),
  form('tcp', { host: '127.0.0.1', port: '5432' }),
  form('dns', { name: 'example.com', recordType: 'MX', resolver: '1.1.1.1', expected: 'mx.example.com' }),
  form('ping', { host: '::1', count: '3' }),
];

test('every checked type: the form sends a config its checker accepts', () => {
  for (const f of samples) {
    assert.deepEqual(checkForm(f), {}, f.type);
    const body = bodyOf(f);
    const parsed = checkerFor(body.type)!.configSchema.safeParse(body.config);
    assert.ok(parsed.success, `${f.type}: ${JSON.stringify(parsed.error?.issues)}`);
  }
  const http = bodyOf(samples[0]!).config;
  assert.deepEqual(http.headers, { Accept: 'application/json', 'X-Trace': '1' });
  assert.deepEqual(http.expectedStatus, ['200-299', 301]);
  assert.deepEqual(http.match, { kind: 'regex', value: '^ok$', absent: true, caseSensitive: true });
  assert.deepEqual(http.json, { path: '$.status', op: '==', value: 'ok' });
  assert.deepEqual(http.auth, { type: 'bearer', token: 'secret' });
  assert.equal(http.tlsVerify, false);
});

test('an edit round-trips: a stored monitor (config as the server parsed it) saves the same config', () => {
  for (const f of samples) {
    const body = bodyOf(f);
    const schema = checkerFor(body.type)!.configSchema;
    const config = { ...(schema.parse(body.config) as Record<string, unknown>), addedByApi: 7 };
    const stored = { ...body, config, id: 'm1', paused: false } as unknown as Monitor;
    const again = bodyOf(formFromMonitor(stored));
    assert.deepEqual(schema.parse(again.config), schema.parse(config), f.type);
    assert.equal(again.config.addedByApi, 7, `${f.type}: a key the form has no field for is kept`);
    assert.deepEqual({ ...again, config: null }, { ...body, config: null }, f.type);
  }
});

test('client checks: interval below 10 s, missing URL, a header line without a colon', () => {
  const f = form('http', { url: '', headers: 'no colon here' });
  const errors = checkForm({ ...f, intervalSeconds: '5' });
  assert.ok(errors.intervalSeconds && errors['config.url'] && errors['config.headers']);
});

test('import preview: CSV with quotes, JSON arrays, and issues grouped by row', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, ""y""",2\n\n'), [
    ['a', 'b'],
    ['x, "y"', '2'],
  ]);
  const csv = previewImport('name,type,serviceId,url\nA,http,s1,https://a.example\nB,tcp,s1,');
  assert.equal(csv.error, null);
  assert.deepEqual(csv.body, { csv: 'name,type,serviceId,url\nA,http,s1,https://a.example\nB,tcp,s1,' });
  assert.equal(csv.rows[0]!.target, 'https://a.example');
  assert.match(previewImport('name,url\nA,x').error ?? '', /type, serviceId/);
  const json = previewImport('[{"name":"A","type":"tcp","serviceId":"s","config":{"host":"h","port":1}}]');
  assert.equal(json.rows[0]!.target, 'h:1');
  assert.match(previewImport('{"name":"A"}').error ?? '', /JSON array/);
  const byRow = issuesByRow([
    { path: [1, 'config', 'url'], message: 'bad' },
    { path: [], message: 'nothing to import' },
  ]);
  assert.deepEqual(byRow.get(1), ['config.url: bad']);
  assert.deepEqual(byRow.get(-1), ['nothing to import']);
});

test('detail history: 90 UTC days with gaps filled; state-change lines; sparkline captions', () => {
  const now = Date.parse('2026-11-27T15:00:00Z');
  const point = (at: string, checks: number, failures: number) => ({
    at,
    checks,
    failures,
    degraded: 0,
    uptime: null,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    avgMs: null,
  });
  const days = ninetyDays(
    [point('2026-11-27T00:00:00.000Z', 10, 1), point('2026-08-30T00:00:00.000Z', 5, 0)],
    now,
  );
  assert.equal(days.length, 90);
  assert.deepEqual(days[89], { day: '2026-11-27', checks: 10, failures: 1, degraded: 0 });
  assert.deepEqual(days[0], { day: '2026-08-30', checks: 5, failures: 0, degraded: 0 });
  assert.equal(days[1]!.checks, 0);
  const change = (over: Partial<StateChange>): StateChange => ({
    id: 'c',
    at: '2026-11-27T15:00:00.000Z',
    kind: 'check',
    fromState: 'up',
    toState: 'down',
    message: '',
    latencyMs: null,
    statusCode: null,
    ...over,
  });
  assert.equal(
    changeDetail(change({ message: 'HTTP 503 (expected 200)', statusCode: 503, latencyMs: 12 })),
    'was Up · HTTP 503 (expected 200)',
    'the status is said once; no latency for a failed check',
  );
  assert.equal(
    changeDetail(change({ fromState: 'down', toState: 'up', message: 'ping', latencyMs: 40 })),
    'was Down · ping · 40 ms',
  );
  assert.equal(
    changeDetail(change({ kind: 'resumed', fromState: 'up', toState: 'up' })),
    'checks restarted (state Up)',
  );
  assert.equal(sparklineCaption('h'), 'Mean latency per hour over the last 30 hours');
  assert.equal(noSparkline({ paused: false, sparklinePeriod: 'm' }), 'No checks in the last 30 minutes');
  assert.equal(noSparkline({ paused: true }), 'Paused: no recent checks');
});
