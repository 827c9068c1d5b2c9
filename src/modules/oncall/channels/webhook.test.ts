import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import { assertNoStrayCalls, samplePage, testContext } from './channel.test-support.js';
import { webhookChannel } from './webhook.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

const secret = 'whsec_0123456789abcdef';

/** Verifies the way docs/oncall.md tells receivers to, independently of webhook.ts. */
function verify(headers: Record<string, string | string[] | undefined>, body: string, key: string): boolean {
  const ts = String(headers['keel-timestamp']);
  const sig = String(headers['keel-signature']).replace(/^sha256=/, '');
  const expected = createHmac('sha256', key).update(`${ts}.${body}`).digest();
  const given = Buffer.from(sig, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test('posts signed JSON with an Idempotency-Key header', async () => {
  listener.reply({ status: 204 });
  const ctx = testContext();
  const config = webhookChannel.configSchema.parse({ url: `${listener.url}/keel/hook?x=1`, secret });
  const r = await webhookChannel.send(samplePage(), config, ctx);
  assert.equal(r.ok, true, r.error);
  assert.equal(r.status, 204);
  const req = listener.requests.at(-1)!;
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/keel/hook?x=1');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  assert.equal(req.headers['keel-timestamp'], String(ctx.clock.now() / 1000));
  assert.ok(verify(req.headers, req.body, secret), 'signature verifies with the secret');
  assert.ok(!verify(req.headers, req.body, 'whsec_another-secret-value'), 'and not with another');
  assert.ok(!verify(req.headers, req.body.replace('SEV1', 'SEV4'), secret), 'nor over a changed body');
  assert.deepEqual(JSON.parse(req.body), {
    version: 1,
    idempotencyKey: samplePage().idempotencyKey,
    kind: 'trigger',
    incident: {
      number: 42,
      title: 'Checkout latency above 2 s',
      url: 'https://keel.example.com/incidents/42',
      service: 'checkout-api',
      severity: 'SEV1',
      urgency: 'high',
      summary: 'p99 latency 2.4 s for 5 minutes on checkout-api',
    },
    links: {
      acknowledge: 'https://keel.example.com/a/42?action=ack&sig=abc',
      resolve: 'https://keel.example.com/a/42?action=resolve&sig=def',
    },
  });
  assertNoStrayCalls(ctx);
});

test('a repeat of the same delivery carries the same idempotency key; a 410 is final', async () => {
  listener.reply({ status: 410, body: 'gone' });
  const config = { url: `${listener.url}/dead`, secret };
  const first = await webhookChannel.send(samplePage(), config, testContext());
  const second = await webhookChannel.send(samplePage(), config, testContext());
  const [a, b] = listener.requests.slice(-2);
  assert.equal(a!.headers['idempotency-key'], b!.headers['idempotency-key']);
  assert.deepEqual([first.retryable, second.retryable], [false, false]);
  assert.ok(!(first.error ?? '').includes(secret));
});

test('config needs an http(s) URL and a secret of 16+ characters; describe shows neither path nor secret', () => {
  assert.equal(webhookChannel.configSchema.safeParse({ url: 'ftp://x.test/h', secret }).success, false);
  assert.equal(
    webhookChannel.configSchema.safeParse({ url: 'https://x.test/h', secret: 'short' }).success,
    false,
  );
  const text = webhookChannel.describe({ url: 'https://hooks.example.com/path/t0ken', secret });
  assert.equal(text, 'Signed webhook to hooks.example.com');
});
