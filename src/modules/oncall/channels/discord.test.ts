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
import { discordChannel, discordLimits } from './discord.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

interface Embed {
  title: string;
  url: string;
  description: string;
  color: number;
  fields: { name: string; value: string; inline: boolean }[];
  footer: { text: string };
}
interface DiscordBody {
  content: string;
  embeds: Embed[];
  allowed_mentions: { parse: string[] };
}

const len = (s: string) => [...s].length;
const embedTotal = (e: Embed) =>
  len(e.title) +
  len(e.description) +
  len(e.footer.text) +
  e.fields.reduce((n, f) => n + len(f.name) + len(f.value), 0);

test('posts content and one embed coloured by severity, pinging nobody', async () => {
  listener.reply({ status: 204 });
  const ctx = testContext();
  const r = await discordChannel.send(
    samplePage(),
    { webhookUrl: `${listener.url}/api/webhooks/123/ToKeN-secret-abc` },
    ctx,
  );
  assert.deepEqual([r.ok, r.status], [true, 204]);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/api/webhooks/123/ToKeN-secret-abc');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['idempotency-key'], samplePage().idempotencyKey);
  const body = JSON.parse(req.body) as DiscordBody;
  assert.equal(body.content, '**Triggered #42: Checkout latency above 2 s**');
  assert.deepEqual(body.allowed_mentions, { parse: [] });
  assert.equal(body.embeds.length, 1);
  const [e] = body.embeds;
  assert.equal(e!.title, 'Triggered #42: Checkout latency above 2 s');
  assert.equal(e!.url, samplePage().incidentUrl);
  assert.equal(e!.color, 0xc62828);
  assert.deepEqual(
    e!.fields.map((f) => [f.name, f.value]),
    [
      ['Service', 'checkout-api'],
      ['Severity', 'SEV1'],
      ['Urgency', 'high'],
    ],
  );
  assert.ok(e!.description.includes(`[Acknowledge](${samplePage().ackUrl})`));
  assert.ok(e!.description.includes(`[Resolve](${samplePage().resolveUrl})`));
  assertNoStrayCalls(ctx);
});

test('colour follows severity, and resolved is green', async () => {
  const colours: number[] = [];
  for (const m of [samplePage({ severity: 'SEV4' }), samplePage({ kind: 'resolved' })]) {
    await discordChannel.send(m, { webhookUrl: `${listener.url}/w` }, testContext());
    colours.push((JSON.parse(lastRequest(listener).body) as DiscordBody).embeds[0]!.color);
  }
  assert.deepEqual(colours, [0x1565c0, 0x2e7d32]);
});

test("keeps within Discord's limits with a huge title and summary", async () => {
  await discordChannel.send(
    samplePage({ title: '@everyone '.repeat(500), summary: hugeSummary, serviceName: 's'.repeat(3000) }),
    { webhookUrl: `${listener.url}/w` },
    testContext(),
  );
  const body = JSON.parse(lastRequest(listener).body) as DiscordBody;
  const e = body.embeds[0]!;
  assert.ok(len(body.content) <= discordLimits.content, 'content ≤ 2000');
  assert.ok(len(e.title) <= discordLimits.title, 'title ≤ 256');
  assert.ok(len(e.description) <= discordLimits.description, 'description ≤ 4096');
  assert.ok(
    e.fields.every((f) => len(f.value) <= discordLimits.fieldValue),
    'field values ≤ 1024',
  );
  assert.ok(embedTotal(e) <= discordLimits.total, `embed total ${embedTotal(e)} ≤ 6000`);
  assert.ok(e.description.includes('[Acknowledge]('), 'links survive a long summary');
  assert.ok(e.description.includes('\\*bold\\*'), 'markdown escaped');
});

test('429 with Retry-After is retried; 404 Unknown Webhook is final', async () => {
  listener.reply({
    status: 429,
    headers: { 'retry-after': '2' },
    body: '{"message":"You are being rate limited.","retry_after":1.5}',
  });
  const slow = await discordChannel.send(samplePage(), { webhookUrl: `${listener.url}/w` }, testContext());
  assert.deepEqual([slow.retryable, slow.retryAfterMs], [true, 2000]);
  listener.reply({ status: 404, body: '{"message": "Unknown Webhook", "code": 10015}' });
  const gone = await discordChannel.send(
    samplePage(),
    { webhookUrl: `${listener.url}/api/webhooks/1/ToKeN-secret-abc` },
    testContext(),
  );
  assert.deepEqual([gone.retryable, gone.status], [false, 404]);
  listener.reply({ status: 204 });
  assert.equal(
    discordChannel.describe({ webhookUrl: 'https://discord.com/api/webhooks/1/ToKeN-secret-abc' }),
    'Discord webhook (discord.com)',
  );
});
