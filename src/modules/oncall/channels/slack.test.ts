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
import { slackChannel } from './slack.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
  elements?: {
    type: string;
    text: { type: string; text: string };
    url: string;
    action_id: string;
    style?: string;
  }[];
}

test('posts text plus Block Kit blocks: header, fields, summary, and link buttons to acknowledge and resolve', async () => {
  const ctx = testContext();
  const r = await slackChannel.send(
    samplePage(),
    { webhookUrl: `${listener.url}/services/T0/B0/XyZsecret123` },
    ctx,
  );
  assert.equal(r.ok, true, r.error);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/services/T0/B0/XyZsecret123');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  const body = JSON.parse(req.body) as { text: string; blocks: Block[] };
  assert.equal(body.text, 'Triggered #42: Checkout latency above 2 s (SEV1 · high urgency · checkout-api)');
  assert.deepEqual(
    body.blocks.map((b) => b.type),
    ['header', 'section', 'section', 'actions'],
  );
  assert.deepEqual(body.blocks[0]!.text, {
    type: 'plain_text',
    text: 'Triggered #42: Checkout latency above 2 s',
    emoji: true,
  });
  assert.deepEqual(
    body.blocks[1]!.fields!.map((f) => [f.type, f.text]),
    [
      ['mrkdwn', '*Service*\ncheckout-api'],
      ['mrkdwn', '*Severity*\nSEV1'],
      ['mrkdwn', '*Urgency*\nhigh'],
      ['mrkdwn', '*Incident*\n<https://keel.example.com/incidents/42|#42>'],
    ],
  );
  const buttons = body.blocks[3]!.elements!;
  assert.deepEqual(
    buttons.map((b) => [b.type, b.text.type, b.text.text, b.url, b.style]),
    [
      ['button', 'plain_text', 'Acknowledge', samplePage().ackUrl, 'primary'],
      ['button', 'plain_text', 'Resolve', samplePage().resolveUrl, undefined],
      ['button', 'plain_text', 'Open incident', samplePage().incidentUrl, undefined],
    ],
  );
  assert.equal(new Set(buttons.map((b) => b.action_id)).size, 3, 'action ids are unique');
  assertNoStrayCalls(ctx);
});

test('escapes mrkdwn and keeps within Block Kit limits', async () => {
  const title = `<!everyone> ${'T'.repeat(400)}`;
  await slackChannel.send(
    samplePage({ title, summary: hugeSummary }),
    { webhookUrl: `${listener.url}/s` },
    testContext(),
  );
  const body = JSON.parse(lastRequest(listener).body) as { text: string; blocks: Block[] };
  assert.ok(!body.text.includes('<!everyone>') && body.text.includes('&lt;!everyone&gt;'));
  assert.ok(body.text.length <= 3000);
  assert.ok([...body.blocks[0]!.text!.text].length <= 150, 'header ≤ 150');
  const summary = body.blocks[2]!.text!.text;
  assert.ok([...summary].length <= 3000, 'section ≤ 3000');
  assert.ok(summary.startsWith('&lt;!channel&gt; *bold* &amp; &lt;b&gt;'));
  assert.ok(summary.endsWith('…'));
});

test('a resolved message has no acknowledge or resolve button', async () => {
  await slackChannel.send(
    samplePage({ kind: 'resolved' }),
    { webhookUrl: `${listener.url}/s` },
    testContext(),
  );
  const body = JSON.parse(lastRequest(listener).body) as { blocks: Block[] };
  assert.deepEqual(
    body.blocks.at(-1)!.elements!.map((b) => b.text.text),
    ['Open incident'],
  );
});

test("Slack's errors: 404 no_service is final, 429 is retried", async () => {
  listener.reply({ status: 404, body: 'no_service' });
  const gone = await slackChannel.send(
    samplePage(),
    { webhookUrl: `${listener.url}/services/T0/B0/XyZsecret123` },
    testContext(),
  );
  assert.deepEqual([gone.ok, gone.retryable, gone.error], [false, false, 'HTTP 404: no_service']);
  listener.reply({ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' });
  const slow = await slackChannel.send(samplePage(), { webhookUrl: `${listener.url}/s` }, testContext());
  assert.deepEqual([slow.retryable, slow.retryAfterMs], [true, 30_000]);
  listener.reply({ status: 200, body: 'ok' });
});

test('describe shows the host, never the webhook path', () => {
  const text = slackChannel.describe({ webhookUrl: 'https://hooks.slack.com/services/T0/B0/XyZsecret123' });
  assert.equal(text, 'Slack incoming webhook (hooks.slack.com)');
});
