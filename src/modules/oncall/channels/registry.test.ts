import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closedPort, startHttpListener, type HttpListener } from '../../../../test/helpers/http-listener.js';
import { startTestSmtp, type TestSmtp } from '../../../../test/helpers/smtp.js';
import { FakeClock } from '../../../lib/clock.js';
import { createMailer, type Mailer } from '../../mail/index.js';
import { assertNoStrayCalls, samplePage, testContext } from './channel.test-support.js';
import { channelFor, channels, channelTypes, type ChannelType } from './registry.js';

/**
 * A working configuration per channel, pointing at the local listener, and the values in it
 * that are secret. Record<ChannelType, …>: a channel added to the registry without a sample
 * here fails the type check.
 */
const samples: Record<ChannelType, (http: string) => { config: Record<string, string>; secrets: string[] }> =
  {
    email: () => ({ config: { address: 'ana@example.com' }, secrets: [] }),
    sms: (http) => twilio(http),
    voice: (http) => twilio(http),
    slack: (http) => hook(`${http}/services/T000/B000/SlackSecretXyz123`, ['SlackSecretXyz123']),
    teams: (http) => hook(`${http}/workflows/1/invoke?sig=TeamsSigSecret456`, ['TeamsSigSecret456']),
    discord: (http) => hook(`${http}/api/webhooks/99/DiscordTokenSecret789`, ['DiscordTokenSecret789']),
    mattermost: (http) => hook(`${http}/hooks/mattermostkeysecret0`, ['mattermostkeysecret0']),
    'google-chat': (http) =>
      hook(`${http}/v1/spaces/S/messages?key=GchatKeySecret11&token=GchatTokenSecret22`, [
        'GchatKeySecret11',
        'GchatTokenSecret22',
      ]),
    telegram: (http) => ({
      config: { botToken: '123456:TelegramTokenSecret-abcdefgh', chatId: '-100200300', apiBaseUrl: http },
      secrets: ['123456:TelegramTokenSecret-abcdefgh'],
    }),
    ntfy: (http) => ({
      config: { serverUrl: http, topic: 'ntfyTopicSecret33', token: 'tk_ntfyTokenSecret44' },
      secrets: ['ntfyTopicSecret33', 'tk_ntfyTokenSecret44'],
    }),
    gotify: (http) => ({
      config: { serverUrl: http, appToken: 'GotifyAppSecret55' },
      secrets: ['GotifyAppSecret55'],
    }),
    webhook: (http) => ({
      config: { url: `${http}/receiver`, secret: 'WebhookHmacSecret66-long' },
      secrets: ['WebhookHmacSecret66-long'],
    }),
  };

function hook(url: string, secrets: string[]) {
  return { config: { webhookUrl: url }, secrets };
}
function twilio(http: string) {
  return {
    config: {
      baseUrl: http,
      accountSid: 'AC0123456789',
      authToken: 'TwilioAuthSecret77',
      from: '+14155550100',
      to: '+14155550199',
    },
    secrets: ['TwilioAuthSecret77', Buffer.from('AC0123456789:TwilioAuthSecret77').toString('base64')],
  };
}

let listener: HttpListener;
let smtp: TestSmtp;
let mailer: Mailer;
before(async () => {
  listener = await startHttpListener();
  smtp = await startTestSmtp();
  mailer = createMailer({
    smtpUrl: smtp.url,
    from: 'keel@keel.test',
    clock: new FakeClock(),
    publicUrl: 'https://keel.test',
  });
});
after(async () => {
  mailer.close();
  await Promise.all([listener.close(), smtp.close()]);
});

