import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AuditRecord } from '../../src/modules/audit/index.js';
import type { TeamView, UserView } from '../../src/modules/users/index.js';
import {
  assertApiError,
  assertStatus,
  bearer,
  ownerCredentials,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/** GET /api/v1/audit: every change with who, what, before and after; filters; pages; who may read. */
const ownerLabel = `${ownerCredentials.name} <${ownerCredentials.email}>`;
const entryKeys = [
  'action',
  'actor',
  'after',
  'at',
  'before',
  'id',
  'ip',
  'requestId',
  'resourceId',
  'resourceType',
  'via',
];

describeEachDialect('audit API', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(async () => {
    await api.close();
  });

  const audit = async (query: string): Promise<AuditRecord[]> => {
    const res = await api.app.inject({ url: `/api/v1/audit?limit=500&${query}`, headers: as(api.owner) });
    assertStatus(res, 200);
    return res.json<{ items: AuditRecord[] }>().items;
  };
  /** The one entry with this action for this resource. */
  const one = async (action: string, resourceId: string): Promise<AuditRecord> => {
    const items = (await audit(`resourceId=${resourceId}`)).filter((e) => e.action === action);
    assert.equal(items.length, 1, `one ${action} for ${resourceId}, got ${items.length}`);
    return items[0]!;
  };
  /** Sends a change as the owner one second after the previous one, so entries have distinct times. */
  const change = async (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    api.clock.advance(1000);
    const res = await api.app.inject({
      method,
      url,
      headers: { ...as(api.owner), 'x-request-id': `req-${api.clock.now()}` },
      ...(payload && { payload }),
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res;
  };

  test('user changes are recorded with actor, before and after, and never a secret', async () => {
    const created = await change('POST', '/api/v1/users', {
      email: 'sam@example.com',
      name: 'Sam Secret',
      role: 'viewer',
      password: 'sam password 12345',
    });
    const user = created.json<{ user: UserView }>().user;
    const e = await one('user.created', user.id);
    assert.deepEqual(Object.keys(e).sort(), entryKeys);
    assert.deepEqual(e.actor, { id: api.owner.userId, label: ownerLabel });
    assert.equal(e.via, 'session');
    assert.equal(e.resourceType, 'user');
    assert.equal(e.at, new Date(api.clock.now()).toISOString());
    assert.equal(e.requestId, `req-${api.clock.now()}`);
    assert.equal(e.requestId, created.headers['x-request-id']);
    assert.equal(e.ip, '127.0.0.1');
    assert.equal(e.before, null);
    assert.deepEqual(e.after, user);

    await change('PATCH', `/api/v1/users/${user.id}`, { name: 'Sam Changed', role: 'responder' });
    const u = await one('user.updated', user.id);
    assert.deepEqual(u.before, user);
    assert.deepEqual(u.after, { ...user, name: 'Sam Changed', role: 'responder', updatedAt: u.at });

    const invited = await change('POST', '/api/v1/users', { email: 'ivy@example.com', name: 'Ivy Invite' });
    const ivy = invited.json<{ user: UserView }>().user;
    const inv = await one('user.invited', ivy.id);
    assert.deepEqual(inv.actor, { id: api.owner.userId, label: ownerLabel });
    assert.equal((inv.after as { email: string }).email, 'ivy@example.com');

    await change('DELETE', `/api/v1/users/${user.id}`);
    const d = await one('user.deleted', user.id);
    assert.deepEqual(d.before, { ...user, name: 'Sam Changed', role: 'responder', updatedAt: u.at });
    assert.equal(d.after, null);

    const everything = JSON.stringify(await audit(''));
    assert.ok(!everything.includes('sam password 12345'), 'no password in the audit log');
    assert.ok(!/scrypt\$/.test(everything), 'no password hash in the audit log');
    const token = new URL(invited.json<{ inviteUrl: string }>().inviteUrl).searchParams.get('token')!;
    assert.ok(!everything.includes(token), 'no invite token in the audit log');
  });

  test('team and member changes are recorded', async () => {
    const team = (
      await change('POST', '/api/v1/teams', { name: 'Audited', description: 'first' })
    ).json<TeamView>();
    const member = await signedIn(api, 'responder');
    assert.deepEqual((await one('team.created', team.id)).after, team);

    await change('PATCH', `/api/v1/teams/${team.id}`, { description: 'second' });
    const upd = await one('team.updated', team.id);
    assert.equal((upd.before as TeamView).description, 'first');
    assert.equal((upd.after as TeamView).description, 'second');

    await change('PUT', `/api/v1/teams/${team.id}/members/${member.userId}`, { role: 'member' });
    assert.deepEqual((await one('team.member_added', team.id)).after, {
      userId: member.userId,
      role: 'member',
    });
    await change('PUT', `/api/v1/teams/${team.id}/members/${member.userId}`, { role: 'manager' });
    const mu = await one('team.member_updated', team.id);
    assert.deepEqual(mu.before, { userId: member.userId, role: 'member' });
    assert.deepEqual(mu.after, { userId: member.userId, role: 'manager' });
    // Setting the same role again is no change and is not recorded.
    await change('PUT', `/api/v1/teams/${team.id}/members/${member.userId}`, { role: 'manager' });
    await one('team.member_updated', team.id);

    await change('DELETE', `/api/v1/teams/${team.id}/members/${member.userId}`);
    assert.deepEqual((await one('team.member_removed', team.id)).before, {
      userId: member.userId,
      role: 'manager',
    });
    await change('DELETE', `/api/v1/teams/${team.id}`);
    const del = await one('team.deleted', team.id);
    assert.equal((del.before as TeamView).name, 'Audited');

    assert.deepEqual(
      (await audit(`resourceId=${team.id}`)).map((e) => e.action),
      [
        'team.deleted',
        'team.member_removed',
        'team.member_updated',
        'team.member_added',
        'team.updated',
        'team.created',
      ],
      'newest first',
    );
  });

  test('a refused change is not recorded', async () => {
    const viewer = await signedIn(api, 'viewer');
    const before = (await audit('')).length;
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: as(viewer),
      payload: { name: 'Nope' },
    });
    assertApiError(res, 403, 'forbidden');
    const dup = await api.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(api.owner),
      payload: { email: ownerCredentials.email, name: 'Dup' },
    });
    assertApiError(dup, 409, 'already_exists');
    assert.equal((await audit('')).length, before);
  });

  test('a change through an API key names the key', async () => {
    api.clock.advance(1000);
    const made = await api.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(api.owner),
      payload: { name: 'ci-deploy', scopes: ['read', 'write'] },
    });
    assertStatus(made, 201);
    const { key, id: keyId } = made.json<{ key: string; id: string }>();
    const keyEntry = await one('api_key.created', keyId);
    assert.ok(!JSON.stringify(keyEntry).includes(key), 'the key itself is not in the audit log');

    api.clock.advance(1000);
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: bearer(key),
      payload: { name: 'By Key' },
    });
    assertStatus(res, 201);
    const e = await one('team.created', res.json<TeamView>().id);
    assert.equal(e.via, 'api_key');
    assert.deepEqual(e.actor, { id: api.owner.userId, label: `${ownerLabel} via API key "ci-deploy"` });

    // A key may read the audit log too (owner's key with the read scope).
    const read = await api.app.inject({ url: '/api/v1/audit?limit=1', headers: bearer(key) });
    assertStatus(read, 200);
    assert.equal(read.json<{ items: AuditRecord[] }>().items[0]?.id, e.id);
  });

  test('filters: action substring, resourceType, resourceId, actorId', async () => {
    const admin = await signedIn(api, 'admin');
    api.clock.advance(1000);
    const t = await api.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: as(admin),
      payload: { name: 'Admin Team' },
    });
    const teamId = t.json<TeamView>().id;

    const members = await audit('action=member_');
    assert.ok(members.length >= 3);
    assert.ok(members.every((e) => e.action.includes('member_')));
    const created = await audit('action=.created');
    assert.ok(
      created.some((e) => e.action === 'user.created') && created.some((e) => e.action === 'team.created'),
    );
    assert.ok(created.every((e) => e.action.endsWith('.created')));
    assert.deepEqual(await audit('action=no.such.action'), []);
    // LIKE wildcards in the filter are taken literally (removed), not as wildcards.
    assert.deepEqual(await audit('action=%25'), await audit(''));

    const teams = await audit('resourceType=team');
    assert.ok(teams.length > 0 && teams.every((e) => e.resourceType === 'team'));
    assert.deepEqual(await audit('resourceType=nothing'), []);

    assert.deepEqual(
      (await audit(`resourceId=${teamId}`)).map((e) => e.action),
      ['team.created'],
    );
    const byAdmin = await audit(`actorId=${admin.userId}`);
    assert.deepEqual(
      byAdmin.map((e) => [e.action, e.resourceId]),
      [['team.created', teamId]],
    );
    assert.deepEqual(byAdmin[0]?.actor, {
      id: admin.userId,
      label: `${admin.user.name} <${admin.user.email}>`,
    });

    const combined = await audit(`resourceType=team&actorId=${api.owner.userId}&action=member`);
    assert.ok(combined.length >= 3);
    assert.ok(
      combined.every(
        (e) => e.resourceType === 'team' && e.actor.id === api.owner.userId && e.action.includes('member'),
      ),
    );
  });

  test('cursor pages cover every entry once, newest first', async () => {
    const total = Number(
      (
        await api.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    assert.ok(total > 10);
    const seen: AuditRecord[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/audit?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api.app.inject({ url, headers: as(api.owner) });
      assertStatus(res, 200);
      const page = res.json<{ items: AuditRecord[]; nextCursor: string | null }>();
      assert.ok(page.items.length <= 4);
      if (page.nextCursor) assert.equal(page.items.length, 4);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen.map((e) => e.id)).size, total);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      assert.ok(a.at > b.at || (a.at === b.at && a.id > b.id), `entry ${i} is not older than the one before`);
    }
    const filteredPage = await api.app.inject({
      url: '/api/v1/audit?limit=2&resourceType=team',
      headers: as(api.owner),
    });
    const next = filteredPage.json<{ nextCursor: string }>().nextCursor;
    const rest = await api.app.inject({
      url: `/api/v1/audit?limit=500&resourceType=team&cursor=${next}`,
      headers: as(api.owner),
    });
    assert.ok(rest.json<{ items: AuditRecord[] }>().items.every((e) => e.resourceType === 'team'));
    assert.equal(
      rest.json<{ items: AuditRecord[] }>().items.length + 2,
      seen.filter((e) => e.resourceType === 'team').length,
    );

    assertApiError(
      await api.app.inject({ url: '/api/v1/audit?cursor=garbage', headers: as(api.owner) }),
      400,
      'validation_failed',
    );
    // Forged cursors with values no Keel cursor holds (PostgreSQL would fail on the bigint).
    for (const forged of [
      '[1.5,"x"]',
      '[1e400,"x"]',
      '[9223372036854775808,"x"]',
      '["1","x"]',
      '[1,"x\\u0000"]',
      '[1]',
      '{}',
    ]) {
      const c = Buffer.from(forged).toString('base64url');
      const res = await api.app.inject({ url: `/api/v1/audit?cursor=${c}`, headers: as(api.owner) });
      assertApiError(res, 400, 'validation_failed');
    }
    // A users-list cursor ([name, id]) is not an audit cursor ([at, id]).
    const usersPage = await api.app.inject({ url: '/api/v1/users?limit=1', headers: as(api.owner) });
    const wrong = usersPage.json<{ nextCursor: string }>().nextCursor;
    assertApiError(
      await api.app.inject({ url: `/api/v1/audit?cursor=${wrong}`, headers: as(api.owner) }),
      400,
      'validation_failed',
    );
  });

  test('only owners and admins read the audit log', async () => {
    for (const [role, status] of [
      ['admin', 200],
      ['responder', 403],
      ['stakeholder', 403],
      ['viewer', 403],
    ] as const) {
      const s = await signedIn(api, role);
      const res = await api.app.inject({ url: '/api/v1/audit', headers: as(s) });
      if (status === 200) assertStatus(res, 200);
      else assertApiError(res, 403, 'forbidden');
    }
    assertApiError(await api.app.inject({ url: '/api/v1/audit' }), 401, 'unauthenticated');
  });
});
