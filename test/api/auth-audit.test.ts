import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { FakeClock } from '../../src/lib/clock.js';
import { hotp, totpStep } from '../../src/modules/users/index.js';
import { describeEachDialect } from '../helpers/db.js';
import { assertStatus } from '../helpers/http-assert.js';
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
 * The audit trail of account security: sign-in and sign-out, API keys, password changes and
 * resets, two-factor on and off, each with its actor; and no secret of any of them in the log.
 */
const ownerPassword = 'correct horse battery';
const firstPassword = 'ana first passphrase';
const secondPassword = 'ana second passphrase';
const resetPassword = 'ana third passphrase';

interface AuditItem {
  action: string;
  actor: { id: string | null; label: string };
  via: string;
  resourceType: string;
  resourceId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

describeEachDialect('account audit', (kind) => {
  const clock = new FakeClock('2026-03-01T09:00:10Z');
  let server: TestServer;
  let app: FastifyInstance;
  let owner: Session;
  let anaId: string;
  /** Every secret the flow handled, by what it is. */
  const secrets: Record<string, string> = {};
  let keyId: string;
  let linkIssuedAt: number;

  const tick = () => clock.advance(1_000);

  before(async () => {
    server = await startTestServer({ kind, clock });
    app = server.app;
    owner = await setupOwner(app, {
      email: 'owner@example.com',
      name: 'Olive Owner',
      password: ownerPassword,
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(owner),
      payload: { email: 'ana@example.com', name: 'Ana Analyst', role: 'responder', password: firstPassword },
    });
    assertStatus(created, 201);
    anaId = created.json<{ user: { id: string } }>().user.id;
    Object.assign(secrets, {
      ownerPassword,
      firstPassword,
      secondPassword,
      resetPassword,
      ownerCookie: owner.cookie,
      ownerCsrf: owner.csrfToken,
    });

    // The whole flow, one step a second so the log's order is the flow's order.
    tick();
    const ana = await login(app, 'ana@example.com', firstPassword);
    Object.assign(secrets, { anaCookie: ana.cookie, anaCsrf: ana.csrfToken });

    tick();
    const key = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(ana),
      payload: { name: 'ana cli', scopes: ['read', 'write'] },
    });
    assertStatus(key, 201);
    ({ id: keyId } = key.json<{ id: string }>());
    secrets.apiKey = key.json<{ key: string }>().key;
    secrets.apiKeySecretPart = secrets.apiKey.slice(12);

    tick();
    assertStatus(
      await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${keyId}`, headers: as(ana) }),
      204,
    );

    tick();
    const change = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: as(ana),
      payload: { currentPassword: firstPassword, newPassword: secondPassword },
    });
    assertStatus(change, 204);

    tick();
    const setup = await app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers: as(ana) });
    const totpSecret = setup.json<{ secret: string }>().secret;
    secrets.totpSecret = totpSecret;
    const enable = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/enable',
      headers: as(ana),
      payload: { code: hotp(totpSecret, totpStep(clock.now())) },
    });
    assertStatus(enable, 204);

    clock.advance(30_000);
    const pendingRes = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ana@example.com', password: secondPassword },
    });
    const pending: Session = {
      cookie: cookieFrom(pendingRes),
      csrfToken: pendingRes.json<{ csrfToken: string }>().csrfToken,
      userId: anaId,
    };
    tick();
    const full = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      headers: as(pending),
      payload: { code: hotp(totpSecret, totpStep(clock.now())) },
    });
    assertStatus(full, 200);
    const ana2: Session = {
      cookie: cookieFrom(full),
      csrfToken: full.json<{ csrfToken: string }>().csrfToken,
      userId: anaId,
    };
    Object.assign(secrets, {
      pendingCookie: pending.cookie,
      pendingCsrf: pending.csrfToken,
      ana2Cookie: ana2.cookie,
      ana2Csrf: ana2.csrfToken,
    });

    tick();
    assertStatus(
      await app.inject({
        method: 'POST',
        url: '/api/v1/me/totp/disable',
        headers: as(ana2),
        payload: { password: secondPassword },
      }),
      204,
    );

    tick();
    assertStatus(await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: as(ana2) }), 204);

    linkIssuedAt = tick();
    const link = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${anaId}/password-reset`,
      headers: as(owner),
    });
    assertStatus(link, 200);
    secrets.resetUrl = link.json<{ url: string }>().url;
    secrets.resetToken = new URL(secrets.resetUrl).searchParams.get('token')!;

    tick();
    const reset = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token: secrets.resetToken, newPassword: resetPassword },
    });
    assertStatus(reset, 204);
  });
  after(() => server.close());

  async function auditOf(query: string): Promise<AuditItem[]> {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?limit=100&${query}`,
      headers: { cookie: owner.cookie },
    });
    assertStatus(res, 200);
    return res.json<{ items: AuditItem[] }>().items;
  }

  test('every account change is in the log, in order, with its actor', async () => {
    const ana = { id: anaId, label: 'Ana Analyst <ana@example.com>' };
    const entries = (await auditOf(`actorId=${anaId}`)).reverse();
    assert.deepEqual(
      entries.map((e) => [e.action, e.resourceType, e.resourceId, e.via]),
      [
        ['session.created', 'user', anaId, 'session'],
        ['api_key.created', 'api_key', keyId, 'session'],
        ['api_key.revoked', 'api_key', keyId, 'session'],
        ['user.password_changed', 'user', anaId, 'session'],
        ['user.totp_enabled', 'user', anaId, 'session'],
        // The password step of a two-factor sign-in is not yet a session: one entry, after the code.
        ['session.created', 'user', anaId, 'session'],
        ['user.totp_disabled', 'user', anaId, 'session'],
        ['session.deleted', 'user', anaId, 'session'],
        ['user.password_reset', 'user', anaId, 'system'],
      ],
    );
    for (const e of entries) assert.deepEqual(e.actor, ana, e.action);
    for (const e of entries.filter(
      (x) => x.action.startsWith('api_key.') || x.action === 'user.password_changed',
    )) {
      assert.equal(e.ip, '127.0.0.1', e.action);
    }

    const created = entries[1]!.after as Record<string, unknown>;
    assert.equal(created.name, 'ana cli');
    assert.deepEqual(created.scopes, ['read', 'write']);
    assert.equal(created.prefix, secrets.apiKey!.slice(0, 12));
    assert.equal('key' in created, false);
    assert.equal((entries[2]!.after as { revokedAt: string | null }).revokedAt !== null, true);

    const [issued] = (await auditOf(`action=user.password_reset_issued&resourceId=${anaId}`)) as [AuditItem];
    assert.deepEqual(issued.actor, { id: owner.userId, label: 'Olive Owner <owner@example.com>' });
    assert.deepEqual(issued.after, {
      email: 'ana@example.com',
      expiresAt: new Date(linkIssuedAt + 3_600_000).toISOString(),
    });
  });

  test('the action filter finds these by their exact names', async () => {
    for (const action of [
      'api_key.created',
      'api_key.revoked',
      'user.password_changed',
      'user.totp_enabled',
      'user.totp_disabled',
    ]) {
      const found = await auditOf(`action=${action}`);
      assert.deepEqual(
        found.map((e) => [e.action, e.actor.id]),
        [[action, anaId]],
        action,
      );
    }
    assert.deepEqual(
      (await auditOf('action=session.')).map((e) => e.action),
      ['session.deleted', 'session.created', 'session.created'],
    );
    assert.deepEqual(
      (await auditOf('action=api_key.')).map((e) => e.action),
      ['api_key.revoked', 'api_key.created'],
    );
    // `_` matches only itself: "totp_" finds two-factor changes, "user_" nothing.
    assert.equal((await auditOf('action=totp_')).length, 2);
    assert.deepEqual(await auditOf('action=user_'), []);
  });

  test('no audit row holds a password, a password hash, a TOTP secret, an API key or a token', async () => {
    const rows = await server.keel.database.db.selectFrom('audit_log').selectAll().execute();
    assert.ok(rows.length >= 12, `only ${rows.length} audit rows`);
    const text = JSON.stringify(rows);
    assert.ok(
      text.includes('ana@example.com') && text.includes('ana cli'),
      'the search runs over the real rows',
    );
    const hashes = await server.keel.database.db.selectFrom('users').select('password_hash').execute();
    const all: Record<string, string> = { ...secrets };
    hashes.forEach((h, i) => {
      if (h.password_hash) all[`passwordHash${i}`] = h.password_hash;
    });
    assert.equal(Object.keys(all).length, 19, Object.keys(all).join(', '));
    for (const [what, value] of Object.entries(all)) {
      const bare = value.replace(/^keel_session=/, '');
      assert.ok(bare.length >= 10, `${what} is too short to search for`);
      assert.ok(!text.includes(bare), `the audit log holds the ${what}`);
    }
    assert.ok(!text.includes('scrypt$'), 'no password hash of any kind');
  });
});
