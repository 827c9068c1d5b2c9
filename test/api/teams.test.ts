import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemActor } from '../../src/lib/context.js';
import { createTeam, roles, type TeamView, type UserView } from '../../src/modules/users/index.js';
import {
  assertApiError,
  assertStatus,
  issuesOf,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as, type Session } from '../helpers/server.js';

/** /api/v1/teams: CRUD, members, who may do what, pagination. */
interface TeamDetail extends TeamView {
  members: { user: UserView; role: 'member' | 'manager'; joinedAt: string }[];
}
const teamViewKeys = ['createdAt', 'description', 'id', 'isSample', 'memberCount', 'name', 'updatedAt'];
const unknownId = '01000000-0000-7000-8000-000000000000';

describeEachDialect('teams API', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(async () => {
    await api.close();
  });

  const create = (s: Session, payload: object) =>
    api.app.inject({ method: 'POST', url: '/api/v1/teams', headers: as(s), payload });
  const get = (s: Session, id: string) => api.app.inject({ url: `/api/v1/teams/${id}`, headers: as(s) });
  const patch = (s: Session, id: string, payload: object) =>
    api.app.inject({ method: 'PATCH', url: `/api/v1/teams/${id}`, headers: as(s), payload });
  const del = (s: Session, id: string) =>
    api.app.inject({ method: 'DELETE', url: `/api/v1/teams/${id}`, headers: as(s) });
  const putMember = (s: Session, id: string, userId: string, payload: object = {}) =>
    api.app.inject({ method: 'PUT', url: `/api/v1/teams/${id}/members/${userId}`, headers: as(s), payload });
  const delMember = (s: Session, id: string, userId: string) =>
    api.app.inject({ method: 'DELETE', url: `/api/v1/teams/${id}/members/${userId}`, headers: as(s) });

  test('create, get, update and delete a team', async () => {
    const res = await create(api.owner, { name: '  Platform  ', description: 'Databases and queues' });
    assertStatus(res, 201);
    const team = res.json<TeamView>();
    assert.deepEqual(Object.keys(team).sort(), teamViewKeys);
    assert.equal(team.name, 'Platform');
    assert.equal(team.description, 'Databases and queues');
    assert.equal(team.memberCount, 0);
    assert.equal(team.isSample, false);
    assert.equal(team.createdAt, '2026-03-01T09:00:00.000Z');

    const noDescription = await create(api.owner, { name: 'Payments' });
    assertStatus(noDescription, 201);
    assert.equal(noDescription.json<TeamView>().description, '');

    const detail = await get(api.owner, team.id);
    assertStatus(detail, 200);
    assert.deepEqual(detail.json(), { ...team, members: [] });

    api.clock.advance(1000);
    const updated = await patch(api.owner, team.id, { name: 'Platform Ops' });
    assertStatus(updated, 200);
    assert.deepEqual(updated.json(), {
      ...team,
      name: 'Platform Ops',
      updatedAt: '2026-03-01T09:00:01.000Z',
    });
    const described = await patch(api.owner, team.id, { description: '' });
    assert.equal(described.json<TeamView>().description, '');
    assert.equal(described.json<TeamView>().name, 'Platform Ops');

    assertStatus(await del(api.owner, team.id), 204);
    assertApiError(await get(api.owner, team.id), 404, 'not_found');
    assertApiError(await del(api.owner, team.id), 404, 'not_found');
    assertApiError(await patch(api.owner, team.id, { name: 'Ghost' }), 404, 'not_found');
  });

  test('a duplicate name is 409 already_exists on the name field, on create and on rename', async () => {
    assertStatus(await create(api.owner, { name: 'Support' }), 201);
    const dup = await create(api.owner, { name: 'Support' });
    assert.deepEqual(
      issuesOf(assertApiError(dup, 409, 'already_exists')).map((i) => i.path),
      [['name']],
    );
    const other = (await create(api.owner, { name: 'Support 2' })).json<TeamView>();
    const rename = await patch(api.owner, other.id, { name: 'Support' });
    assert.deepEqual(
      issuesOf(assertApiError(rename, 409, 'already_exists')).map((i) => i.path),
      [['name']],
    );
    assert.equal((await get(api.owner, other.id)).json<TeamView>().name, 'Support 2');

    const empty = await create(api.owner, { name: '   ' });
    assert.deepEqual(
      issuesOf(assertApiError(empty, 400, 'validation_failed')).map((i) => i.path),
      [['name']],
    );
  });

  test('members: add, change role, remove; memberCount and the detail follow', async () => {
    const team = (await create(api.owner, { name: 'Members Team' })).json<TeamView>();
    const zed = await signedIn(api, 'responder', { name: 'Zed Zulu' });
    const amy = await signedIn(api, 'viewer', { name: 'Amy Alpha' });

    api.clock.advance(5000);
    const added = await putMember(api.owner, team.id, zed.userId);
    assertStatus(added, 200);
    const d1 = added.json<TeamDetail>();
    assert.equal(d1.memberCount, 1);
    assert.deepEqual(d1.members, [
      { user: zed.user, role: 'member', joinedAt: new Date(api.clock.now()).toISOString() },
    ]);

    const manager = await putMember(api.owner, team.id, amy.userId, { role: 'manager' });
    assertStatus(manager, 200);
    const d2 = manager.json<TeamDetail>();
    assert.equal(d2.memberCount, 2);
    assert.deepEqual(
      d2.members.map((m) => [m.user.name, m.role]),
      [
        ['Amy Alpha', 'manager'],
        ['Zed Zulu', 'member'],
      ],
      'members ordered by name',
    );

    const promoted = await putMember(api.owner, team.id, zed.userId, { role: 'manager' });
    assertStatus(promoted, 200);
    assert.equal(promoted.json<TeamDetail>().memberCount, 2);
    assert.equal(promoted.json<TeamDetail>().members.find((m) => m.user.id === zed.userId)?.role, 'manager');
    // The same role again changes nothing.
    const same = await putMember(api.owner, team.id, zed.userId, { role: 'manager' });
    assertStatus(same, 200);
    assert.deepEqual(same.json(), promoted.json());

    const listed = await api.app.inject({ url: '/api/v1/teams?q=Members%20Team', headers: as(api.owner) });
    assert.equal(listed.json<{ items: TeamView[] }>().items[0]?.memberCount, 2);

    assertStatus(await delMember(api.owner, team.id, amy.userId), 204);
    const after1 = (await get(api.owner, team.id)).json<TeamDetail>();
    assert.equal(after1.memberCount, 1);
    assert.deepEqual(
      after1.members.map((m) => m.user.id),
      [zed.userId],
    );
    assertApiError(await delMember(api.owner, team.id, amy.userId), 404, 'not_found');

    const badRole = await putMember(api.owner, team.id, amy.userId, { role: 'captain' });
    assert.deepEqual(
      issuesOf(assertApiError(badRole, 400, 'validation_failed')).map((i) => i.path),
      [['role']],
    );

    // Deleting a user takes them out of their teams.
    assertStatus(
      await api.app.inject({ method: 'DELETE', url: `/api/v1/users/${zed.userId}`, headers: as(api.owner) }),
      204,
    );
    const after2 = (await get(api.owner, team.id)).json<TeamDetail>();
    assert.equal(after2.memberCount, 0);
    assert.deepEqual(after2.members, []);
  });

  test('404 for an unknown team or user, and nothing is added', async () => {
    const team = (await create(api.owner, { name: 'Lonely' })).json<TeamView>();
    const user = await signedIn(api, 'responder');
    const e1 = assertApiError(await putMember(api.owner, unknownId, user.userId), 404, 'not_found');
    assert.match(e1.message, /^Team/);
    const e2 = assertApiError(await putMember(api.owner, team.id, unknownId), 404, 'not_found');
    assert.match(e2.message, /^User/);
    assertApiError(await delMember(api.owner, unknownId, user.userId), 404, 'not_found');
    assertApiError(await delMember(api.owner, team.id, unknownId), 404, 'not_found');
    assertApiError(await get(api.owner, unknownId), 404, 'not_found');
    assert.equal((await get(api.owner, team.id)).json<TeamDetail>().memberCount, 0);
    const rows = await api.db
      .selectFrom('team_members')
      .select('user_id')
      .where('team_id', '=', unknownId)
      .execute();
    assert.equal(rows.length, 0);
  });

  test('authorization by role: everyone reads, only owners and admins change teams and members', async () => {
    const member = await signedIn(api, 'viewer');
    for (const role of roles) {
      const me = await signedIn(api, role);
      const team = (await create(api.owner, { name: `Team for ${role}` })).json<TeamView>();
      assertStatus(await api.app.inject({ url: '/api/v1/teams', headers: as(me) }), 200);
      assertStatus(await get(me, team.id), 200);

      const results = {
        create: await create(me, { name: `Made by ${role}` }),
        update: await patch(me, team.id, { description: `changed by ${role}` }),
        addMember: await putMember(me, team.id, member.userId),
      };
      if (role === 'owner' || role === 'admin') {
        assertStatus(results.create, 201);
        assertStatus(results.update, 200);
        assertStatus(results.addMember, 200);
        assertStatus(await delMember(me, team.id, member.userId), 204);
        assertStatus(await del(me, team.id), 204);
      } else {
        for (const res of Object.values(results)) assertApiError(res, 403, 'forbidden');
        // A member added by the owner cannot be removed by them either.
        assertStatus(await putMember(api.owner, team.id, member.userId), 200);
        assertApiError(await delMember(me, team.id, member.userId), 403, 'forbidden');
        assertApiError(await del(me, team.id), 403, 'forbidden');
        const still = (await get(api.owner, team.id)).json<TeamDetail>();
        assert.equal(still.description, '');
        assert.equal(still.memberCount, 1);
        const none = await api.app.inject({
          url: `/api/v1/teams?q=${encodeURIComponent(`Made by ${role}`)}`,
          headers: as(api.owner),
        });
        assert.equal(none.json<{ total: number }>().total, 0);
      }
    }
    assertApiError(await api.app.inject({ url: '/api/v1/teams' }), 401, 'unauthenticated');
  });

  test('q ignores case beyond ASCII, the same on both databases', async () => {
    assertStatus(await create(api.owner, { name: 'Équipe Öl' }), 201);
    for (const q of ['équipe', 'ÉQUIPE', 'öl', 'e öl']) {
      const res = await api.app.inject({
        url: `/api/v1/teams?q=${encodeURIComponent(q)}`,
        headers: as(api.owner),
      });
      assert.deepEqual(
        res.json<{ items: TeamView[] }>().items.map((t) => t.name),
        ['Équipe Öl'],
        q,
      );
    }
  });

  test('q matches %, _ and \\ as themselves', async () => {
    for (const name of ['Ops_EU', 'OpsXEU', '100% Uptime', 'Back\\Office'])
      assertStatus(await create(api.owner, { name }), 201);
    const find = async (q: string) =>
      (
        await api.app.inject({ url: `/api/v1/teams?q=${encodeURIComponent(q)}`, headers: as(api.owner) })
      ).json<{ items: TeamView[]; total: number }>();
    assert.deepEqual(
      (await find('ops_eu')).items.map((t) => t.name),
      ['Ops_EU'],
    );
    assert.equal((await find('ops_eu')).total, 1);
    assert.deepEqual(
      (await find('100%')).items.map((t) => t.name),
      ['100% Uptime'],
    );
    assert.deepEqual(
      (await find('k\\o')).items.map((t) => t.name),
      ['Back\\Office'],
    );
    assert.deepEqual(
      (await find('%')).items.map((t) => t.name),
      ['100% Uptime'],
    );
  });

  test('list: q filters by name, cursor pages cover every team once in name order, total is right', async () => {
    for (let i = 0; i < 23; i++) {
      await createTeam(api.ctx, systemActor, {
        name: `Squad ${String(22 - i).padStart(2, '0')}`,
        description: '',
      });
    }
    const total = Number(
      (
        await api.db
          .selectFrom('teams')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const seen: TeamView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/teams?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api.app.inject({ url, headers: as(api.owner) });
      assertStatus(res, 200);
      const page = res.json<{ items: TeamView[]; nextCursor: string | null; total: number }>();
      assert.equal(page.total, total);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, Math.ceil(total / 7));
    assert.equal(seen.length, total);
    assert.equal(new Set(seen.map((t) => t.id)).size, total);
    const names = seen.map((t) => t.name);
    assert.deepEqual(names, [...names].sort());

    const squads = await api.app.inject({
      url: '/api/v1/teams?q=squad%201&limit=500',
      headers: as(api.owner),
    });
    const body = squads.json<{ items: TeamView[]; total: number; nextCursor: string | null }>();
    assert.deepEqual(
      body.items.map((t) => t.name),
      Array.from({ length: 10 }, (_, i) => `Squad 1${i}`),
    );
    assert.equal(body.total, 10);
    assert.equal(body.nextCursor, null);

    assertApiError(
      await api.app.inject({ url: '/api/v1/teams?cursor=bogus', headers: as(api.owner) }),
      400,
      'validation_failed',
    );
    assertApiError(
      await api.app.inject({ url: '/api/v1/teams?limit=abc', headers: as(api.owner) }),
      400,
      'validation_failed',
    );
  });
});
