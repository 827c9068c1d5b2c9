import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { FakeClock } from '../../src/lib/clock.js';
import { describeEachDialect } from '../helpers/db.js';
import { assertError, assertStatus, issuePaths } from '../helpers/http-assert.js';
import { as, login, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';

/**
 * API keys: made once and shown once, stored only as a hash, acting as their maker limited to
 * their scopes, revocable at once, expiring, and listed without the secret.
 */
const password = 'correct horse battery';
const keyViewKeys = [
  'createdAt',
  'expiresAt',
  'id',
  'lastUsedAt',
  'name',
  'prefix',
  'revokedAt',
  'scopes',
  'userId',
];

interface CreatedKey {
  id: string;
  key: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describeEachDialect('api keys', (kind) => {
  const clock = new FakeClock('2026-03-01T09:00:00Z');
  let server: TestServer;
  let app: FastifyInstance;
  let owner: Session;
  let pat: Session;
  let vera: Session;

  async function createKey(s: Session | string, body: object): Promise<CreatedKey> {
    const headers = typeof s === 'string' ? bearer(s) : as(s);
    const res = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: body });
    assertStatus(res, 201);
    return res.json<CreatedKey>();
  }

  before(async () => {
    server = await startTestServer({ kind, clock });
    app = server.app;
    owner = await setupOwner(app, { email: 'owner@example.com', name: 'Olive Owner', password });
    for (const [email, role] of [
      ['pat@example.com', 'responder'],
      ['vera@example.com', 'viewer'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: as(owner),
        payload: { email, name: email.split('@')[0], role, password },
      });
      assertStatus(res, 201);
    }
    [pat, vera] = await Promise.all([
      login(app, 'pat@example.com', password),
      login(app, 'vera@example.com', password),
    ]);
  });
  after(() => server.close());

  test('creating a key answers it once; only its hash is stored', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(owner),
      payload: { name: '  ci deploy ', scopes: ['write', 'read', 'write'] },
    });
    assertStatus(res, 201);
    const created = res.json<CreatedKey>();
    assert.deepEqual(Object.keys(created).sort(), [...keyViewKeys, 'key'].sort());
    assert.match(created.key, /^keel_[\w-]{43}$/);
    assert.equal(created.prefix, created.key.slice(0, 12));
    assert.equal(created.name, 'ci deploy');
    assert.deepEqual(created.scopes, ['read', 'write']);
    assert.equal(created.userId, owner.userId);
    assert.equal(created.createdAt, '2026-03-01T09:00:00.000Z');
    assert.equal(created.lastUsedAt, null);
    assert.equal(created.expiresAt, null);
    assert.equal(created.revokedAt, null);

    const rows = await server.keel.database.db.selectFrom('api_keys').selectAll().execute();
    assert.equal(rows.length, 1);
    const secret = created.key.slice(12);
    for (const [column, value] of Object.entries(rows[0]!)) {
      assert.ok(!String(value).includes(secret), `api_keys.${column} holds the key`);
    }
    assert.match(rows[0]!.key_hash, /^[0-9a-f]{64}$/);

    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: { cookie: owner.cookie },
    });
    assertStatus(list, 200);
    const items = list.json<{ items: Record<string, unknown>[] }>().items;
    assert.equal(items.length, 1);
    assert.deepEqual(Object.keys(items[0]!).sort(), keyViewKeys);
    assert.equal(items[0]!.id, created.id);
    assert.ok(!list.body.includes(secret), 'the list never shows the key');
  });

  test('a Bearer key acts as its user, needs no CSRF token, and records its use', async () => {
    const { key, id } = await createKey(pat, { name: 'pat laptop', scopes: ['read', 'write'] });
    clock.advance(5_000);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(key) });
    assertStatus(me, 200);
    const body = me.json<{ id: string; email: string; via: string; csrfToken: string | null }>();
    assert.equal(body.id, pat.userId);
    assert.equal(body.email, 'pat@example.com');
    assert.equal(body.via, 'api_key');
    assert.equal(body.csrfToken, null);

    const rename = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(key),
      payload: { name: 'Pat via key' },
    });
    assertStatus(rename, 200);
    assert.equal(rename.json<{ name: string }>().name, 'Pat via key');

    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: { cookie: pat.cookie },
    });
    const mine = list.json<{ items: CreatedKey[] }>().items.find((k) => k.id === id)!;
    assert.equal(mine.lastUsedAt, '2026-03-01T09:00:05.000Z');
  });

  test('a read-only key reads but gets 403 insufficient_scope on any change', async () => {
    const { key } = await createKey(owner, { name: 'dashboard', scopes: ['read'] });
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/teams', headers: bearer(key) }), 200);
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/audit', headers: bearer(key) }), 200);

    const team = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: bearer(key),
      payload: { name: 'Read only' },
    });
    const err = assertError(team, 403, 'insufficient_scope');
    assert.deepEqual(err.details, { required: 'write' });
    assertError(
      await app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(key), payload: { name: 'x' } }),
      403,
      'insufficient_scope',
    );
    assertError(
      await app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: bearer(key),
        payload: { name: 'more', scopes: ['write'] },
      }),
      403,
      'insufficient_scope',
    );

    const teams = await app.inject({
      method: 'GET',
      url: '/api/v1/teams',
      headers: { cookie: owner.cookie },
    });
    assert.equal(
      teams.json<{ items: { name: string }[] }>().items.some((t) => t.name === 'Read only'),
      false,
    );
  });

  test('a write-only key cannot read', async () => {
    const { key } = await createKey(owner, { name: 'writer', scopes: ['write'] });
    const err = assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(key) }),
      403,
      'insufficient_scope',
    );
    assert.deepEqual(err.details, { required: 'read' });
  });

  test('a write key can do what its user’s role allows, and the audit log names the key', async () => {
    const { key } = await createKey(owner, { name: 'terraform', scopes: ['read', 'write'] });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: bearer(key),
      payload: { name: 'Made by key' },
    });
    assertStatus(res, 201);
    const teamId = res.json<{ id: string }>().id;

    const audit = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?resourceId=${teamId}`,
      headers: { cookie: owner.cookie },
    });
    const [entry] = audit.json<{
      items: { action: string; via: string; actor: { id: string; label: string } }[];
    }>().items;
    assert.equal(entry?.action, 'team.created');
    assert.equal(entry.via, 'api_key');
    assert.deepEqual(entry.actor, {
      id: owner.userId,
      label: 'Olive Owner <owner@example.com> via API key "terraform"',
    });
  });

  test('a viewer’s key cannot do what a viewer cannot do', async () => {
    const { key } = await createKey(vera, { name: 'vera script', scopes: ['read', 'write'] });
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/teams', headers: bearer(key) }), 200);
    assertError(
      await app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: bearer(key),
        payload: { name: 'Viewer team' },
      }),
      403,
      'forbidden',
    );
    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/audit', headers: bearer(key) }),
      403,
      'forbidden',
    );
    assertError(
      await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(key),
        payload: { email: 'x@example.com', name: 'X', role: 'owner' },
      }),
      403,
      'forbidden',
    );
  });

  test('a key cannot make a key with scopes it does not have', async () => {
    const { key } = await createKey(owner, { name: 'narrow', scopes: ['write'] });
    const wider = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(key),
      payload: { name: 'wider', scopes: ['read', 'write'] },
    });
    const err = assertError(wider, 403, 'insufficient_scope');
    assert.deepEqual(err.details, { required: 'read' });
    const same = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: bearer(key),
      payload: { name: 'same', scopes: ['write'] },
    });
    assertStatus(same, 201);
  });

  test('a revoked key stops working at once', async () => {
    const created = await createKey(pat, { name: 'to revoke', scopes: ['read'] });
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.key) }), 200);

    clock.advance(1_000);
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${created.id}`,
      headers: as(pat),
    });
    assertStatus(res, 204);
    assert.equal(res.body, '');
    const err = assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.key) }),
      401,
      'unauthenticated',
    );
    assert.equal(err.details, null);

    assertStatus(
      await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${created.id}`, headers: as(pat) }),
      204,
    );
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: { cookie: pat.cookie },
    });
    const shown = list.json<{ items: CreatedKey[] }>().items.find((k) => k.id === created.id)!;
    assert.equal(shown.revokedAt, new Date(clock.now()).toISOString(), 'the first revocation time is kept');
  });

  test('people revoke their own keys; owners and admins anyone’s', async () => {
    const ownerKey = await createKey(owner, { name: 'owner only', scopes: ['read'] });
    const patKey = await createKey(pat, { name: 'pat second', scopes: ['read'] });
    const other = await app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${ownerKey.id}`,
      headers: as(pat),
    });
    assertError(other, 404, 'not_found');
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(ownerKey.key) }), 200);
    assertError(
      await app.inject({ method: 'DELETE', url: '/api/v1/api-keys/no-such-key', headers: as(pat) }),
      404,
      'not_found',
    );

    assertStatus(
      await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${patKey.id}`, headers: as(owner) }),
      204,
    );
    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(patKey.key) }),
      401,
      'unauthenticated',
    );
  });

  test('GET lists only your own keys; owners see everyone’s with all=true', async () => {
    const patList = await app.inject({
      method: 'GET',
      url: '/api/v1/api-keys?all=true',
      headers: { cookie: pat.cookie },
    });
    assertStatus(patList, 200);
    const patItems = patList.json<{ items: CreatedKey[] }>().items;
    assert.ok(patItems.length >= 2);
    assert.ok(patItems.every((k) => k.userId === pat.userId));
    for (const k of patItems) assert.deepEqual(Object.keys(k).sort(), keyViewKeys);

    const ownList = await app.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: { cookie: owner.cookie },
    });
    assert.ok(ownList.json<{ items: CreatedKey[] }>().items.every((k) => k.userId === owner.userId));
    const all = await app.inject({
      method: 'GET',
      url: '/api/v1/api-keys?all=true',
      headers: { cookie: owner.cookie },
    });
    const users = new Set(all.json<{ items: CreatedKey[] }>().items.map((k) => k.userId));
    assert.deepEqual(users, new Set([owner.userId, pat.userId, vera.userId]));
  });

  test('unknown, malformed and oddly sent credentials are 401 unauthenticated', async () => {
    const { key } = await createKey(owner, { name: 'real', scopes: ['read'] });
    const headers: Record<string, string>[] = [
      bearer(`keel_${'A'.repeat(43)}`),
      bearer(`${key}x`),
      bearer(key.slice(0, -1)),
      bearer('not-a-keel-key'),
      bearer(`keel_${'a'.repeat(200)}`),
      { authorization: 'Bearer' },
      { authorization: `Bearer ${key} extra` },
      { authorization: `Basic ${Buffer.from('owner@example.com:correct horse battery').toString('base64')}` },
      { authorization: key },
      // A bad key is not rescued by a good cookie.
      { ...bearer(`keel_${'B'.repeat(43)}`), cookie: owner.cookie },
    ];
    for (const h of headers) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: h });
      assertError(res, 401, 'unauthenticated');
    }
  });

  test('a key with an expiry stops working then; an expiry in the past is refused', async () => {
    const inAnHour = new Date(clock.now() + 3_600_000).toISOString();
    const created = await createKey(owner, { name: 'temporary', scopes: ['read'], expiresAt: inAnHour });
    assert.equal(created.expiresAt, inAnHour);
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.key) }), 200);
    clock.advance(3_600_000);
    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.key) }),
      401,
      'unauthenticated',
    );

    const past = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(owner),
      payload: { name: 'stale', scopes: ['read'], expiresAt: new Date(clock.now() - 1).toISOString() },
    });
    assert.deepEqual(issuePaths(assertError(past, 400, 'validation_failed').details), [['expiresAt']]);
    const none = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(owner),
      payload: { name: 'empty', scopes: [] },
    });
    assert.deepEqual(issuePaths(assertError(none, 400, 'validation_failed').details), [['scopes']]);
  });

  test('a disabled user’s keys stop working', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(owner),
      payload: { email: 'dan@example.com', name: 'Dan', role: 'responder', password },
    });
    const danId = res.json<{ user: { id: string } }>().user.id;
    const dan = await login(app, 'dan@example.com', password);
    const { key } = await createKey(dan, { name: 'dan key', scopes: ['read'] });
    assertStatus(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(key) }), 200);
    assertStatus(
      await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${danId}`,
        headers: as(owner),
        payload: { disabled: true },
      }),
      200,
    );
    assertError(
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(key) }),
      401,
      'unauthenticated',
    );
  });
});
