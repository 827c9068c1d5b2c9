import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { JobWorker } from '../../src/jobs/index.js';
import { FakeClock } from '../../src/lib/clock.js';
import { describeEachDialect } from '../helpers/db.js';
import { assertError, assertStatus, issuePaths } from '../helpers/http-assert.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.js';
import { as, login, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';

/**
 * "Forgot password" end to end: the request queues a mail job, a worker (driven with runDue on a
 * fake clock) sends it over SMTP to a real local server, and the link in the message sets a new
 * password once, within the hour. Admins can also issue a link to hand over themselves.
 */
const password = 'correct horse battery';
const linkPattern = /http:\/\/keel\.test\/reset-password\?token=([\w-]+)/;

let addressSeq = 0;
/** A fresh client address per request, so the per-address route limit only bites where a test wants it. */
const nextAddress = () => `10.1.${Math.floor(++addressSeq / 250)}.${(addressSeq % 250) + 1}`;

describeEachDialect('password reset', (kind) => {
  const clock = new FakeClock('2026-03-01T09:00:00Z');
  let smtp: TestSmtp;
  let server: TestServer;
  let app: FastifyInstance;
  let worker: JobWorker;
  let owner: Session;
  const ids = new Map<string, string>();

  before(async () => {
    smtp = await startTestSmtp();
    server = await startTestServer({
      kind,
      clock,
      env: { KEEL_SMTP_URL: smtp.url, KEEL_MAIL_FROM: 'Keel <keel@keel.test>' },
    });
    app = server.app;
    const { keel } = server;
    worker = new JobWorker({
      database: keel.database,
      registry: keel.registry,
      clock,
      logger: keel.logger,
      concurrency: 4,
    });
    owner = await setupOwner(app, { email: 'owner@example.com', name: 'Olive Owner', password });
    ids.set('owner@example.com', owner.userId);
    for (const [email, role] of [
      ['rosa@example.com', 'responder'],
      ['ravi@example.com', 'responder'],
      ['ada@example.com', 'admin'],
      ['dina@example.com', 'responder'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: as(owner),
        payload: { email, name: email.split('@')[0], role, password },
      });
      assertStatus(res, 201);
      ids.set(email, res.json<{ user: { id: string } }>().user.id);
    }
  });
  after(async () => {
    await worker.stop();
    await server.close();
    await smtp.close();
  });

  const requestReset = (email: string, remoteAddress = nextAddress()) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      payload: { email },
      remoteAddress,
    });
  const complete = (token: string, newPassword: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token, newPassword },
      remoteAddress: nextAddress(),
    });
  const tryLogin = (email: string, pw: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: pw },
      remoteAddress: nextAddress(),
    });

  /** Runs the due jobs and returns the messages that arrived meanwhile. */
  async function deliver(): Promise<ReceivedMail[]> {
    const before = smtp.messages.length;
    await worker.runDue();
    return smtp.messages.slice(before);
  }

  function tokenOf(mail: ReceivedMail): string {
    const match = linkPattern.exec(mail.decoded);
    assert.ok(match, `no reset link in:\n${mail.decoded}`);
    return match[1]!;
  }

  test('a reset request mails a link that sets the new password once', async () => {
    const session = await login(app, 'rosa@example.com', password);
    const res = await requestReset('  ROSA@example.com ');
    assertStatus(res, 202);
    assert.equal(res.body, '');
    assert.equal(smtp.messages.length, 0, 'nothing is sent before the worker runs');

    const mails = await deliver();
    assert.equal(mails.length, 1);
    const [mail] = mails as [ReceivedMail];
    assert.deepEqual(mail.to, ['rosa@example.com']);
    assert.equal(mail.from, 'keel@keel.test');
    assert.match(mail.decoded, /^Subject: Reset your Keel password$/m);
    assert.match(mail.decoded, /^To: rosa@example\.com$/m);
    const token = tokenOf(mail);
    assert.match(token, /^[\w-]{43}$/);
    assert.ok(
      mail.decoded.includes(`<a href="http://keel.test/reset-password?token=${token}">`),
      'the HTML part links too',
    );

    // Only the token's hash is kept.
    const resets = await server.keel.database.db.selectFrom('password_resets').selectAll().execute();
    for (const row of resets)
      assert.ok(!JSON.stringify(row).includes(token), 'password_resets holds the token');

    const done = await complete(token, 'rosa new passphrase');
    assertStatus(done, 204);
    assert.equal(done.body, '');
    assertStatus(await tryLogin('rosa@example.com', 'rosa new passphrase'), 200);
    assertError(await tryLogin('rosa@example.com', password), 401, 'invalid_credentials');
    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } }),
      401,
      'unauthenticated',
    );

    const again = await complete(token, 'yet another passphrase');
    const err = assertError(again, 410, 'gone');
    assert.equal(err.details, null);
    assertStatus(await tryLogin('rosa@example.com', 'rosa new passphrase'), 200);
  });

  test('a link older than an hour is gone and changes nothing', async () => {
    assertStatus(await requestReset('ravi@example.com'), 202);
    const [mail] = await deliver();
    const token = tokenOf(mail!);
    clock.advance(60 * 60_000);
    assertError(await complete(token, 'too late passphrase'), 410, 'gone');
    assertStatus(await tryLogin('ravi@example.com', password), 200);
    assertError(await tryLogin('ravi@example.com', 'too late passphrase'), 401, 'invalid_credentials');
  });

  test('a link within the hour works', async () => {
    assertStatus(await requestReset('ravi@example.com'), 202);
    const [mail] = await deliver();
    clock.advance(60 * 60_000 - 1);
    assertStatus(await complete(tokenOf(mail!), 'ravi new passphrase'), 204);
    assertStatus(await tryLogin('ravi@example.com', 'ravi new passphrase'), 200);
  });

  test('a newer link replaces the older one', async () => {
    assertStatus(await requestReset('dina@example.com'), 202);
    const [first] = await deliver();
    assertStatus(await requestReset('dina@example.com'), 202);
    const [second] = await deliver();
    assert.notEqual(tokenOf(first!), tokenOf(second!));
    assertError(await complete(tokenOf(first!), 'dina new passphrase'), 410, 'gone');
    assertStatus(await complete(tokenOf(second!), 'dina new passphrase'), 204);
  });

  test('unknown and disabled e-mails get the same 202 and no mail', async () => {
    const known = await requestReset('owner@example.com');
    await deliver();
    const unknown = await requestReset('nobody@example.com');
    assertStatus(unknown, 202);
    assert.equal(unknown.body, known.body);
    assert.deepEqual(await deliver(), []);

    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(owner),
      payload: { email: 'gone@example.com', name: 'Gone', role: 'viewer', password },
    });
    const goneId = res.json<{ user: { id: string } }>().user.id;
    assertStatus(
      await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${goneId}`,
        headers: as(owner),
        payload: { disabled: true },
      }),
      200,
    );
    assertStatus(await requestReset('gone@example.com'), 202);
    assert.deepEqual(await deliver(), []);
  });

  test('a bad token or a weak password is refused; the link still works afterwards', async () => {
    assertStatus(await requestReset('dina@example.com'), 202);
    const token = tokenOf((await deliver())[0]!);
    const weak = await complete(token, 'short');
    assert.deepEqual(issuePaths(assertError(weak, 400, 'validation_failed').details), [['newPassword']]);
    assert.deepEqual(
      issuePaths(
        assertError(await complete('short', 'long enough passphrase'), 400, 'validation_failed').details,
      ),
      [['token']],
    );
    assertError(await complete('A'.repeat(43), 'long enough passphrase'), 410, 'gone');
    assertStatus(await complete(token, 'dina second passphrase'), 204);
  });

  test('reset requests are limited to 5 a minute per address', async () => {
    for (let i = 0; i < 5; i++) assertStatus(await requestReset(`flood${i}@example.com`, '10.200.0.1'), 202);
    const res = await requestReset('flood@example.com', '10.200.0.1');
    assertError(res, 429, 'rate_limited');
    assert.ok(Number(res.headers['retry-after']) > 0, `retry-after: ${String(res.headers['retry-after'])}`);
    assertStatus(await requestReset('flood@example.com', '10.200.0.2'), 202);
  });

  test('an admin issues a one-time link for a user, without mail', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${ids.get('rosa@example.com')}/password-reset`,
      headers: as(owner),
    });
    assertStatus(res, 200);
    const body = res.json<{ url: string; expiresAt: string }>();
    assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'url']);
    assert.equal(body.expiresAt, new Date(clock.now() + 60 * 60_000).toISOString());
    const token = linkPattern.exec(body.url)?.[1];
    assert.ok(token, body.url);
    assert.equal(body.url, `http://keel.test/reset-password?token=${token}`);
    assert.deepEqual(await deliver(), []);

    assertStatus(await complete(token, 'handed over passphrase'), 204);
    assertStatus(await tryLogin('rosa@example.com', 'handed over passphrase'), 200);
    assertError(await complete(token, 'handed over passphrase'), 410, 'gone');
  });

  test('only admins issue links, and an admin cannot issue one for an owner', async () => {
    const rosa = await login(app, 'rosa@example.com', 'handed over passphrase');
    const byResponder = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${ids.get('ravi@example.com')}/password-reset`,
      headers: as(rosa),
    });
    assertError(byResponder, 403, 'forbidden');
    assertError(
      await app.inject({
        method: 'POST',
        url: '/api/v1/users/no-such-user/password-reset',
        headers: as(owner),
      }),
      404,
      'not_found',
    );

    const ada = await login(app, 'ada@example.com', password);
    const forResponder = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${ids.get('ravi@example.com')}/password-reset`,
      headers: as(ada),
    });
    assertStatus(forResponder, 200);
    // A link for the owner would let an admin become the owner.
    const forOwner = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${owner.userId}/password-reset`,
      headers: as(ada),
    });
    assertError(forOwner, 403, 'forbidden');
    assertStatus(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: owner.cookie } }),
      200,
    );
  });
});
