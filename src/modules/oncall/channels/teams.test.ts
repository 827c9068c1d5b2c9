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
import { teamsChannel } from './teams.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

interface TeamsMessage {
  type: string;
  attachments: {
    contentType: string;
    contentUrl: null;
    content: {
      $schema: string;
      type: string;
      version: string;
      body: { type: string; text?: string; facts?: { title: string; value: string }[] }[];
      actions: { type: string; title: string; url: string }[];
    };
  }[];
}

const webhookUrl = () =>
  `${listener.url}/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SiGnAtUrE0123456789`;

test('posts a message with one Adaptive Card attachment, as Microsoft documents for webhooks', async () => {
  listener.reply({ status: 202 });
  const ctx = testContext();
  const r = await teamsChannel.send(samplePage(), { webhookUrl: webhookUrl() }, ctx);
  assert.deepEqual([r.ok, r.status], [true, 202]);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SiGnAtUrE0123456789');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  const msg = JSON.parse(req.body) as TeamsMessage;
  assert.equal(msg.type, 'message');
  assert.equal(msg.attachments.length, 1);
  const [att] = msg.attachments;
  assert.equal(att!.contentType, 'application/vnd.microsoft.card.adaptive');
  assert.equal(att!.contentUrl, null);
  assert.equal(att!.content.type, 'AdaptiveCard');
  assert.equal(att!.content.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
  assert.equal(att!.content.version, '1.4');
  assert.deepEqual(
    att!.content.body.map((b) => b.type),
    ['TextBlock', 'FactSet', 'TextBlock'],
  );
  assert.equal(att!.content.body[0]!.text, 'Triggered #42: Checkout latency above 2 s');
  assert.deepEqual(att!.content.body[1]!.facts, [
    { title: 'Service', value: 'checkout-api' },
    { title: 'Severity', value: 'SEV1' },
    { title: 'Urgency', value: 'high' },
    { title: 'Status', value: 'Triggered' },
  ]);
  assert.deepEqual(att!.content.actions, [
    { type: 'Action.OpenUrl', title: 'Acknowledge', url: samplePage().ackUrl },
    { type: 'Action.OpenUrl', title: 'Resolve', url: samplePage().resolveUrl },
    { type: 'Action.OpenUrl', title: 'Open incident', url: samplePage().incidentUrl },
  ]);
  assertNoStrayCalls(ctx);
});

test('stays under the 28 KB message limit with a huge summary', async () => {
  listener.reply({ status: 202 });
  await teamsChannel.send(
    samplePage({ summary: hugeSummary, title: 'T'.repeat(5000) }),
    { webhookUrl: webhookUrl() },
    testContext(),
  );
  assert.ok(Buffer.byteLength(lastRequest(listener).body) < 28 * 1024);
});

test('a 400 is final and its error does not leak the signature in the URL', async () => {
  listener.reply({ status: 400, body: `Bad request for ${webhookUrl()}` });
  const r = await teamsChannel.send(samplePage(), { webhookUrl: webhookUrl() }, testContext());
  assert.deepEqual([r.ok, r.retryable], [false, false]);
  assert.ok(!(r.error ?? '').includes('SiGnAtUrE0123456789'), r.error);
  assert.equal(
    teamsChannel.describe({ webhookUrl: webhookUrl() }),
    `Microsoft Teams webhook (${new URL(listener.url).host})`,
  );
});
