import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { FakeClock } from '../../src/lib/clock.js';
import { describeEachDialect } from '../helpers/db.js';
import { assertError, assertStatus } from '../helpers/http-assert.js';
import {
  as,
  cookieFrom,
  login,
  setupOwner,
  startTestServer,
  type Session,
  type TestServer,
} from '../helpers/server.js';

/** Sign-in, sign-out, the session cookie, throttling of failed sign-ins, and CSRF on cookie sessions. */
const password = 'correct horse battery';
const dayMs = 86_400_000;
const userViewKeys = [
  'createdAt',
  'disabled',
  'email',
  'id',
  'isSample',
  'name',
  'role',
  'timeZone',
  'totpEnabled',
  'updatedAt',
];

async function createUser(
  app: FastifyInstance,
  owner: Session,
  fields: { email: string; name: string; role: string; password?: string },
) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: as(owner), payload: fields });
  assertStatus(res, 201);
  return res.json<{ user: { id: string } }>().user;
}

/** Each call comes from its own address, so Fastify's per-address route limit never interferes. */
let addressSeq = 0;
const nextAddress = () => `10.0.${Math.floor(++addressSeq / 250)}.${(addressSeq % 250) + 1}`;

function attempt(app: FastifyInstance, email: string, pw: string, remoteAddress = nextAddress()) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: pw },
    remoteAddress,
  });
}

describeEachDialect('auth', (kind) => {
  const clock = new FakeClock('2026-03-01T09:00:00Z');
  let server: TestServer;
  let app: FastifyInstance;
  let owner: Session;
  let responderId: string;

  before(async () => {
    server = await startTestServer({ kind, clock });
    app = server.app;
    owner = await setupOwner(app, { email: 'owner@example.com', name: 'Olive Owner', password });
    responderId = (
      await createUser(app, owner, {
        email: 'rita@example.com',
        name: 'Rita Responder',
        role: 'responder',
        password,
      })
    ).id;
  });
  after(() => server.close());

  /** Ten failed sign-ins at once (scrypt runs in the thread pool, so this is quicker than in turn). */
  async function failTenTimes(email: string): Promise<void> {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attempt(app, email, `wrong ${i}`)),
    );
    for (const res of results) assertError(res, 401, 'invalid_credentials');
  }

  test('login answers the user and a CSRF token and sets an httpOnly SameSite cookie', async () => {
    const res = await attempt(app, '  Rita@Example.COM ', password);
    assertStatus(res, 200);
    const body = res.json<{ user: Record<string, unknown>; csrfToken: string }>();
    assert.deepEqual(Object.keys(body).sort(), ['csrfToken', 'user']);
    assert.deepEqual(Object.keys(body.user).sort(), userViewKeys);
    assert.equal(body.user.id, responderId);
    assert.equal(body.user.email, 'rita@example.com');
    assert.equal(body.user.role, 'responder');
    assert.match(body.csrfToken, /^[\w-]{20,}$/);

    const setCookie = res.headers['set-cookie'];
    assert.equal(typeof setCookie, 'string', 'exactly one cookie');
    const parts = String(setCookie).split('; ');
    assert.match(parts[0]!, /^keel_session=[\w-]{40,}$/);
    assert.deepEqual(parts.slice(1).sort(), [
      'HttpOnly',
      `Max-Age=${(14 * dayMs) / 1000}`,
      'Path=/',
      'SameSite=Lax',
    ]);

    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieFrom(res) } });
    assertStatus(me, 200);
    const meBody = me.json<Record<string, unknown>>();
    assert.deepEqual(Object.keys(meBody).sort(), [...userViewKeys, 'csrfToken', 'via'].sort());
    assert.equal(meBody.id, responderId);
    assert.equal(meBody.via, 'session');
    assert.equal(meBody.csrfToken, body.csrfToken);
  });

  test('/me without a session or with an unknown one is 401 unauthenticated', async () => {
    assertError(await app.inject({ method: 'GET', url: '/api/v1/me' }), 401, 'unauthenticated');
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `keel_session=${'x'.repeat(43)}` },
    });
    assertError(unknown, 401, 'unauthenticated');
  });

  test('a wrong password and an unknown e-mail get the same 401 invalid_credentials', async () => {
    const wrong = await attempt(app, 'rita@example.com', 'not the password');
    const unknown = await attempt(app, 'nobody@example.com', password);
    const err = assertError(wrong, 401, 'invalid_credentials');
    assertError(unknown, 401, 'invalid_credentials');
    assert.equal(err.details, null);
    assert.deepEqual(unknown.json(), wrong.json(), 'the two answers cannot be told apart');
    assert.equal(wrong.headers['set-cookie'], undefined);
    assert.equal(unknown.headers['set-cookie'], undefined);
  });

  test('a disabled user cannot sign in, and their sessions stop working', async () => {
    const id = (
      await createUser(app, owner, {
        email: 'dora@example.com',
        name: 'Dora Disabled',
        role: 'viewer',
        password,
      })
    ).id;
    const session = await login(app, 'dora@example.com', password);
    const disable = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: as(owner),
      payload: { disabled: true },
    });
    assertStatus(disable, 200);

    const res = await attempt(app, 'dora@example.com', password);
    const err = assertError(res, 401, 'invalid_credentials');
    assert.deepEqual(res.json(), (await attempt(app, 'dora@example.com', 'wrong password')).json());
    assert.equal(err.details, null);
    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } }),
      401,
      'unauthenticated',
    );
  });

  test('after 10 failures for one e-mail sign-in answers 429 with Retry-After until the window passes', async () => {
    await createUser(app, owner, {
      email: 'tess@example.com',
      name: 'Tess Throttled',
      role: 'responder',
      password,
    });
    await failTenTimes('tess@example.com');

    // The 11th try is refused even with the right password, and from another address.
    for (const remoteAddress of ['10.9.9.1', '10.9.9.2']) {
      const res = await attempt(app, 'TESS@example.com', password, remoteAddress);
      const err = assertError(res, 429, 'rate_limited');
      assert.equal(err.details, null);
      assert.equal(res.headers['retry-after'], '900');
      assert.equal(res.headers['set-cookie'], undefined);
    }
    // Other people are not affected.
    assertStatus(await attempt(app, 'rita@example.com', password), 200);

    clock.advance(14 * 60_000);
    assertError(await attempt(app, 'tess@example.com', password), 429, 'rate_limited');
    clock.advance(60_000 + 1);
    assertStatus(await attempt(app, 'tess@example.com', password), 200);
  });

  test('unknown e-mails are throttled the same way (no way to tell who exists)', async () => {
    await failTenTimes('ghost@example.com');
    const res = await attempt(app, 'ghost@example.com', 'wrong again');
    assertError(res, 429, 'rate_limited');
    assert.equal(res.headers['retry-after'], '900');
  });

  test('logout ends this session only, and needs the CSRF token', async () => {
    const a = await login(app, 'rita@example.com', password);
    const b = await login(app, 'rita@example.com', password);

    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: a.cookie },
    });
    assertError(noCsrf, 403, 'csrf_failed');
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } }), 200);

    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: as(a) });
    assertStatus(res, 204);
    assert.equal(res.body, '');
    assert.match(
      String(res.headers['set-cookie']),
      /^keel_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/,
    );

    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } }),
      401,
      'unauthenticated',
    );
    assertError(
      await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: as(a) }),
      401,
      'unauthenticated',
    );
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } }), 200);
  });

  test('a session slides while used and ends after 14 idle days', async () => {
    const s = await login(app, 'rita@example.com', password);
    clock.advance(13 * dayMs);
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } }), 200);
    clock.advance(13 * dayMs);
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } }), 200);
    clock.advance(14 * dayMs + 1);
    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } }),
      401,
      'unauthenticated',
    );
  });
});

