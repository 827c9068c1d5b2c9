import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import { assertNoStrayCalls, lastRequest, samplePage, testContext } from './channel.test-support.js';
import { gotifyChannel } from './gotify.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

const appToken = 'AqVnr0Zt.Xb9mEr';

test('POSTs /message with X-Gotify-Key, markdown text, a priority by urgency and a click URL', async () => {
  listener.reply({ status: 200, body: '{"id":1}' });
  const ctx = testContext();
  const r = await gotifyChannel.send(samplePage(), { serverUrl: `${listener.url}/gotify/`, appToken }, ctx);
  assert.equal(r.ok, true, r.error);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/gotify/message');
  assert.equal(req.headers['x-gotify-key'], appToken);
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  assert.deepEqual(JSON.parse(req.body), {
    title: 'Triggered #42: Checkout latency above 2 s',
    message:
      'SEV1 · high urgency · checkout-api\n\np99 latency 2.4 s for 5 minutes on checkout-api\n\n' +
      `[Acknowledge](${samplePage().ackUrl}) · [Resolve](${samplePage().resolveUrl}) · [Open incident](${samplePage().incidentUrl})`,
    priority: 8,
    extras: {
      'client::display': { contentType: 'text/markdown' },
      'client::notification': { click: { url: samplePage().incidentUrl } },
    },
  });
  assertNoStrayCalls(ctx);
});

test('priority: 8 high-urgency page, 5 low-urgency page, 2 resolved', async () => {
  const seen: number[] = [];
  for (const m of [
    samplePage({ kind: 'escalation' }),
    samplePage({ urgency: 'low' }),
    samplePage({ kind: 'resolved' }),
  ]) {
    await gotifyChannel.send(m, { serverUrl: listener.url, appToken }, testContext());
    seen.push((JSON.parse(lastRequest(listener).body) as { priority: number }).priority);
  }
  assert.deepEqual(seen, [8, 5, 2]);
});

test('a 401 (bad token) is final; the token is in neither error nor describe', async () => {
  listener.reply({
    status: 401,
    body: `{"error":"Unauthorized","errorDescription":"you need to provide a valid access token ${appToken}"}`,
  });
  const r = await gotifyChannel.send(samplePage(), { serverUrl: listener.url, appToken }, testContext());
  assert.deepEqual([r.ok, r.retryable, r.status], [false, false, 401]);
  assert.ok(!r.error!.includes(appToken), r.error);
  listener.reply({ status: 200 });
  assert.equal(
    gotifyChannel.describe({ serverUrl: 'https://push.example.com', appToken }),
    'Gotify on push.example.com',
  );
});
