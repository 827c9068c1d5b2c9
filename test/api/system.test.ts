import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { defineJob, enqueue } from '../../src/jobs/index.js';
import { assertApiError, assertStatus, knownRoutes, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/** Probes, metrics, the OpenAPI document, request ids and security headers. */

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describeEachDialect('system API', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(async () => {
    await api.close();
  });

  test('GET /healthz answers {"status":"ok"} without credentials', async () => {
    const res = await api.app.inject({ url: '/healthz' });
    assertStatus(res, 200);
    assert.equal(res.body, '{"status":"ok"}');
    assert.match(String(res.headers['content-type']), /^application\/json/);
  });

  test('GET /readyz is 200 with the database up and 503 in the error shape once it is closed', async () => {
    const res = await api.app.inject({ url: '/readyz' });
    assertStatus(res, 200);
    assert.deepEqual(res.json(), { status: 'ok', database: 'ok' });

    const down = await startApi(kind);
    try {
      await down.server.keel.database.close();
      const r = await down.app.inject({ url: '/readyz' });
      assert.equal(r.statusCode, 503, r.body);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      const body = r.json<{ error: { code: string; message: string; details: unknown } }>();
      assert.deepEqual(Object.keys(body), ['error']);
      assert.deepEqual(Object.keys(body.error).sort(), ['code', 'details', 'message']);
      assert.equal(body.error.code, 'unavailable');
      assert.ok(body.error.message.length > 0);
      assert.doesNotMatch(r.body, /\bat \S+ \(|\.(?:ts|js):\d+:\d+/, 'no stack');
      assert.ok(r.headers['x-request-id']);
    } finally {
      await down.close();
    }
  });

  test('GET /metrics is Prometheus text with request, database and queue metrics', async () => {
    const job = defineJob({ name: 'test.metrics', payload: z.object({}), handler: () => Promise.resolve() });
    await enqueue(api.db, api.clock, job, {});
    api.clock.advance(30_000);
    await api.app.inject({ url: `/api/v1/users/${api.owner.userId}`, headers: as(api.owner) });
    await api.app.inject({ url: '/api/v1/no-such-route' });

    const res = await api.app.inject({ url: '/metrics' });
    assertStatus(res, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const text = res.body;
    for (const [name, type] of [
      ['keel_http_requests_total', 'counter'],
      ['keel_http_request_duration_seconds', 'histogram'],
      ['keel_db_query_duration_seconds', 'histogram'],
      ['keel_jobs_queue_depth', 'gauge'],
      ['keel_jobs_lag_seconds', 'gauge'],
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${name} ${type}$`, 'm'), name);
      assert.match(text, new RegExp(`^# HELP ${name} \\S`, 'm'), name);
    }
    assert.match(
      text,
      /^keel_http_requests_total\{method="GET",route="\/api\/v1\/users\/:id",status="200"\} 1$/m,
    );
    assert.match(
      text,
      /^keel_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/users\/:id"\} 1$/m,
    );
    assert.doesNotMatch(
      text,
      new RegExp(api.owner.userId),
      'labels carry the route pattern, never the raw URL',
    );
    assert.doesNotMatch(text, /no-such-route/);
    assert.match(text, /^keel_db_query_duration_seconds_count\{outcome="ok"\} [1-9]\d*$/m);
    assert.match(text, /^keel_jobs_queue_depth 1$/m);
    assert.match(text, /^keel_jobs_lag_seconds 30$/m);
  });

  test('GET /api/openapi.json is OpenAPI 3.1 and documents every /api/v1 route', async () => {
    const res = await api.app.inject({ url: '/api/openapi.json' });
    assertStatus(res, 200);
    const doc = res.json<{
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Keel API');
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['apiKey', 'session']);

    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    const known = knownRoutes(api.app).filter((r) => r.split(' ')[1]!.startsWith('/api/v1/'));
    assert.ok(known.length >= 20, `found only ${known.length} routes in printRoutes`);
    assert.ok(known.includes('PUT /api/v1/teams/:id/members/:userId'));
    assert.ok(known.includes('POST /api/v1/jobs/:id/retry'));
    assert.deepEqual(
      documented.filter((r) => r.split(' ')[1]!.startsWith('/api/v1/')),
      known,
    );
    const routed = knownRoutes(api.app);
    for (const r of documented) assert.ok(routed.includes(r), `${r} is documented but not routed`);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        assert.ok(op.summary, `${method} ${path} has a summary`);
        assert.ok(
          op.responses && Object.keys(op.responses).some((s) => s.startsWith('2')),
          `${method} ${path} documents its success`,
        );
      }
    }
    // The probes and the document itself are not API routes.
    assert.ok(!('/healthz' in doc.paths) && !('/api/openapi.json' in doc.paths));
  });

  test('every answer has an X-Request-Id; a sane incoming one is echoed, anything else replaced', async () => {
    const answers = [
      await api.app.inject({ url: '/healthz' }),
      await api.app.inject({ url: '/readyz' }),
      await api.app.inject({ url: '/metrics' }),
      await api.app.inject({ url: '/api/openapi.json' }),
      await api.app.inject({ url: '/api/v1/users', headers: as(api.owner) }),
      await api.app.inject({ url: '/api/v1/users' }),
      await api.app.inject({ url: '/api/v1/nothing-here' }),
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: { ...as(api.owner), 'content-type': 'application/json' },
        payload: '{',
      }),
      await api.app.inject({ url: `/api/v1/users/${'x'.repeat(300)}`, headers: as(api.owner) }),
      await api.app.inject({ url: '/api/v1/users/%E0%A4%A', headers: as(api.owner) }),
    ];
    const ids = answers.map((r) => String(r.headers['x-request-id'] ?? ''));
    for (const [i, id] of ids.entries()) assert.match(id, uuid, `answer ${i} (${answers[i]!.statusCode})`);
    assert.equal(new Set(ids).size, ids.length, 'a new id per request');

    const echoed = await api.app.inject({
      url: '/api/v1/me',
      headers: { ...as(api.owner), 'x-request-id': 'lb-1234.abc:def_9' },
    });
    assert.equal(echoed.headers['x-request-id'], 'lb-1234.abc:def_9');
    const echoedError = await api.app.inject({ url: '/api/v1/me', headers: { 'x-request-id': 'trace-401' } });
    assert.equal(echoedError.headers['x-request-id'], 'trace-401');
    for (const bad of ['x'.repeat(65), 'has space', '<script>', '']) {
      const r = await api.app.inject({ url: '/healthz', headers: { 'x-request-id': bad } });
      assert.match(String(r.headers['x-request-id']), uuid, `replaces ${JSON.stringify(bad)}`);
    }
  });

  test('security headers: CSP and nosniff on pages and errors, no HSTS over http', async () => {
    for (const res of [
      await api.app.inject({ url: '/api/v1/users', headers: as(api.owner) }),
      await api.app.inject({ url: '/api/v1/users' }),
      await api.app.inject({ url: '/api/v1/nothing-here' }),
      await api.app.inject({ url: '/api/openapi.json' }),
    ]) {
      const csp = String(res.headers['content-security-policy'] ?? '');
      assert.match(csp, /default-src 'self'/, `${res.statusCode}: ${csp}`);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /object-src 'none'/);
      assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
      assert.equal(res.headers['x-powered-by'], undefined);
    }
  });

  test('machine routes (ingest, heartbeat) answer with nosniff only, not the page headers', async () => {
    for (const res of [
      await api.app.inject({
        method: 'POST',
        url: '/v2/enqueue',
        payload: { routing_key: 'nobody', event_action: 'trigger' },
      }),
      await api.app.inject({ url: '/api/v1/heartbeat/no-such-token' }),
      await api.app.inject({ method: 'POST', url: '/api/v1/ingest/no-such-key', payload: {} }),
    ]) {
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body}`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['content-security-policy'], undefined);
      assert.equal(res.headers['x-frame-options'], undefined);
      assert.equal(res.headers['cross-origin-opener-policy'], undefined);
      assert.match(String(res.headers['x-request-id']), /\S/);
    }
  });

  test('HSTS is sent when Keel is served over https', async () => {
    const secure = await startApi(kind, { KEEL_PUBLIC_URL: 'https://keel.example.com' });
    try {
      const res = await secure.app.inject({ url: '/api/v1/setup' });
      assertStatus(res, 200);
      assert.match(String(res.headers['strict-transport-security']), /^max-age=15552000/);
    } finally {
      await secure.close();
    }
  });

  test('a malformed %-encoding or an overlong path parameter is 400 bad_request in the error shape', async () => {
    for (const url of [
      '/api/v1/users/%E0%A4%A',
      `/api/v1/users/${'x'.repeat(201)}`,
      `/api/v1/teams/${'y'.repeat(500)}/members/z`,
    ]) {
      const res = await api.app.inject({ url, headers: { ...as(api.owner), 'x-request-id': 'framework-1' } });
      assertApiError(res, 400, 'bad_request');
      assert.equal(res.headers['x-request-id'], 'framework-1');
    }
  });

  test('unknown routes are 404 route_not_found in the error shape', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/nothing-here'],
      ['DELETE', '/api/v1/users'],
      ['GET', '/api/v2/users'],
      ['GET', '/api'],
      ['GET', '/nothing-here'],
    ] as const) {
      const res = await api.app.inject({ method, url, headers: as(api.owner) });
      const error = assertApiError(res, 404, 'route_not_found');
      assert.equal(error.message, `No route ${method} ${url}.`);
    }
  });
});
