import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newId } from '../../src/lib/ids.js';
import { countUsers, roles, type Role, type UserView } from '../../src/modules/users/index.js';
import { insertUser } from '../../src/modules/users/users.repository.js';
import {
  assertApiError,
  assertStatus,
  issuesOf,
  ownerCredentials,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as, login, type Session } from '../helpers/server.js';

/** /api/v1/users: create, read, list, change, delete; who may do what; the last owner stays. */
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

describeEachDialect('users API', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(async () => {
    await api.close();
  });

  const post = (session: Session, payload: object) =>
    api.app.inject({ method: 'POST', url: '/api/v1/users', headers: as(session), payload });
  const patch = (session: Session, id: string, payload: object) =>
    api.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: as(session), payload });
  const del = (session: Session, id: string) =>
    api.app.inject({ method: 'DELETE', url: `/api/v1/users/${id}`, headers: as(session) });

  test('create without a password answers 201 with an invite link that sets the password', async () => {
    const res = await post(api.owner, {
      email: '  Rita.Responder@Example.COM ',
      name: ' Rita Responder ',
      timeZone: 'Europe/Berlin',
    });
    assertStatus(res, 201);
    const body = res.json<{ user: UserView; inviteUrl: string | null }>();
    assert.deepEqual(Object.keys(body).sort(), ['inviteUrl', 'user']);
    assert.deepEqual(Object.keys(body.user).sort(), userViewKeys);
    assert.equal(body.user.email, 'rita.responder@example.com');
    assert.equal(body.user.name, 'Rita Responder');
    assert.equal(body.user.role, 'responder', 'the default role');
    assert.equal(body.user.timeZone, 'Europe/Berlin');
    assert.equal(body.user.disabled, false);
    assert.equal(body.user.isSample, false);
    assert.equal(body.user.createdAt, '2026-03-01T09:00:00.000Z');
    assert.ok(body.inviteUrl);
    const url = new URL(body.inviteUrl);
    assert.equal(url.origin, 'http://keel.test');
    assert.equal(url.pathname, '/reset-password');
    const token = url.searchParams.get('token');
    assert.ok(token && token.length >= 20);

    const noPassword = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'rita.responder@example.com', password: 'a new password 1' },
    });
    assertApiError(noPassword, 401, 'invalid_credentials');

    const set = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token, newPassword: 'a new password 1' },
    });
    assertStatus(set, 204);
    const session = await login(api.app, 'rita.responder@example.com', 'a new password 1');
    assert.equal(session.userId, body.user.id);

    const again = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/complete',
      payload: { token, newPassword: 'another password 2' },
    });
    assertApiError(again, 410, 'gone');
  });

  test('create with a password answers no invite link, and the password signs in', async () => {
    const res = await post(api.owner, {
      email: 'ada@example.com',
      name: 'Ada Admin',
      role: 'admin',
      password: 'ada password 123',
    });
    assertStatus(res, 201);
    const body = res.json<{ user: UserView; inviteUrl: string | null }>();
    assert.equal(body.inviteUrl, null);
    assert.equal(body.user.role, 'admin');
    assert.equal(body.user.timeZone, 'UTC', 'the default time zone');
    const session = await login(api.app, 'ada@example.com', 'ada password 123');
    assert.equal(session.userId, body.user.id);
  });

  test('get answers the user, 404 for an unknown id', async () => {
    const created = (await post(api.owner, { email: 'gina@example.com', name: 'Gina Get' })).json<{
      user: UserView;
    }>().user;
    const res = await api.app.inject({ url: `/api/v1/users/${created.id}`, headers: as(api.owner) });
    assertStatus(res, 200);
    assert.deepEqual(res.json(), created);

    const missing = await api.app.inject({
      url: '/api/v1/users/01000000-0000-7000-8000-000000000000',
      headers: as(api.owner),
    });
    const error = assertApiError(missing, 404, 'not_found');
    assert.deepEqual(error.details, { id: '01000000-0000-7000-8000-000000000000' });
  });

  test('a duplicate e-mail is 409 already_exists on the email field, whatever its case', async () => {
    await post(api.owner, { email: 'dup@example.com', name: 'First' });
    const res = await post(api.owner, { email: 'DUP@example.com', name: 'Second' });
    const error = assertApiError(res, 409, 'already_exists');
    assert.deepEqual(
      issuesOf(error).map((i) => i.path),
      [['email']],
    );

    const other = (await post(api.owner, { email: 'other@example.com', name: 'Other' })).json<{
      user: UserView;
    }>().user;
    const rename = await patch(api.owner, other.id, { email: 'dup@example.com' });
    const error2 = assertApiError(rename, 409, 'already_exists');
    assert.deepEqual(
      issuesOf(error2).map((i) => i.path),
      [['email']],
    );
    assert.equal(
      (await api.app.inject({ url: `/api/v1/users/${other.id}`, headers: as(api.owner) })).json<UserView>()
        .email,
      'other@example.com',
    );
  });

  test('update changes the given fields only; delete answers 204 and then 404', async () => {
    const u = (await post(api.owner, { email: 'upd@example.com', name: 'Una Update', role: 'viewer' })).json<{
      user: UserView;
    }>().user;
    api.clock.advance(60_000);
    const res = await patch(api.owner, u.id, {
      name: 'Una Updated',
      role: 'stakeholder',
      timeZone: 'Asia/Tokyo',
    });
    assertStatus(res, 200);
    const updated = res.json<UserView>();
    assert.deepEqual(updated, {
      ...u,
      name: 'Una Updated',
      role: 'stakeholder',
      timeZone: 'Asia/Tokyo',
      updatedAt: new Date(api.clock.now()).toISOString(),
    });

    const badZone = await patch(api.owner, u.id, { timeZone: 'Mars/Olympus' });
    const error = assertApiError(badZone, 400, 'validation_failed');
    assert.deepEqual(
      issuesOf(error).map((i) => i.path),
      [['timeZone']],
    );

    assertStatus(await del(api.owner, u.id), 204);
    assertApiError(
      await api.app.inject({ url: `/api/v1/users/${u.id}`, headers: as(api.owner) }),
      404,
      'not_found',
    );
    assertApiError(await del(api.owner, u.id), 404, 'not_found');
    assertApiError(await patch(api.owner, u.id, { name: 'Ghost' }), 404, 'not_found');
  });

  test('authorization by role: everyone reads, only owners and admins create, change and delete', async () => {
    for (const role of roles) {
      const me = await signedIn(api, role);
      const target = (
        await post(api.owner, { email: `target-of-${role}@example.com`, name: `Target of ${role}` })
      ).json<{ user: UserView }>().user;

      const list = await api.app.inject({ url: '/api/v1/users', headers: as(me) });
      assertStatus(list, 200);
      assertStatus(await api.app.inject({ url: `/api/v1/users/${target.id}`, headers: as(me) }), 200);

      const mayWrite = role === 'owner' || role === 'admin';
      const created = await post(me, { email: `made-by-${role}@example.com`, name: `Made by ${role}` });
      const changed = await patch(me, target.id, { name: `Renamed by ${role}` });
      const deleted = await del(me, target.id);
      if (mayWrite) {
        assertStatus(created, 201);
        assertStatus(changed, 200);
        assertStatus(deleted, 204);
      } else {
        assertApiError(created, 403, 'forbidden');
        assertApiError(changed, 403, 'forbidden');
        assertApiError(deleted, 403, 'forbidden');
        const still = await api.app.inject({ url: `/api/v1/users/${target.id}`, headers: as(api.owner) });
        assert.equal(still.json<UserView>().name, `Target of ${role}`);
        const nobody = await api.app.inject({
          url: `/api/v1/users?q=made-by-${role}`,
          headers: as(api.owner),
        });
        assert.equal(nobody.json<{ total: number }>().total, 0);
      }
    }
  });

  test('only an owner creates, promotes, changes or removes an owner', async () => {
    const admin = await signedIn(api, 'admin');
    assertApiError(
      await post(admin, { email: 'wannabe@example.com', name: 'Wannabe', role: 'owner' }),
      403,
      'forbidden',
    );
    const responder = (await post(admin, { email: 'promote-me@example.com', name: 'Promote Me' })).json<{
      user: UserView;
    }>().user;
    assertApiError(await patch(admin, responder.id, { role: 'owner' }), 403, 'forbidden');
    assertApiError(await patch(admin, api.owner.userId, { name: 'Hijacked' }), 403, 'forbidden');
    assertApiError(await patch(admin, api.owner.userId, { disabled: true }), 403, 'forbidden');
    assertApiError(await del(admin, api.owner.userId), 403, 'forbidden');
    const owner = await api.app.inject({ url: `/api/v1/users/${api.owner.userId}`, headers: as(api.owner) });
    assert.equal(owner.json<UserView>().name, ownerCredentials.name);
    assert.equal(owner.json<UserView>().disabled, false);
    assert.equal(
      (
        await api.app.inject({ url: `/api/v1/users/${responder.id}`, headers: as(api.owner) })
      ).json<UserView>().role,
      'responder',
    );

    const second = await post(api.owner, {
      email: 'second-owner@example.com',
      name: 'Second Owner',
      role: 'owner',
    });
    assertStatus(second, 201);
    assert.equal(second.json<{ user: UserView }>().user.role, 'owner');
    const promoted = await patch(api.owner, responder.id, { role: 'owner' });
    assertStatus(promoted, 200);
    assert.equal(promoted.json<UserView>().role, 'owner');
    // An admin may not demote them either.
    assertApiError(await patch(admin, responder.id, { role: 'responder' }), 403, 'forbidden');
    assertStatus(await patch(api.owner, responder.id, { role: 'responder' }), 200);
    assertStatus(await del(api.owner, second.json<{ user: UserView }>().user.id), 204);
  });

  test('the last active owner cannot be demoted, disabled or deleted (409); a disabled owner does not count', async () => {
    const fresh = await startApi(kind);
    try {
      const o = fresh.owner;
      const p = (id: string, payload: object) =>
        fresh.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: as(o), payload });
      const d = (id: string) =>
        fresh.app.inject({ method: 'DELETE', url: `/api/v1/users/${id}`, headers: as(o) });
      const mk = async (email: string) =>
        (
          await fresh.app.inject({
            method: 'POST',
            url: '/api/v1/users',
            headers: as(o),
            payload: { email, name: email, role: 'owner' },
          })
        ).json<{
          user: UserView;
        }>().user;
      assertApiError(await p(o.userId, { role: 'admin' }), 409, 'conflict');
      assertApiError(await p(o.userId, { disabled: true }), 409, 'conflict');
      assertApiError(await d(o.userId), 409, 'conflict');
      const me = await fresh.app.inject({ url: `/api/v1/users/${o.userId}`, headers: as(o) });
      assert.equal(me.json<UserView>().role, 'owner');
      assert.equal(me.json<UserView>().disabled, false);

      // A disabled owner does not count: the active one is still the last…
      const other = await mk('o2@example.com');
      assertStatus(await p(other.id, { disabled: true }), 200);
      assertApiError(await p(o.userId, { role: 'viewer' }), 409, 'conflict');
      assertApiError(await p(o.userId, { disabled: true }), 409, 'conflict');
      assertApiError(await d(o.userId), 409, 'conflict');
      // …and demoting or deleting a disabled owner leaves the active owner in place, so it is allowed.
      assertStatus(await p(other.id, { role: 'admin' }), 200);
      const third = await mk('o3@example.com');
      assertStatus(await p(third.id, { disabled: true }), 200);
      assertStatus(await d(third.id), 204);

      // With two active owners, one may step down, and then the other is the last.
      assertStatus(await p(other.id, { role: 'owner', disabled: false }), 200);
      const down = await p(o.userId, { role: 'admin' });
      assertStatus(down, 200);
      assert.equal(down.json<UserView>().role, 'admin');
      const lastOwner = await login(fresh.app, ownerCredentials.email, ownerCredentials.password).catch(
        () => null,
      );
      assert.ok(lastOwner, 'the demoted owner still signs in');
      assertApiError(
        await fresh.app.inject({ method: 'DELETE', url: `/api/v1/users/${other.id}`, headers: as(o) }),
        403,
        'forbidden',
      );
    } finally {
      await fresh.close();
    }
  });

  test('two owners demoting each other at once leave one owner (the second is refused)', async () => {
    const fresh = await startApi(kind);
    try {
      const mine = fresh.owner;
      const setRole = (by: Session, id: string, role: Role) =>
        fresh.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: as(by), payload: { role } });
      for (let round = 0; round < 5; round++) {
        const other = await signedIn(fresh, 'owner');
        const results = await Promise.all([
          setRole(mine, other.userId, 'admin'),
          setRole(other, mine.userId, 'admin'),
        ]);
        const owners = await fresh.db.selectFrom('users').select('id').where('role', '=', 'owner').execute();
        const statuses = results.map((r) => r.statusCode);
        assert.equal(owners.length, 1, `round ${round}: ${statuses.join(', ')} left no owner`);
        // The loser gets 409 when both requests passed authorization as owners, or 403 when the
        // winner's demotion committed before the loser's request was authorized (it is an admin now).
        const sorted = [...statuses].sort();
        assert.equal(sorted[0], 200, `round ${round}: ${statuses.join(', ')}`);
        assert.ok(sorted[1] === 409 || sorted[1] === 403, `round ${round}: ${statuses.join(', ')}`);
        if (owners[0]!.id !== mine.userId) {
          // Back to one owner, the fixture's, for the next round.
          assertStatus(await setRole(other, mine.userId, 'owner'), 200);
          assertStatus(await setRole(mine, other.userId, 'admin'), 200);
        }
      }
    } finally {
      await fresh.close();
    }
  });

  test('disabling a user ends their sessions and stops their API keys; enabling again does not revive sessions', async () => {
    const victim = await signedIn(api, 'responder');
    const other = await signedIn(api, 'responder');
    assertStatus(await api.app.inject({ url: '/api/v1/me', headers: as(victim) }), 200);
    const made = await api.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(victim),
      payload: { name: 'mine', scopes: ['read'] },
    });
    assertStatus(made, 201);
    const key = { authorization: `Bearer ${made.json<{ key: string }>().key}` };
    assertStatus(await api.app.inject({ url: '/api/v1/me', headers: key }), 200);
    const res = await patch(api.owner, victim.userId, { disabled: true });
    assertStatus(res, 200);
    assert.equal(res.json<UserView>().disabled, true);
    assertApiError(await api.app.inject({ url: '/api/v1/me', headers: as(victim) }), 401, 'unauthenticated');
    assertApiError(await api.app.inject({ url: '/api/v1/me', headers: key }), 401, 'unauthenticated');
    const left = await api.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', victim.userId)
      .execute();
    assert.equal(left.length, 0, 'the session rows are gone');
    assertStatus(await api.app.inject({ url: '/api/v1/me', headers: as(other) }), 200);

    assertStatus(await patch(api.owner, victim.userId, { disabled: false }), 200);
    assertApiError(await api.app.inject({ url: '/api/v1/me', headers: as(victim) }), 401, 'unauthenticated');
  });

  test('q matches %, _ and \\ as themselves', async () => {
    for (const [email, name] of [
      ['dee_dee@wild.example.net', 'Dee Underscore'],
      ['deexdee@wild.example.net', 'Dee Lookalike'],
      ['pct@wild.example.net', 'Sale 50% Off'],
      ['slash@wild.example.net', 'Back\\Slash'],
    ]) {
      assertStatus(await post(api.owner, { email, name }), 201);
    }
    const find = async (q: string) =>
      (await api.app.inject({ url: `/api/v1/users?q=${encodeURIComponent(q)}`, headers: as(api.owner) }))
        .json<{ items: UserView[] }>()
        .items.map((u) => u.email);
    assert.deepEqual(await find('DEE_DEE'), ['dee_dee@wild.example.net']);
    assert.deepEqual(await find('50%'), ['pct@wild.example.net']);
    assert.deepEqual(await find('50% off'), ['pct@wild.example.net']);
    assert.deepEqual(await find('k\\s'), ['slash@wild.example.net']);
    assert.deepEqual(await find('e_d'), ['dee_dee@wild.example.net']);
    assert.deepEqual(await find('%'), ['pct@wild.example.net']);
  });

  test('q ignores case beyond ASCII, the same on both databases', async () => {
    assertStatus(await post(api.owner, { email: 'elodie@accents.example.net', name: 'Élodie Ünal' }), 201);
    for (const q of ['élodie', 'ÉLODIE', 'ünal', 'ÜNAL', 'Élodie Ü']) {
      const res = await api.app.inject({
        url: `/api/v1/users?q=${encodeURIComponent(q)}`,
        headers: as(api.owner),
      });
      assert.deepEqual(
        res.json<{ items: UserView[] }>().items.map((u) => u.email),
        ['elodie@accents.example.net'],
        q,
      );
    }
  });

  test('list: q matches name or e-mail without regard to case, role filters, cursor pages cover everyone once in order', async () => {
    // Rows written through the repository, without passwords: hashing 120 passwords would take seconds.
    const made: { name: string; role: Role }[] = [];
    const now = api.clock.now();
    await api.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 120; i++) {
        const role = roles[1 + (i % 4)]!;
        // Every tenth name repeats, so ties on name are broken by id, also across page boundaries.
        const name = i % 10 === 0 ? 'Pat Same' : `Person ${String(119 - i).padStart(3, '0')}`;
        await insertUser(trx, {
          id: newId(now),
          email: `p${i}@people.example.org`,
          name,
          time_zone: 'UTC',
          role,
          password_hash: null,
          totp_secret: null,
          totp_enabled: 0,
          totp_last_step: null,
          disabled: 0,
          is_sample: 0,
          created_at: now,
          updated_at: now,
        });
        made.push({ name, role });
      }
    });
    const expectedTotal = await countUsers(api.db);
    assert.ok(expectedTotal > 120);

    const all: UserView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/users?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api.app.inject({ url, headers: as(api.owner) });
      assertStatus(res, 200);
      const page = res.json<{ items: UserView[]; nextCursor: string | null; total: number }>();
      assert.equal(page.total, expectedTotal, 'total counts every user, not the page');
      assert.equal(page.items.length, page.nextCursor ? 50 : expectedTotal - 50 * pages);
      all.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, Math.ceil(expectedTotal / 50));
    assert.equal(all.length, expectedTotal);
    assert.equal(new Set(all.map((u) => u.id)).size, expectedTotal, 'nobody twice');
    const inDb = await api.db.selectFrom('users').select('id').execute();
    assert.deepEqual(new Set(all.map((u) => u.id)), new Set(inDb.map((u) => u.id)), 'everybody once');
    const cmp = (a: UserView, b: UserView) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    assert.deepEqual(
      all.map((u) => u.id),
      [...all].sort(cmp).map((u) => u.id),
      'ordered by name, then id',
    );
    assert.equal(all.filter((u) => u.name === 'Pat Same').length, 12);

    // A page that ends exactly at the last user has no next cursor.
    const exact = await api.app.inject({
      url: `/api/v1/users?limit=${expectedTotal}`,
      headers: as(api.owner),
    });
    assert.equal(exact.json<{ items: unknown[]; nextCursor: string | null }>().items.length, expectedTotal);
    assert.equal(exact.json<{ nextCursor: string | null }>().nextCursor, null);

    const inPeople = (u: UserView) => u.email.endsWith('@people.example.org');
    const byRole = await api.app.inject({
      url: '/api/v1/users?role=stakeholder&limit=500',
      headers: as(api.owner),
    });
    const stakeholders = byRole.json<{ items: UserView[]; total: number }>();
    assert.equal(stakeholders.items.length, stakeholders.total);
    assert.ok(stakeholders.items.every((u) => u.role === 'stakeholder'));
    assert.equal(
      stakeholders.items.filter(inPeople).length,
      made.filter((m) => m.role === 'stakeholder').length,
    );

    const byName = await api.app.inject({ url: '/api/v1/users?q=PERSON%2000', headers: as(api.owner) });
    const names = byName.json<{ items: UserView[]; total: number }>();
    const expectedNames = made
      .map((m) => m.name)
      .filter((n) => n.startsWith('Person 00'))
      .sort();
    assert.equal(expectedNames.length, 9);
    assert.deepEqual(
      names.items.map((u) => u.name),
      expectedNames,
    );
    assert.equal(names.total, 9);

    const byEmail = await api.app.inject({ url: '/api/v1/users?q=P11%40People', headers: as(api.owner) });
    assert.deepEqual(
      byEmail.json<{ items: UserView[] }>().items.map((u) => u.email),
      ['p11@people.example.org'],
    );

    const combined = await api.app.inject({
      url: '/api/v1/users?q=pat%20same&role=admin',
      headers: as(api.owner),
    });
    const c = combined.json<{ items: UserView[]; total: number }>();
    assert.ok(c.total > 0);
    assert.equal(c.total, made.filter((m) => m.name === 'Pat Same' && m.role === 'admin').length);
    assert.ok(c.items.every((u) => u.name === 'Pat Same' && u.role === 'admin'));

    const none = await api.app.inject({ url: '/api/v1/users?q=nobody-like-this', headers: as(api.owner) });
    assert.deepEqual(none.json(), { items: [], nextCursor: null, total: 0 });

    assertApiError(
      await api.app.inject({ url: '/api/v1/users?cursor=not-a-cursor', headers: as(api.owner) }),
      400,
      'validation_failed',
    );
    const badRole = await api.app.inject({ url: '/api/v1/users?role=king', headers: as(api.owner) });
    assert.deepEqual(
      issuesOf(assertApiError(badRole, 400, 'validation_failed')).map((i) => i.path),
      [['role']],
    );
    assertApiError(
      await api.app.inject({ url: '/api/v1/users?limit=501', headers: as(api.owner) }),
      400,
      'validation_failed',
    );
    assertApiError(
      await api.app.inject({ url: '/api/v1/users?limit=0', headers: as(api.owner) }),
      400,
      'validation_failed',
    );
  });
});
