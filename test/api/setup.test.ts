import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { FakeClock } from '../../src/lib/clock.js';
import { describeEachDialect } from '../helpers/db.js';
import { assertError, assertStatus, issuePaths } from '../helpers/http-assert.js';
import { loadedSampleStatus } from '../helpers/sample-data.js';
import { as, cookieFrom, login, startTestServer, type TestServer } from '../helpers/server.js';

/** First-run setup: POST/GET /api/v1/setup, KEEL_ADMIN_EMAIL at start, sample data on request. */
const owner = { email: 'Olive@Example.com', name: 'Olive Owner', password: 'correct horse battery' };
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

describeEachDialect('setup', (kind) => {
  const servers: TestServer[] = [];
  const start = async (env?: Record<string, string>) => {
    // A fake clock: the cookie's Max-Age is then exact.
    const s = await startTestServer({
      kind,
      clock: new FakeClock('2026-03-01T09:00:00Z'),
      ...(env && { env }),
    });
    servers.push(s);
    return s;
  };
  after(async () => {
    for (const s of servers) await s.close();
  });

  test('creates the first owner once, signs them in, and then refuses', async () => {
    const { app } = await start();
    const before = await app.inject({ method: 'GET', url: '/api/v1/setup' });
    assertStatus(before, 200);
    assert.deepEqual(before.json(), { needsSetup: true });

    const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner });
    assertStatus(res, 201);
    const body = res.json<{ user: Record<string, unknown>; csrfToken: string }>();
    assert.deepEqual(Object.keys(body).sort(), ['csrfToken', 'user']);
    assert.deepEqual(Object.keys(body.user).sort(), userViewKeys);
    assert.equal(body.user.email, 'olive@example.com', 'e-mail is stored lower-case');
    assert.equal(body.user.name, 'Olive Owner');
    assert.equal(body.user.role, 'owner');
    assert.equal(body.user.timeZone, 'UTC');
    assert.equal(body.user.isSample, false);
    assert.equal(body.user.totpEnabled, false);
    assert.equal(body.user.disabled, false);
    assert.match(body.csrfToken, /^[\w-]{20,}$/);
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /^keel_session=[\w-]{20,};/);
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Lax/);

    // The session from setup is a full one: it reads and (with its CSRF token) writes.
    const session = { cookie: cookieFrom(res), csrfToken: body.csrfToken, userId: String(body.user.id) };
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
    assertStatus(me, 200);
    assert.equal(me.json<{ id: string }>().id, body.user.id);
    const team = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: as(session),
      payload: { name: 'Ops' },
    });
    assertStatus(team, 201);

    const afterSetup = await app.inject({ method: 'GET', url: '/api/v1/setup' });
    assert.deepEqual(afterSetup.json(), { needsSetup: false });

    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { email: 'mallory@example.com', name: 'Mallory', password: 'another long password' },
    });
    assertError(again, 409, 'conflict');
    assert.equal(again.headers['set-cookie'], undefined, 'a refused setup signs nobody in');
    const users = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie: session.cookie },
    });
    assert.deepEqual(
      users.json<{ items: { email: string }[] }>().items.map((u) => u.email),
      ['olive@example.com'],
    );
    const mallory = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'mallory@example.com', password: 'another long password' },
    });
    assertError(mallory, 401, 'invalid_credentials');
  });

  test('served over HTTPS, the session cookie is also Secure', async () => {
    const { app } = await start({ KEEL_PUBLIC_URL: 'https://keel.example' });
    const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner });
    assertStatus(res, 201);
    const attributes = String(res.headers['set-cookie']).split('; ').slice(1).sort();
    assert.deepEqual(attributes, ['HttpOnly', 'Max-Age=1209600', 'Path=/', 'SameSite=Lax', 'Secure']);
  });

  test('two setups at the same moment make exactly one owner', async () => {
    const { app } = await start();
    const attempts = await Promise.all(
      ['first', 'second', 'third'].map((n) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/setup',
          payload: { email: `${n}@example.com`, name: n, password: 'correct horse battery' },
        }),
      ),
    );
    const statuses = attempts.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [201, 409, 409], attempts.map((r) => r.body).join('\n'));
    const { keel } = servers.at(-1)!;
    const owners = await keel.database.db.selectFrom('users').select('email').execute();
    assert.equal(owners.length, 1);
  });

  test('KEEL_ADMIN_EMAIL and KEEL_ADMIN_PASSWORD create the owner at start', async () => {
    const { app } = await start({
      KEEL_ADMIN_EMAIL: 'Boot@Example.com',
      KEEL_ADMIN_PASSWORD: 'bootstrap password 1',
    });
    const status = await app.inject({ method: 'GET', url: '/api/v1/setup' });
    assertStatus(status, 200);
    assert.deepEqual(status.json(), { needsSetup: false });
    assertError(await app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner }), 409, 'conflict');

    const session = await login(app, 'boot@example.com', 'bootstrap password 1');
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
    const body = me.json<{ email: string; role: string; isSample: boolean }>();
    assert.equal(body.email, 'boot@example.com');
    assert.equal(body.role, 'owner');
    assert.equal(body.isSample, false);
  });

  test('loadSampleData: true loads sample people and teams, marked isSample', async () => {
    const { app } = await start();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...owner, loadSampleData: true },
    });
    assertStatus(res, 201);
    const { user, csrfToken } = res.json<{ user: { id: string; isSample: boolean }; csrfToken: string }>();
    assert.equal(user.isSample, false, 'the owner is not sample data');
    const headers = { cookie: cookieFrom(res), 'x-csrf-token': csrfToken };

    const users = await app.inject({ method: 'GET', url: '/api/v1/users?limit=100', headers });
    assertStatus(users, 200);
    const items = users.json<{
      items: { id: string; email: string; name: string; isSample: boolean }[];
      total: number;
    }>().items;
    const samples = items.filter((u) => u.isSample);
    assert.equal(samples.length, 7);
    for (const u of samples) {
      assert.match(u.email, /\.sample@example\.com$/);
      assert.match(u.name, /^Sample · /);
    }
    assert.deepEqual(
      items.filter((u) => !u.isSample).map((u) => u.id),
      [user.id],
    );

    const teams = await app.inject({ method: 'GET', url: '/api/v1/teams', headers });
    assertStatus(teams, 200);
    const teamItems = teams.json<{ items: { name: string; isSample: boolean; memberCount: number }[] }>()
      .items;
    assert.equal(teamItems.length, 3);
    for (const t of teamItems) {
      assert.equal(t.isSample, true);
      assert.match(t.name, /^Sample · /);
      assert.ok(t.memberCount > 0);
    }

    const status = await app.inject({ method: 'GET', url: '/api/v1/sample-data', headers });
    assertStatus(status, 200);
    assert.deepEqual(status.json(), loadedSampleStatus);

    // Sample people have no password: nobody can sign in as them.
    const ada = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ada.sample@example.com', password: '' },
    });
    assertError(ada, 401, 'invalid_credentials');
  });

  test('invalid input is refused and leaves setup open; without loadSampleData only the owner exists', async () => {
    const { app } = await start();
    const short = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...owner, password: 'short' },
    });
    const err = assertError(short, 400, 'validation_failed');
    assert.deepEqual(issuePaths(err.details), [['password']]);
    const extra = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...owner, role: 'viewer' },
    });
    assertError(extra, 400, 'validation_failed');
    const status = await app.inject({ method: 'GET', url: '/api/v1/setup' });
    assert.deepEqual(status.json(), { needsSetup: true });

    const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: owner });
    assertStatus(res, 201);
    const headers = { cookie: cookieFrom(res) };
    const users = await app.inject({ method: 'GET', url: '/api/v1/users', headers });
    assert.equal(users.json<{ total: number }>().total, 1);
    const teams = await app.inject({ method: 'GET', url: '/api/v1/teams', headers });
    assert.equal(teams.json<{ total: number }>().total, 0);
  });
});
