import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import {
  assertNoStrayCalls,
  hugeSummary,
  lastRequest,
  samplePage,
  testContext,
} from './channel.test-support.js';
import { ntfyChannel } from './ntfy.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

const topic = 'keel-oncall-x7Hq2p';
const token = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';

test('POSTs the message to server/topic with Title, Priority, Tags, Click, Actions and the token', async () => {
  const ctx = testContext();
  const config = ntfyChannel.configSchema.parse({ serverUrl: `${listener.url}/`, topic, token });
  const r = await ntfyChannel.send(samplePage(), config, ctx);
  assert.equal(r.ok, true, r.error);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, `/${topic}`);
  assert.equal(req.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(req.headers.authorization, `Bearer ${token}`);
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  assert.equal(req.headers.title, 'Triggered #42: Checkout latency above 2 s');
  assert.equal(req.headers.priority, '5');
  assert.equal(req.headers.tags, 'rotating_light,sev1');
  assert.equal(req.headers.click, samplePage().incidentUrl);
  assert.equal(
    req.headers.actions,
    `view, Acknowledge, ${samplePage().ackUrl}, clear=true; ` +
      `view, Resolve, ${samplePage().resolveUrl}, clear=true; ` +
      `view, Open incident, ${samplePage().incidentUrl}`,
  );
  assert.equal(
    req.body,
    'SEV1 · high urgency · checkout-api\np99 latency 2.4 s for 5 minutes on checkout-api',
  );
  assertNoStrayCalls(ctx);
});

test('priority follows urgency and kind; a non-ASCII title is RFC 2047 encoded; the body stays under 4096 bytes', async () => {
  const config = { serverUrl: listener.url, topic };
  const priorities: string[] = [];
  for (const m of [
    samplePage({ urgency: 'low' }),
    samplePage({ kind: 'resolved' }),
    samplePage({ kind: 'test', title: 'Prüfung ✓', summary: hugeSummary }),
  ]) {
    await ntfyChannel.send(m, config, testContext());
    priorities.push(String(lastRequest(listener).headers.priority));
  }
  assert.deepEqual(priorities, ['3', '2', '3']);
  const req = lastRequest(listener);
  assert.equal(req.headers.authorization, undefined, 'no token, no Authorization');
  const title = String(req.headers.title);
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(title);
  assert.ok(m, title);
  assert.equal(Buffer.from(m[1]!, 'base64').toString('utf8'), 'Test #42: Prüfung ✓');
  assert.ok(Buffer.byteLength(req.body) <= 4096, `${Buffer.byteLength(req.body)} bytes`);
});

test('a 403 (wrong token) is final, and neither error nor describe shows the topic or token', async () => {
  listener.reply({ status: 403, body: `{"code":40301,"error":"forbidden for ${topic} with ${token}"}` });
  const config = { serverUrl: listener.url, topic, token };
  const r = await ntfyChannel.send(samplePage(), config, testContext());
  assert.deepEqual([r.ok, r.retryable], [false, false]);
  assert.ok(!r.error!.includes(topic) && !r.error!.includes(token), r.error);
  listener.reply({ status: 200, body: '{}' });
  const text = ntfyChannel.describe({ serverUrl: 'https://ntfy.sh', topic, token });
  assert.equal(text, 'ntfy topic ke… on ntfy.sh (with a token)');
});

test('describe never shows a short topic at all', () => {
  assert.equal(
    ntfyChannel.describe({ serverUrl: 'https://ntfy.sh', topic: 'abc' }),
    'ntfy topic … on ntfy.sh',
  );
});