describeEachDialect('csrf', (kind) => {
  let server: TestServer;
  let app: FastifyInstance;
  let owner: Session;

  before(async () => {
    server = await startTestServer({ kind });
    app = server.app;
    owner = await setupOwner(app, { email: 'owner@example.com', name: 'Olive Owner', password });
  });
  after(() => server.close());

  const rename = (headers: Record<string, string>, name: string) =>
    app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { name } });
  const currentName = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: owner.cookie } })).json<{
      name: string;
    }>().name;

  test('a cookie mutation without X-CSRF-Token is 403 csrf_failed and changes nothing', async () => {
    const err = assertError(await rename({ cookie: owner.cookie }, 'No Token'), 403, 'csrf_failed');
    assert.equal(err.details, null);
    assertError(
      await app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: { cookie: owner.cookie },
        payload: { name: 'Sneaky' },
      }),
      403,
      'csrf_failed',
    );
    assert.equal(await currentName(), 'Olive Owner');
    const teams = await app.inject({
      method: 'GET',
      url: '/api/v1/teams',
      headers: { cookie: owner.cookie },
    });
    assert.equal(teams.json<{ total: number }>().total, 0);
  });

  test('a wrong token, an empty one, or another session’s token is 403 csrf_failed', async () => {
    const other = await login(app, 'owner@example.com', password);
    assert.notEqual(other.csrfToken, owner.csrfToken);
    for (const token of ['wrong', '', `${owner.csrfToken}x`, owner.csrfToken.slice(1), other.csrfToken]) {
      assertError(
        await rename({ cookie: owner.cookie, 'x-csrf-token': token }, 'Bad Token'),
        403,
        'csrf_failed',
      );
    }
    assert.equal(await currentName(), 'Olive Owner');
  });

  test('with the right token the mutation works; reads need no token', async () => {
    const res = await rename(as(owner), 'Olive Renamed');
    assertStatus(res, 200);
    assert.equal(res.json<{ name: string }>().name, 'Olive Renamed');
    assert.equal(await currentName(), 'Olive Renamed');
    assertStatus(
      await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: owner.cookie } }),
      200,
    );
  });

  test('a request with a Bearer API key needs no CSRF token', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(owner),
      payload: { name: 'ci', scopes: ['read', 'write'] },
    });
    assertStatus(created, 201);
    const { key } = created.json<{ key: string }>();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'By key' },
    });
    assertStatus(res, 201);
    assert.equal(res.json<{ name: string }>().name, 'By key');
  });
});
