import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDialect } from '../helpers/db.js';
import { assertError, assertStatus, issuePaths } from '../helpers/http-assert.js';
import { as, login, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';

/** The caller's own account: /me, changing name and time zone, and changing the password. */
const password = 'correct horse battery';
const newPassword = 'a brand new passphrase';

describeEachDialect('me', (kind) => {
  let server: TestServer;
  let app: FastifyInstance;
  let owner: Session;

  before(async () => {
    server = await startTestServer({ kind });
    app = server.app;
    owner = await setupOwner(app, { email: 'owner@example.com', name: 'Olive Owner', password });
    for (const [email, role] of [
      ['vera@example.com', 'viewer'],
      ['pat@example.com', 'responder'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: as(owner),
        payload: { email, name: email.split('@')[0], role, password },
      });
      assertStatus(res, 201);
    }
  });
  after(() => server.close());

  const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  const changePassword = (s: Session, body: object) =>
    app.inject({ method: 'POST', url: '/api/v1/me/password', headers: as(s), payload: body });

  test('GET /me is the caller, whatever their role', async () => {
    const vera = await login(app, 'vera@example.com', password);
    const res = await me(vera.cookie);
    assertStatus(res, 200);
    const body = res.json<{ id: string; email: string; role: string; via: string; csrfToken: string }>();
    assert.equal(body.id, vera.userId);
    assert.equal(body.email, 'vera@example.com');
    assert.equal(body.role, 'viewer');
    assert.equal(body.via, 'session');
    assert.equal(body.csrfToken, vera.csrfToken);
    assert.equal('passwordHash' in body || 'password_hash' in body || 'totpSecret' in body, false);
  });

  test('PATCH /me changes name and time zone only', async () => {
    const vera = await login(app, 'vera@example.com', password);
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: as(vera),
      payload: { name: 'Vera Viewer', timeZone: 'Europe/Berlin' },
    });
    assertStatus(res, 200);
    const body = res.json<{ name: string; timeZone: string; role: string }>();
    assert.equal(body.name, 'Vera Viewer');
    assert.equal(body.timeZone, 'Europe/Berlin');
    assert.equal(body.role, 'viewer');
    assert.equal((await me(vera.cookie)).json<{ name: string }>().name, 'Vera Viewer');

    const promote = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: as(vera),
      payload: { role: 'owner' },
    });
    assertError(promote, 400, 'validation_failed');
    const zone = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: as(vera),
      payload: { timeZone: 'Mars/Olympus' },
    });
    assert.deepEqual(issuePaths(assertError(zone, 400, 'validation_failed').details), [['timeZone']]);
    const after = (await me(vera.cookie)).json<{ role: string; timeZone: string }>();
    assert.equal(after.role, 'viewer');
    assert.equal(after.timeZone, 'Europe/Berlin');
  });

  test('a wrong current password is 400 with an issue on currentPassword, and changes nothing', async () => {
    const pat = await login(app, 'pat@example.com', password);
    const res = await changePassword(pat, { currentPassword: 'not the password', newPassword });
    const err = assertError(res, 400, 'validation_failed');
    assert.deepEqual(issuePaths(err.details), [['currentPassword']]);

    const short = await changePassword(pat, { currentPassword: password, newPassword: 'short' });
    assert.deepEqual(issuePaths(assertError(short, 400, 'validation_failed').details), [['newPassword']]);
    assertError(
      await changePassword({ ...pat, csrfToken: 'wrong' }, { currentPassword: password, newPassword }),
      403,
      'csrf_failed',
    );

    assertStatus(await me(pat.cookie), 200);
    await login(app, 'pat@example.com', password);
    const withNew = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'pat@example.com', password: newPassword },
    });
    assertError(withNew, 401, 'invalid_credentials');
  });

  test('a password change signs out the other sessions and keeps this one', async () => {
    const current = await login(app, 'pat@example.com', password);
    const other = await login(app, 'pat@example.com', password);
    const bystander = await login(app, 'vera@example.com', password);

    const res = await changePassword(current, { currentPassword: password, newPassword });
    assertStatus(res, 204);
    assert.equal(res.body, '');

    assertStatus(await me(current.cookie), 200);
    const rename = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: as(current),
      payload: { name: 'Pat Still Here' },
    });
    assertStatus(rename, 200);
    assertError(await me(other.cookie), 401, 'unauthenticated');
    assertStatus(await me(bystander.cookie), 200);

    const old = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'pat@example.com', password },
    });
    assertError(old, 401, 'invalid_credentials');
    const fresh = await login(app, 'pat@example.com', newPassword);
    assert.equal(fresh.userId, current.userId);
  });
});
