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
import { telegramChannel, type TelegramConfig } from './telegram.js';

let listener: HttpListener;
before(async () => {
  listener = await startHttpListener();
});
after(() => listener.close());

const botToken = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const config = (): TelegramConfig =>
  telegramChannel.configSchema.parse({ botToken, chatId: '-1001234567890', apiBaseUrl: `${listener.url}/` });

/** The visible text of Telegram HTML (what its 4096 limit counts). */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

test('calls sendMessage on the configured API base with HTML text and links', async () => {
  listener.reply({ status: 200, body: '{"ok":true,"result":{"message_id":7}}' });
  const ctx = testContext();
  const r = await telegramChannel.send(samplePage(), config(), ctx);
  assert.equal(r.ok, true, r.error);
  const req = lastRequest(listener);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, `/bot${botToken}/sendMessage`);
  assert.equal(req.headers['content-type'], 'application/json');
  const body = JSON.parse(req.body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['chat_id', 'link_preview_options', 'parse_mode', 'text']);
  assert.equal(body.chat_id, '-1001234567890');
  assert.equal(body.parse_mode, 'HTML');
  assert.deepEqual(body.link_preview_options, { is_disabled: true });
  assert.equal(
    body.text,
    [
      '<b>Triggered #42: Checkout latency above 2 s</b>',
      'SEV1 · high urgency · checkout-api',
      '',
      'p99 latency 2.4 s for 5 minutes on checkout-api',
      '',
      '<a href="https://keel.example.com/a/42?action=ack&amp;sig=abc">Acknowledge</a> · ' +
        '<a href="https://keel.example.com/a/42?action=resolve&amp;sig=def">Resolve</a> · ' +
        '<a href="https://keel.example.com/incidents/42">Open incident</a>',
    ].join('\n'),
  );
  assertNoStrayCalls(ctx);
});

test('escapes HTML in incident text and keeps the visible text within 4096 characters', async () => {
  listener.reply({ status: 200, body: '{"ok":true}' });
  await telegramChannel.send(
    samplePage({ title: '<script>&', summary: hugeSummary }),
    config(),
    testContext(),
  );
  const text = (JSON.parse(lastRequest(listener).body) as { text: string }).text;
  assert.ok(text.startsWith('<b>Triggered #42: &lt;script&gt;&amp;</b>'));
  assert.ok(!text.includes('<b>tags</b>'));
  assert.ok([...visible(text)].length <= 4096, `visible ${[...visible(text)].length}`);
});

test("Telegram's errors: the description is shown, the token never; 429 retry_after is the hint", async () => {
  listener.reply({
    status: 400,
    body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}',
  });
  const bad = await telegramChannel.send(samplePage(), config(), testContext());
  assert.deepEqual(
    [bad.ok, bad.retryable, bad.error],
    [false, false, 'HTTP 400: Bad Request: chat not found'],
  );

  listener.reply({
    status: 401,
    body: `{"ok":false,"error_code":401,"description":"Unauthorized bot${botToken}"}`,
  });
  const unauthorized = await telegramChannel.send(samplePage(), config(), testContext());
  assert.equal(unauthorized.error, 'HTTP 401: Unauthorized bot***');

  listener.reply({
    status: 429,
    body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}}',
  });
  const slow = await telegramChannel.send(samplePage(), config(), testContext());
  assert.deepEqual([slow.retryable, slow.retryAfterMs], [true, 35_000]);
});

test('config checks the token and chat id shapes; describe shows the chat, never the token', () => {
  const parse = (c: object) => telegramChannel.configSchema.safeParse(c).success;
  assert.equal(parse({ botToken: 'nope', chatId: '1' }), false);
  assert.equal(parse({ botToken, chatId: 'not a chat' }), false);
  assert.equal(parse({ botToken, chatId: '@keel_oncall' }), true);
  const c = telegramChannel.configSchema.parse({ botToken, chatId: '@keel_oncall' });
  assert.equal(c.apiBaseUrl, 'https://api.telegram.org');
  assert.equal(telegramChannel.describe(c), 'Telegram chat @keel_oncall');
});