test('the registry lists each channel once, by a kebab-case type, with a label and a config schema', () => {
  assert.deepEqual(channelTypes, [
    'email',
    'sms',
    'voice',
    'slack',
    'teams',
    'discord',
    'mattermost',
    'google-chat',
    'telegram',
    'ntfy',
    'gotify',
    'webhook',
  ]);
  assert.equal(new Set(channelTypes).size, channels.length);
  for (const c of channels) {
    assert.match(c.type, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(c.label.length > 0);
    assert.equal(
      c.configSchema.safeParse(samples[c.type](listener.url).config).success,
      true,
      `${c.type} sample parses`,
    );
    assert.equal(c.configSchema.safeParse({}).success, false, `${c.type} rejects an empty config`);
    assert.equal(channelFor(c.type), c);
  }
  assert.equal(channelFor('pager'), undefined);
  assert.equal(channelFor('__proto__'), undefined);
});

test('describe() never shows a secret', () => {
  for (const c of channels) {
    const { config, secrets } = samples[c.type](listener.url);
    const text = c.describe(config);
    assert.ok(text.length > 0);
    for (const s of secrets) assert.ok(!text.includes(s), `${c.type}: describe shows ${s}: ${text}`);
  }
});

test('every channel delivers a message to its local listener (or SMTP server) and reports ok', async () => {
  listener.reply({ status: 200, body: '{"ok":true}' });
  for (const c of channels) {
    const before = { http: listener.requests.length, mail: smtp.messages.length };
    const ctx = testContext({ mailer });
    const r = await c.send(samplePage(), samples[c.type](listener.url).config, ctx);
    assert.equal(r.ok, true, `${c.type}: ${r.error}`);
    assert.equal(r.retryable, false);
    const sent = listener.requests.length - before.http + (smtp.messages.length - before.mail);
    assert.equal(sent, 1, `${c.type} sends exactly one request`);
    assertNoStrayCalls(ctx);
  }
});

test('no secret appears in an error, even when the receiver echoes the whole request back', async () => {
  listener.reply((req) => ({ status: 400, body: `${req.url} ${JSON.stringify(req.headers)} ${req.body}` }));
  for (const c of channels) {
    if (c.type === 'email') continue; // no secret in its config; SMTP errors are tested in email.test.ts
    const { config, secrets } = samples[c.type](listener.url);
    const r = await c.send(samplePage(), config, testContext({ mailer }));
    assert.deepEqual([r.ok, r.retryable, r.status], [false, false, 400], c.type);
    for (const s of secrets) assert.ok(!r.error!.includes(s), `${c.type}: error shows ${s}: ${r.error}`);
  }
  listener.reply({ status: 200 });
});

test('every HTTP channel: 503 with Retry-After is retried with the hint, 404 is final, a refused connection is retried', async () => {
  const refused = `http://127.0.0.1:${await closedPort()}`;
  for (const c of channels) {
    if (c.type === 'email') continue; // SMTP outcomes are tested in email.test.ts
    const { config } = samples[c.type](listener.url);
    listener.reply({ status: 503, headers: { 'retry-after': '12' } });
    const busy = await c.send(samplePage(), config, testContext());
    assert.deepEqual([busy.ok, busy.retryable, busy.retryAfterMs], [false, true, 12_000], c.type);
    listener.reply({ status: 404, body: 'not found' });
    const gone = await c.send(samplePage(), config, testContext());
    assert.deepEqual([gone.ok, gone.retryable, gone.status], [false, false, 404], c.type);
    const down = await c.send(samplePage(), samples[c.type](refused).config, testContext());
    assert.deepEqual([down.ok, down.retryable, down.status], [false, true, undefined], c.type);
  }
  listener.reply({ status: 200 });
});

test('an invalid stored config is a final failure that names fields, not values', async () => {
  const r = await channelFor('telegram')!.send(
    samplePage(),
    { botToken: 'LeakedToken', chatId: 5 },
    testContext(),
  );
  assert.deepEqual([r.ok, r.retryable], [false, false]);
  assert.equal(r.error, 'invalid Telegram configuration: botToken, chatId');
  assert.equal(
    channelFor('telegram')!.describe({ botToken: 'LeakedToken' }),
    'Telegram (invalid configuration)',
  );
});
