import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import { as, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';

/** Things that must never leak or be reachable the wrong way. */
describeEachDialect('sensitive data and session-only actions', (kind) => {
  let server: TestServer;
  let owner: Session;
  before(async () => {
    // Mail is "configured" (nothing listens there: the jobs stay queued, which is what we inspect).
    server = await startTestServer({ kind, env: { KEEL_SMTP_URL: 'smtp://127.0.0.1:9' } });
    owner = await setupOwner(server.app);
  });
  after(() => server.close());

  test('the jobs admin view never shows a mailed reset link', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      payload: { email: 'owner@example.com' },
    });
    assert.equal(res.statusCode, 202);
    const row = await server.keel.database.db
      .selectFrom('jobs')
      .select('payload')
      .where('name', '=', 'mail.send')
      .executeTakeFirstOrThrow();
    assert.match(row.payload, /reset-password\?token=/, 'the stored job holds the link (it must be mailed)');
    const jobs = await server.app.inject({
      method: 'GET',
      url: '/api/v1/jobs?name=mail.send',
      headers: as(owner),
    });
    assert.equal(jobs.statusCode, 200);
    const [job] = jobs.json().items;
    assert.deepEqual(Object.keys(job.payload).sort(), ['messageId', 'subject', 'to']);
    assert.ok(!jobs.body.includes('token='), 'no link in the admin view');
  });

  test('an API key cannot change the password or enrol two-factor sign-in', async () => {
    const key = (
      await server.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: as(owner),
        payload: { name: 'ci', scopes: ['read', 'write'] },
      })
    ).json().key as string;
    const bearer = { authorization: `Bearer ${key}` };
    for (const [url, payload] of [
      ['/api/v1/me/password', { currentPassword: 'correct horse battery', newPassword: 'another long one' }],
      ['/api/v1/me/totp/setup', undefined],
      ['/api/v1/me/totp/enable', { code: '123456' }],
      ['/api/v1/me/totp/disable', { password: 'correct horse battery' }],
    ] as const) {
      const res = await server.app.inject({
        method: 'POST',
        url,
        headers: bearer,
        ...(payload && { payload }),
      });
      assert.equal(res.statusCode, 403, url);
      assert.equal(res.json().error.code, 'forbidden', url);
    }
    // The same key still does what keys are for.
    assert.equal(
      (await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode,
      200,
    );
  });
});
