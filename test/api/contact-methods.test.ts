import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, issuesOf, signedIn, startApi, type Api } from '../helpers/api-fixtures.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { channelTypes, type ChannelType } from '../../src/modules/oncall/channels/registry.js';
import { describeEachDialect } from '../helpers/db.js';
import { startHttpListener, type HttpListener } from '../helpers/http-listener.js';
import { as, type Session } from '../helpers/server.js';

/**
 * Contact methods: every registry channel type, config validated by the channel's schema,
 * secrets sealed at rest and never answered, link-local URLs refused, self-or-admin access,
 * and "send test notification" through a real local listener into the delivery log.
 */
const secretToken = 'whsec-0123456789abcdef-never-shown';

describeEachDialect('contact methods', (kind) => {
  let api: Api;
  let listener: HttpListener;
  let responder: Session;
  before(async () => {
    api = await startApi(kind);
    listener = await startHttpListener();
    responder = await signedIn(api, 'responder', { name: 'Rita Responder' });
  });
  after(async () => {
    await listener.close();
    await api.close();
  });

  const hookUrl = () => `${listener.url}/hooks/T000/B000/${secretToken}`;
  const create = (s: Session, body: unknown, user = 'me') =>
    api.app.inject({
      method: 'POST',
      url: `/api/v1/users/${user}/contact-methods`,
      headers: as(s),
      payload: body as object,
    });

  test('create, list, change and delete; settings never answered, sealed at rest', async () => {
    const res = await create(responder, {
      type: 'webhook',
      label: 'My receiver',
      config: { url: hookUrl(), secret: secretToken },
    });
    assert.equal(res.statusCode, 201, res.body);
    const method = res.json<{ id: string; description: string; type: string; userId: string }>();
    assert.equal(method.type, 'webhook');
    assert.equal(method.userId, responder.userId);
    assert.match(method.description, /127\.0\.0\.1/);
    assert.ok(!res.body.includes(secretToken), 'the answer holds no secret');
    assert.deepEqual((method as unknown as { config: unknown }).config, {}, 'a webhook URL is a secret');

    const list = await api.app.inject({
      method: 'GET',
      url: '/api/v1/users/me/contact-methods',
      headers: as(responder),
    });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json<{ items: { id: string }[] }>().items.map((m) => m.id),
      [method.id],
    );
    assert.ok(!list.body.includes(secretToken));

    // Raw rows: neither the token nor the URL path appears anywhere (contact methods, audit).
    const rows = await api.db.selectFrom('contact_methods').selectAll().execute();
    const audit = await api.db.selectFrom('audit_log').selectAll().execute();
    const raw = JSON.stringify([rows, audit]);
    assert.ok(!raw.includes(secretToken), 'the token is sealed at rest');
    assert.ok(!raw.includes('/hooks/T000'), 'the URL is sealed at rest');
    assert.match(rows[0]!.config_sealed, /^v1\./);

    const patched = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/me/contact-methods/${method.id}`,
      headers: as(responder),
      payload: { label: 'Renamed' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json<{ label: string }>().label, 'Renamed');

    const del = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/me/contact-methods/${method.id}`,
      headers: as(responder),
    });
    assert.equal(del.statusCode, 204);
    const again = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/me/contact-methods/${method.id}`,
      headers: as(responder),
    });
    assertApiError(again, 404, 'not_found');
    const actions = (
      await api.db
        .selectFrom('audit_log')
        .select('action')
        .where('resource_type', '=', 'contact_method')
        .execute()
    ).map((a) => a.action);
    assert.deepEqual(actions.sort(), [
      'contact_method.created',
      'contact_method.deleted',
      'contact_method.updated',
    ]);
  });

  test('every registry channel type is accepted with a valid config, and none answers a secret', async () => {
    const h = listener.url;
    const samples: Record<ChannelType, { config: Record<string, string>; secret: string }> = {
      email: { config: { address: 'rita@example.com' }, secret: 'rita@example.com' },
      sms: {
        config: {
          baseUrl: h,
          accountSid: 'AC0123456789',
          authToken: 'TwilioAuthSecret77',
          from: '+14155550100',
          to: '+14155550199',
        },
        secret: 'TwilioAuthSecret77',
      },
      voice: {
        config: {
          baseUrl: h,
          accountSid: 'AC0123456789',
          authToken: 'TwilioAuthSecret77',
          from: '+14155550100',
          to: '+14155550199',
        },
        secret: 'TwilioAuthSecret77',
      },
      slack: {
        config: { webhookUrl: `${h}/services/T000/B000/SlackSecretXyz123` },
        secret: 'SlackSecretXyz123',
      },
      teams: {
        config: { webhookUrl: `${h}/workflows/1/invoke?sig=TeamsSigSecret456` },
        secret: 'TeamsSigSecret456',
      },
      discord: {
        config: { webhookUrl: `${h}/api/webhooks/99/DiscordTokenSecret789` },
        secret: 'DiscordTokenSecret789',
      },
      mattermost: {
        config: { webhookUrl: `${h}/hooks/mattermostkeysecret0` },
        secret: 'mattermostkeysecret0',
      },
      'google-chat': {
        config: { webhookUrl: `${h}/v1/spaces/S/messages?key=GchatKeySecret11` },
        secret: 'GchatKeySecret11',
      },
      telegram: {
        config: { botToken: '123456:TelegramTokenSecret-abcdefgh', chatId: '-100200300', apiBaseUrl: h },
        secret: 'TelegramTokenSecret',
      },
      ntfy: {
        config: { serverUrl: h, topic: 'ntfyTopicSecret33', token: 'tk_ntfyTokenSecret44' },
        secret: 'ntfyTokenSecret44',
      },
      gotify: { config: { serverUrl: h, appToken: 'GotifyAppSecret55' }, secret: 'GotifyAppSecret55' },
      webhook: {
        config: { url: `${h}/receiver`, secret: 'WebhookHmacSecret66-long' },
        secret: 'WebhookHmacSecret66-long',
      },
    };
    for (const type of channelTypes) {
      const { config, secret } = samples[type];
      const res = await create(responder, { type, label: type, config });
      assert.equal(res.statusCode, 201, `${type}: ${res.body}`);
      if (type !== 'email') assert.ok(!res.body.includes(secret), `${type} answers a secret: ${res.body}`);
    }
    const raw = JSON.stringify(await api.db.selectFrom('contact_methods').select('config_sealed').execute());
    for (const { secret } of Object.values(samples)) assert.ok(!raw.includes(secret), 'sealed at rest');
  });

  test('public settings answered for edit forms; PATCH merges a partial config and keeps the secrets', async () => {
    const sms = await create(responder, {
      type: 'sms',
      label: 'Phone',
      config: {
        baseUrl: listener.url,
        accountSid: 'AC0123456789',
        authToken: 'TwilioAuthKeepMe99',
        from: '+14155550100',
        to: '+14155550199',
      },
    });
    assert.equal(sms.statusCode, 201, sms.body);
    const made = sms.json<{ id: string; config: Record<string, unknown> }>();
    assert.deepEqual(made.config, {
      baseUrl: listener.url,
      accountSid: 'AC0123456789',
      from: '+14155550100',
      to: '+14155550199',
    });
    assert.ok(!sms.body.includes('TwilioAuthKeepMe99'));

    // Only the number changes: the auth token is kept.
    const patched = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/me/contact-methods/${made.id}`,
      headers: as(responder),
      payload: { config: { to: '+14155550123' } },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json<{ config: { to: string } }>().config.to, '+14155550123');
    assert.ok(!patched.body.includes('TwilioAuthKeepMe99'));
    const list = await api.app.inject({
      method: 'GET',
      url: '/api/v1/users/me/contact-methods',
      headers: as(responder),
    });
    const listed = list.json<{ items: { id: string; config: Record<string, unknown> }[] }>().items;
    assert.equal(listed.find((m) => m.id === made.id)!.config.to, '+14155550123');
    assert.ok(!list.body.includes('TwilioAuthKeepMe99'));

    // The stored settings still hold the token (a test send authenticates with it).
    listener.reply({ status: 201, body: '{"sid":"SM1"}' });
    const sent = await api.app.inject({
      method: 'POST',
      url: `/api/v1/users/me/contact-methods/${made.id}/test`,
      headers: as(responder),
    });
    assert.equal(sent.statusCode, 200, sent.body);
    const auth = listener.requests.at(-1)!.headers.authorization as string;
    assert.equal(
      Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString(),
      'AC0123456789:TwilioAuthKeepMe99',
    );
    const form = new URLSearchParams(listener.requests.at(-1)!.body);
    assert.equal(form.get('To'), '+14155550123');
    listener.reply({ status: 200, body: 'ok' });

    // A merged config is still validated; null removes an optional field, a required one is refused.
    assertApiError(
      await api.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/me/contact-methods/${made.id}`,
        headers: as(responder),
        payload: { config: { authToken: null } },
      }),
      400,
      'validation_failed',
    );
    const ntfy = await create(responder, {
      type: 'ntfy',
      label: 'Push',
      config: { serverUrl: listener.url, topic: 'keelTopicHidden42', token: 'tk_ntfyDropMe' },
    });
    const ntfyMethod = ntfy.json<{ id: string; config: Record<string, unknown> }>();
    assert.deepEqual(ntfyMethod.config, { serverUrl: listener.url }, 'the topic is a secret');
    const dropped = await api.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/me/contact-methods/${ntfyMethod.id}`,
      headers: as(responder),
      payload: { config: { token: null } },
    });
    assert.equal(dropped.statusCode, 200, dropped.body);

    // Neither the rows nor the audit log hold a secret.
    const raw = JSON.stringify([
      await api.db.selectFrom('contact_methods').selectAll().execute(),
      await api.db.selectFrom('audit_log').selectAll().execute(),
    ]);
    for (const secret of ['TwilioAuthKeepMe99', 'keelTopicHidden42', 'tk_ntfyDropMe'])
      assert.ok(!raw.includes(secret), `${secret} at rest`);
  });

  test('bad input: unknown type, invalid config (named by field, never by value), link-local URLs', async () => {
    assertApiError(
      await create(responder, { type: 'pigeon', label: 'x', config: {} }),
      400,
      'validation_failed',
    );
    assertApiError(
      await create(responder, { type: 'email', label: '', config: { address: 'a@b.co' } }),
      400,
      'validation_failed',
    );
    assertApiError(await create(responder, { type: 'email', label: 'x' }), 400, 'validation_failed');
    const bad = await create(responder, {
      type: 'webhook',
      label: 'x',
      config: { url: 'not a url', secret: 'short-secret-value-zz' },
    });
    const err = assertApiError(bad, 400, 'validation_failed');
    assert.deepEqual(issuesOf(err)[0]!.path, ['config', 'url']);
    assert.ok(!bad.body.includes('short-secret-value-zz'), 'values are never echoed');

    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://[::ffff:169.254.169.254]/',
    ]) {
      const res = await create(responder, {
        type: 'webhook',
        label: 'metadata',
        config: { url, secret: secretToken },
      });
      const e = assertApiError(res, 400, 'validation_failed');
      assert.match(e.message, /link-local/, url);
    }
    // Loopback stays allowed (Keel often talks to services beside it).
    const local = await create(responder, {
      type: 'slack',
      label: 'local',
      config: { webhookUrl: 'http://127.0.0.1:9/x' },
    });
    assert.equal(local.statusCode, 201, local.body);
  });

  test("someone else's contact methods: admins and owners only", async () => {
    const other = await signedIn(api, 'responder');
    const res = await api.app.inject({
      method: 'GET',
      url: `/api/v1/users/${other.userId}/contact-methods`,
      headers: as(responder),
    });
    assertApiError(res, 403, 'forbidden');
    const mine = await create(other, { type: 'email', label: 'x', config: { address: 'o@example.com' } });
    const id = mine.json<{ id: string }>().id;
    const steal = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/me/contact-methods/${id}`,
      headers: as(responder),
    });
    assertApiError(steal, 404, 'not_found');
    const byOwner = await create(
      api.owner,
      { type: 'email', label: 'set by admin', config: { address: 'o2@example.com' } },
      other.userId,
    );
    assert.equal(byOwner.statusCode, 201, byOwner.body);
    assert.equal(byOwner.json<{ userId: string }>().userId, other.userId);
    const missing = await api.app.inject({
      method: 'GET',
      url: '/api/v1/users/nobody/contact-methods',
      headers: as(api.owner),
    });
    assertApiError(missing, 404, 'not_found');
  });

  test('send test notification: sent now, recorded in the delivery log, failures answered', async () => {
    const res = await create(responder, {
      type: 'webhook',
      label: 'test me',
      config: { url: hookUrl(), secret: secretToken },
    });
    const id = res.json<{ id: string }>().id;
    listener.reply({ status: 200, body: 'ok' });
    const before = listener.requests.length;
    const sent = await api.app.inject({
      method: 'POST',
      url: `/api/v1/users/me/contact-methods/${id}/test`,
      headers: as(responder),
    });
    assert.equal(sent.statusCode, 200, sent.body);
    const body = sent.json<{ delivery: { ok: boolean; status: number }; notificationId: string }>();
    assert.equal(body.delivery.ok, true);
    assert.equal(body.delivery.status, 200);
    assert.equal(listener.requests.length, before + 1);
    const got = listener.requests.at(-1)!;
    assert.equal(got.headers['idempotency-key'], body.notificationId);
    assert.equal(JSON.parse(got.body).kind, 'test');

    const row = await api.db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', body.notificationId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'sent');
    assert.equal(row.kind, 'test');
    const attempts = await api.db
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('delivery_id', '=', row.id)
      .execute();
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0]!.status_code, 200);

    listener.reply({ status: 500, body: `upstream broke ${secretToken}` });
    const failed = await api.app.inject({
      method: 'POST',
      url: `/api/v1/users/me/contact-methods/${id}/test`,
      headers: as(responder),
    });
    assert.equal(failed.statusCode, 200);
    const f = failed.json<{ delivery: { ok: boolean; status: number; error: string } }>();
    assert.equal(f.delivery.ok, false);
    assert.equal(f.delivery.status, 500);
    assert.ok(!failed.body.includes(secretToken), 'the error is redacted');
  });

  test('settings sealed under another key (KEEL_SECRET_KEY changed) fail clearly, without a retry or a 500', async () => {
    const res = await create(responder, {
      type: 'slack',
      label: 'old key',
      config: { webhookUrl: hookUrl() },
    });
    const id = res.json<{ id: string }>().id;
    const foreign = new SecretBox('another-installation-key-0123456789').seal(
      '{"webhookUrl":"http://127.0.0.1:9/x"}',
    );
    await api.db
      .updateTable('contact_methods')
      .set({ config_sealed: foreign })
      .where('id', '=', id)
      .execute();
    const sent = await api.app.inject({
      method: 'POST',
      url: `/api/v1/users/me/contact-methods/${id}/test`,
      headers: as(responder),
    });
    assert.equal(sent.statusCode, 200, sent.body);
    const d = sent.json<{ delivery: { ok: boolean; error: string } }>().delivery;
    assert.equal(d.ok, false);
    assert.match(d.error, /cannot be decrypted/);
  });
});
