import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closedPort, startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import { testContext } from '../channels/channel.test-support.js';
import { postOnce } from '../channels/http.js';
import { leanPost, lookupRefusingLinkLocal } from './outbound-http.js';

/** postOnce through leanPost (production's client) behaves as it does through fetch. */
let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

const secret = 'tok-SECRET-123456';
const ctx = (timeoutMs = 2_000) => testContext({ post: leanPost, timeoutMs });
const request = (url = `${listener.url}/hook/${secret}`) => ({
  url,
  headers: { 'content-type': 'application/json', 'idempotency-key': 'ntf-1' },
  body: '{"a":"é"}',
  secrets: [secret],
});

test('2xx is ok; the body, its length and the headers arrive as sent', async () => {
  for (const status of [200, 202, 204]) {
    listener.reply({ status, body: status === 204 ? '' : 'ok' });
    const r = await postOnce(ctx(), request());
    assert.deepEqual(
      { ok: r.ok, status: r.status, retryable: r.retryable },
      { ok: true, status, retryable: false },
    );
    const got = listener.requests.at(-1)!;
    assert.equal(got.method, 'POST');
    assert.equal(got.body, '{"a":"é"}');
    assert.equal(got.headers['content-length'], String(Buffer.byteLength('{"a":"é"}')));
    assert.equal(got.headers['user-agent'], 'Keel');
    assert.equal(got.headers['idempotency-key'], 'ntf-1');
  }
});

test('Retry-After, error bodies (masked), a redirect not followed', async () => {
  listener.reply({ status: 429, headers: { 'retry-after': '7' }, body: `slow down ${secret}` });
  const slow = await postOnce(ctx(), request());
  assert.deepEqual(
    { retryable: slow.retryable, retryAfterMs: slow.retryAfterMs, error: slow.error },
    { retryable: true, retryAfterMs: 7000, error: 'HTTP 429: slow down ***' },
  );
  listener.reply({ status: 301, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
  const before = listener.requests.length;
  const moved = await postOnce(ctx(), request());
  assert.equal(listener.requests.length, before + 1);
  assert.deepEqual(
    { ok: moved.ok, status: moved.status, retryable: moved.retryable },
    { ok: false, status: 301, retryable: false },
  );
  listener.reply({ status: 500, body: 'x'.repeat(100_000) });
  const big = await postOnce(ctx(), request());
  assert.equal(big.retryable, true);
  assert.equal(big.error, `HTTP 500: ${'x'.repeat(200)}`);
});

test('a timeout and a refused connection are retryable, as through fetch', async () => {
  listener.reply('hang');
  const slow = await postOnce(ctx(150), request());
  assert.deepEqual(
    { ok: slow.ok, retryable: slow.retryable, error: slow.error },
    { ok: false, retryable: true, error: 'timed out after 150 ms' },
  );
  listener.reply({ status: 200 });
  const refused = await postOnce(ctx(), request(`http://127.0.0.1:${await closedPort()}/hook/${secret}`));
  assert.equal(refused.retryable, true);
  assert.match(refused.error ?? '', /^fetch failed: ECONNREFUSED/);
  assert.ok(!(refused.error ?? '').includes(secret));
});

test('a name is resolved and used (localhost)', async () => {
  listener.reply({ status: 200 });
  const r = await postOnce(ctx(), request(listener.url.replace('127.0.0.1', 'localhost')));
  assert.equal(r.ok, true, r.error);
});

test('link-local targets are refused before any connection, and not retried', async () => {
  for (const url of [
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://[::ffff:169.254.169.254]/',
  ]) {
    const r = await postOnce(ctx(), request(url));
    assert.deepEqual({ ok: r.ok, retryable: r.retryable }, { ok: false, retryable: false }, url);
    assert.match(r.error ?? '', /link-local/, url);
  }
});

test('a name resolving to a link-local address is refused by the lookup the socket uses', async () => {
  const resolveTo =
    (...addresses: string[]) =>
    (_h: string, _o: unknown, cb: (err: null, a: { address: string; family: number }[]) => void) =>
      cb(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
  const run = (lookup: ReturnType<typeof lookupRefusingLinkLocal>, all: boolean) =>
    new Promise<{ err: Error | null; address: unknown }>((resolve) =>
      lookup('metadata.example', { all }, (err, address) => resolve({ err, address })),
    );
  for (const all of [false, true]) {
    const bad = await run(lookupRefusingLinkLocal(resolveTo('10.0.0.1', '169.254.169.254')), all);
    assert.match(bad.err?.message ?? '', /link-local/);
    const good = await run(lookupRefusingLinkLocal(resolveTo('10.0.0.1')), all);
    assert.equal(good.err, null);
    assert.deepEqual(good.address, all ? [{ address: '10.0.0.1', family: 4 }] : '10.0.0.1');
  }
});
