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
import { mattermostChannel } from './mattermost.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

interface Attachment {
  fallback: string;
  color: string;
  title: string;
  title_link: string;
  text: string;
  fields: { short: boolean; title: string; value: string }[];
}

test('posts Slack-compatible text and one attachment with colour, title link, fields and links', async () => {
  const ctx = testContext();
  const r = await mattermostChannel.send(
    samplePage({ severity: 'SEV2' }),
    { webhookUrl: `${listener.url}/hooks/xk3secretkey9` },
    ctx,
  );
  assert.equal(r.ok, true, r.error);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/hooks/xk3secretkey9');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  const body = JSON.parse(req.body) as { text: string; attachments: Attachment[] };
  assert.equal(body.text, '**Triggered \\#42: Checkout latency above 2 s**');
  assert.equal(body.attachments.length, 1);
  const a = body.attachments[0]!;
  assert.equal(a.fallback, 'Triggered #42: Checkout latency above 2 s (SEV2 · high urgency · checkout-api)');
  assert.equal(a.color, '#ef6c00');
  assert.equal(a.title, 'Triggered #42: Checkout latency above 2 s');
  assert.equal(a.title_link, samplePage().incidentUrl);
  assert.deepEqual(a.fields, [
    { short: true, title: 'Service', value: 'checkout-api' },
    { short: true, title: 'Severity', value: 'SEV2' },
    { short: true, title: 'Urgency', value: 'high' },
  ]);
  assert.ok(a.text.startsWith('p99 latency 2.4 s for 5 minutes on checkout-api\n\n'));
  assert.ok(
    a.text.endsWith(
      `[Acknowledge](${samplePage().ackUrl}) · [Resolve](${samplePage().resolveUrl}) · [Open incident](${samplePage().incidentUrl})`,
    ),
  );
  assertNoStrayCalls(ctx);
});

test('escapes markdown and mentions, and keeps the attachment under 7900 characters', async () => {
  await mattermostChannel.send(
    samplePage({ summary: `@channel ${hugeSummary}` }),
    { webhookUrl: `${listener.url}/h` },
    testContext(),
  );
  const body = JSON.parse(lastRequest(listener).body) as { attachments: Attachment[] };
  const a = body.attachments[0]!;
  assert.ok(a.text.startsWith('\\@channel \\<!channel\\> \\*bold\\*'), a.text.slice(0, 40));
  const size = [a.fallback, a.title, a.text, ...a.fields.flatMap((f) => [f.title, f.value])].join('').length;
  assert.ok(size < 7900, `attachment size ${size}`);
});

test('a 400 from Mattermost is final; describe shows only the server', async () => {
  listener.reply({ status: 400, body: 'Unable to parse incoming data' });
  const r = await mattermostChannel.send(
    samplePage(),
    { webhookUrl: `${listener.url}/hooks/xk3secretkey9` },
    testContext(),
  );
  assert.deepEqual([r.ok, r.retryable, r.error], [false, false, 'HTTP 400: Unable to parse incoming data']);
  listener.reply({ status: 200, body: 'ok' });
  assert.equal(
    mattermostChannel.describe({ webhookUrl: 'https://chat.example.com/hooks/xk3secretkey9' }),
    'Mattermost webhook on chat.example.com',
  );
});
