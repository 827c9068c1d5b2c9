import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { FakeClock } from '../../src/lib/clock.js';
import { hotp, totpStep } from '../../src/modules/users/index.js';
import { describeEachDialect } from '../helpers/db.js';
import { assertError, assertStatus, issuePaths } from '../helpers/http-assert.js';
import {
  as,
  cookieFrom,
  login,
  setupOwner,
  startTestServer,
  type Session,
  type TestServer,
} from '../helpers/server.js';

/**
 * Two-factor sign-in: enrolment (/me/totp/setup + enable), the pending session between password
 * and code, wrong and replayed codes, throttling, and turning it off with the password.
 * A fake clock makes the codes deterministic: each test moves it to a fresh 30-second step.
 */
const password = 'correct horse battery';
const stepMs = 30_000;

describeEachDialect('totp', (kind) => {
  // 10 s into a step, so "advance one step" never lands on a boundary.
  const clock = new FakeClock('2026-03-01T09:00:10Z');
  let server: TestServer;
  let app: FastifyInstance;
  let owner: Session;
  const secrets = new Map<string, string>();

  const codeNow = (email: string, offsetSteps = 0) =>
    hotp(secrets.get(email)!, totpStep(clock.now()) + offsetSteps);
  const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  const sendCode = (pending: Session, code: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/totp', headers: as(pending), payload: { code } });

  async function createUser(email: string): Promise<void> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(owner),
      payload: { email, name: email.split('@')[0], role: 'responder', password },
    });
    assertStatus(res, 201);
  }

  /** Password step of a two-factor sign-in: the pending session. */
  async function startLogin(email: string): Promise<Session & { res: LightMyRequestResponse }> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    assertStatus(res, 200);
    const body = res.json<{ csrfToken: string }>();
    return { res, cookie: cookieFrom(res), csrfToken: body.csrfToken, userId: '' };
  }

  /** Enrols `email` and turns two-factor sign-in on; returns a full session. */
  async function enrol(email: string): Promise<Session> {
    const s = await login(app, email, password);
    const setup = await app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers: as(s) });
    assertStatus(setup, 200);
    secrets.set(email, setup.json<{ secret: string }>().secret);
    assertStatus(
      await app.inject({
        method: 'POST',
        url: '/api/v1/me/totp/enable',
        headers: as(s),
        payload: { code: codeNow(email) },
      }),
      204,
    );
    clock.advance(stepMs);
    return s;
  }

  before(async () => {
    server = await startTestServer({ kind, clock });
    app = server.app;
    owner = await setupOwner(app, { email: 'owner@example.com', name: 'Olive Owner', password });
    await Promise.all(['tina@example.com', 'theo@example.com', 'tom@example.com'].map(createUser));
  });
  after(() => server.close());

  test('setup returns a secret; enable needs a correct code; then it is on', async () => {
    const s = await login(app, 'tina@example.com', password);
    const early = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/enable',
      headers: as(s),
      payload: { code: '123456' },
    });
    assertError(early, 409, 'conflict');

    const setup = await app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers: as(s) });
    assertStatus(setup, 200);
    const body = setup.json<{ secret: string; otpauthUrl: string }>();
    assert.deepEqual(Object.keys(body).sort(), ['otpauthUrl', 'secret']);
    assert.match(body.secret, /^[A-Z2-7]{32}$/);
    const url = new URL(body.otpauthUrl);
    assert.equal(url.protocol, 'otpauth:');
    assert.equal(url.searchParams.get('secret'), body.secret);
    assert.equal(url.host, 'totp');
    assert.equal(decodeURIComponent(url.pathname), '/Keel:tina@example.com');
    secrets.set('tina@example.com', body.secret);
    assert.equal(
      (await me(s.cookie)).json<{ totpEnabled: boolean }>().totpEnabled,
      false,
      'setup alone turns nothing on',
    );

    const wrongCode = codeNow('tina@example.com') === '000000' ? '111111' : '000000';
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/enable',
      headers: as(s),
      payload: { code: wrongCode },
    });
    assertError(wrong, 401, 'invalid_totp');
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/enable',
      headers: as(s),
      payload: { code: '12ab56' },
    });
    assertError(malformed, 400, 'validation_failed');
    assert.equal((await me(s.cookie)).json<{ totpEnabled: boolean }>().totpEnabled, false);

    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/enable',
      headers: as(s),
      payload: { code: codeNow('tina@example.com') },
    });
    assertStatus(ok, 204);
    assert.equal((await me(s.cookie)).json<{ totpEnabled: boolean }>().totpEnabled, true);
    assert.equal((await me(s.cookie)).statusCode, 200, 'the session that enabled it stays signed in');

    const again = await app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers: as(s) });
    assertError(again, 409, 'conflict');
  });

  test('login then answers mfaRequired; the pending session can do nothing until the code', async () => {
    // Still in the step whose code enabled it: that code is spent.
    const pending = await startLogin('tina@example.com');
    const body = pending.res.json<Record<string, unknown>>();
    assert.deepEqual(body, { mfaRequired: true, csrfToken: pending.csrfToken });
    assert.match(
      String(pending.res.headers['set-cookie']),
      /^keel_session=[\w-]+; Max-Age=300; Path=\/; HttpOnly; SameSite=Lax$/,
    );

    assertError(await me(pending.cookie), 401, 'unauthenticated');
    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: pending.cookie } }),
      401,
      'unauthenticated',
    );
    assertError(
      await app.inject({ method: 'PATCH', url: '/api/v1/me', headers: as(pending), payload: { name: 'x' } }),
      401,
      'unauthenticated',
    );
    assertError(
      await app.inject({
        method: 'POST',
        url: '/api/v1/me/totp/disable',
        headers: as(pending),
        payload: { password },
      }),
      401,
      'unauthenticated',
    );

    assertError(await sendCode(pending, codeNow('tina@example.com')), 401, 'invalid_totp');
    const wrongCode = codeNow('tina@example.com', 1) === '000000' ? '111111' : '000000';
    assertError(await sendCode(pending, wrongCode), 401, 'invalid_totp');
    assertError(
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/totp',
        headers: { cookie: pending.cookie },
        payload: { code: '123456' },
      }),
      403,
      'csrf_failed',
    );

    clock.advance(stepMs);
    const res = await sendCode(pending, codeNow('tina@example.com'));
    assertStatus(res, 200);
    const full = res.json<{ user: { email: string; totpEnabled: boolean }; csrfToken: string }>();
    assert.deepEqual(Object.keys(full).sort(), ['csrfToken', 'user']);
    assert.equal(full.user.email, 'tina@example.com');
    assert.equal(full.user.totpEnabled, true);
    assert.notEqual(full.csrfToken, pending.csrfToken);
    const session: Session = { cookie: cookieFrom(res), csrfToken: full.csrfToken, userId: '' };
    assert.notEqual(session.cookie, pending.cookie, 'a new session token after the code');

    assertStatus(await me(session.cookie), 200);
    assertError(await me(pending.cookie), 401, 'unauthenticated');
    assertError(await sendCode(session, codeNow('tina@example.com', 1)), 409, 'conflict');
  });

  test('a code that signed in once is refused the second time', async () => {
    clock.advance(stepMs);
    const code = codeNow('tina@example.com');
    const first = await startLogin('tina@example.com');
    assertStatus(await sendCode(first, code), 200);
    const second = await startLogin('tina@example.com');
    assertError(await sendCode(second, code), 401, 'invalid_totp');
    // An older code inside the drift window is refused too: steps only move forward.
    assertError(await sendCode(second, codeNow('tina@example.com', -1)), 401, 'invalid_totp');
    assertStatus(await sendCode(second, codeNow('tina@example.com', 1)), 200);
  });

  test('the same code sent on two pending sessions at once signs in only one', async () => {
    clock.advance(3 * stepMs);
    const [a, b] = await Promise.all([startLogin('tina@example.com'), startLogin('tina@example.com')]);
    const code = codeNow('tina@example.com');
    const results = await Promise.all([sendCode(a, code), sendCode(b, code)]);
    assert.deepEqual(
      results.map((r) => r.statusCode).sort(),
      [200, 401],
      results.map((r) => r.body).join('\n'),
    );
  });

  test('a pending session lives five minutes', async () => {
    clock.advance(stepMs);
    const pending = await startLogin('tina@example.com');
    clock.advance(5 * 60_000);
    assertError(await sendCode(pending, codeNow('tina@example.com')), 401, 'unauthenticated');
  });

  test('after 10 wrong codes the account is throttled with Retry-After', async () => {
    await enrol('tom@example.com');
    const pending = await startLogin('tom@example.com');
    const right = codeNow('tom@example.com');
    const wrong = ['000000', '111111', '222222', '333333'].find(
      (c) => ![-1, 0, 1].some((o) => codeNow('tom@example.com', o) === c),
    )!;
    for (let i = 0; i < 10; i++) assertError(await sendCode(pending, wrong), 401, 'invalid_totp');
    const res = await sendCode(pending, right);
    assertError(res, 429, 'rate_limited');
    assert.equal(res.headers['retry-after'], '900');
    const pw = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'tom@example.com', password },
    });
    assertError(pw, 429, 'rate_limited');
    assert.equal(pw.headers['retry-after'], '900');
  });

  test('turning it off needs the password; then login needs no code', async () => {
    const s = await enrol('theo@example.com');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/disable',
      headers: as(s),
      payload: { password: 'not my password' },
    });
    const err = assertError(wrong, 400, 'validation_failed');
    assert.deepEqual(issuePaths(err.details), [['password']]);
    assert.equal((await me(s.cookie)).json<{ totpEnabled: boolean }>().totpEnabled, true);
    assertError(
      await app.inject({ method: 'POST', url: '/api/v1/me/totp/disable', headers: as(s), payload: {} }),
      400,
      'validation_failed',
    );

    assertStatus(
      await app.inject({
        method: 'POST',
        url: '/api/v1/me/totp/disable',
        headers: as(s),
        payload: { password },
      }),
      204,
    );
    assert.equal((await me(s.cookie)).json<{ totpEnabled: boolean }>().totpEnabled, false);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'theo@example.com', password },
    });
    assertStatus(res, 200);
    assert.equal(res.json<{ user: { totpEnabled: boolean } }>().user.totpEnabled, false);
    assert.equal('mfaRequired' in res.json<object>(), false);
  });
});
