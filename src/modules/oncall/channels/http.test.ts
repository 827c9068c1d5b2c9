import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closedPort, startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import { testContext } from './channel.test-support.js';
import { classifyStatus, parseRetryAfter, postOnce, redact } from './http.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

const secret = 'tok-SECRET-123456';
const request = () => ({
  url: `${listener.url}/hook/${secret}`,
  headers: { 'content-type': 'application/json' },
  body: '{}',
  secrets: [secret],
});

test('2xx is ok, with the status and a latency', async () => {
  for (const status of [200, 202, 204]) {
    listener.reply({ status, body: status === 204 ? '' : 'ok' });
    const r = await postOnce(testContext(), request());
    assert.deepEqual(
      { ok: r.ok, status: r.status, retryable: r.retryable },
      { ok: true, status, retryable: false },
    );
    assert.equal(r.error, undefined);
    assert.ok(r.latencyMs >= 0);
    assert.equal(listener.requests.at(-1)!.headers['user-agent'], 'Keel');
  }
});

test('429 is retryable and carries Retry-After (seconds or an HTTP date) as a hint', async () => {
  listener.reply({ status: 429, headers: { 'retry-after': '7' }, body: 'slow down' });
  const r = await postOnce(testContext(), request());
  assert.deepEqual(
    { ok: r.ok, status: r.status, retryable: r.retryable, retryAfterMs: r.retryAfterMs },
    { ok: false, status: 429, retryable: true, retryAfterMs: 7000 },
  );
  assert.equal(r.error, 'HTTP 429: slow down');

  const ctx = testContext();
  const at = new Date(ctx.clock.now() + 90_000).toUTCString();
  listener.reply({ status: 503, headers: { 'retry-after': at } });
  const dated = await postOnce(ctx, request());
  assert.equal(dated.retryable, true);
  assert.equal(dated.retryAfterMs, 90_000);
});

test('408 and 5xx are retryable; other 4xx are not (a dead URL is not retried forever)', async () => {
  for (const [status, retryable] of [
    [408, true],
    [500, true],
    [502, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [410, false],
  ] as const) {
    listener.reply({ status, body: 'nope' });
    const r = await postOnce(testContext(), request());
    assert.equal(r.ok, false, `${status}`);
    assert.equal(r.status, status);
    assert.equal(r.retryable, retryable, `${status} retryable`);
    assert.equal(r.error, `HTTP ${status}: nope`);
  }
});

test('a redirect is not followed and not retried', async () => {
  listener.reply({ status: 301, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
  const before = listener.requests.length;
  const r = await postOnce(testContext(), request());
  assert.equal(listener.requests.length, before + 1);
  assert.deepEqual(
    { ok: r.ok, status: r.status, retryable: r.retryable },
    { ok: false, status: 301, retryable: false },
  );
});

test('a timeout is retryable and says so', async () => {
  listener.reply('hang');
  const r = await postOnce(testContext({ timeoutMs: 150 }), request());
  assert.deepEqual(
    { ok: r.ok, retryable: r.retryable, status: r.status },
    { ok: false, retryable: true, status: undefined },
  );
  assert.equal(r.error, 'timed out after 150 ms');
  assert.ok(r.latencyMs >= 100, `latency ${r.latencyMs}`);
  listener.reply({ status: 200 });
});

test('connection refused is retryable, and the error names the cause without the secret', async () => {
  const port = await closedPort();
  const r = await postOnce(testContext(), { ...request(), url: `http://127.0.0.1:${port}/hook/${secret}` });
  assert.deepEqual({ ok: r.ok, retryable: r.retryable }, { ok: false, retryable: true });
  assert.match(r.error ?? '', /ECONNREFUSED/);
  assert.ok(!(r.error ?? '').includes(secret));
});

test('a secret echoed in an error body is masked', async () => {
  listener.reply({ status: 404, body: `no hook /hook/${secret} (${encodeURIComponent(secret)})` });
  const r = await postOnce(testContext(), request());
  assert.equal(r.error, 'HTTP 404: no hook /hook/*** (***)');
});

test('classifyStatus, parseRetryAfter and redact', () => {
  assert.equal(classifyStatus(404, '5', 0).retryAfterMs, undefined, 'no hint when not retryable');
  assert.equal(parseRetryAfter('1.5', 0), 1500);
  assert.equal(parseRetryAfter('soon', 0), undefined);
  assert.equal(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 20_000), 0, 'a past date is now');
  assert.equal(redact('a/b c', ['a/b']), 'a/b c', 'too short to be a secret: left alone');
  assert.equal(redact('k/ey9 c k%2Fey9', ['k/ey9']), '*** c ***', 'masked, also URL-encoded');
  assert.equal(redact('x+y=', ['x+y=']), '***');
});
