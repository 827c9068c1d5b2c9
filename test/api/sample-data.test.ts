import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AuditRecord } from '../../src/modules/audit/index.js';
import type { TeamView, UserView } from '../../src/modules/users/index.js';
import {
  assertApiError,
  assertStatus,
  rowCounts,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { emptySampleStatus, loadedSampleStatus } from '../helpers/sample-data.js';
import { as } from '../helpers/server.js';

/** /api/v1/sample-data: load (idempotent), status, removal of exactly the sample rows. */
describeEachDialect('sample data API', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(async () => {
    await api.close();
  });

  const status = () => api.app.inject({ url: '/api/v1/sample-data', headers: as(api.owner) });
  const load = () => api.app.inject({ method: 'POST', url: '/api/v1/sample-data', headers: as(api.owner) });
  const remove = () =>
    api.app.inject({ method: 'DELETE', url: '/api/v1/sample-data', headers: as(api.owner) });
  const users = async () =>
    (await api.app.inject({ url: '/api/v1/users?limit=500', headers: as(api.owner) })).json<{
      items: UserView[];
    }>().items;
  const teams = async () =>
    (await api.app.inject({ url: '/api/v1/teams?limit=500', headers: as(api.owner) })).json<{
      items: TeamView[];
    }>().items;

  test('load is marked, idempotent, audited; removal takes exactly the sample rows', async () => {
    const s0 = await status();
    assertStatus(s0, 200);
    assert.deepEqual(s0.json(), emptySampleStatus);

    // Real rows, one of them a member of a sample team later.
    const real = (
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: as(api.owner),
        payload: { email: 'real@example.com', name: 'Real Person' },
      })
    ).json<{ user: UserView }>().user;
    const realTeam = (
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: as(api.owner),
        payload: { name: 'Real Team' },
      })
    ).json<TeamView>();
    assertStatus(
      await api.app.inject({
        method: 'PUT',
        url: `/api/v1/teams/${realTeam.id}/members/${real.id}`,
        headers: as(api.owner),
        payload: {},
      }),
      200,
    );
    const realUsers = await users();
    const realTeams = await teams();

    api.clock.advance(1000);
    const first = await load();
    assertStatus(first, 201);
    assert.deepEqual(first.json(), loadedSampleStatus);

    const sampleUsers = (await users()).filter((u) => u.isSample);
    const sampleTeams = (await teams()).filter((t) => t.isSample);
    assert.equal(sampleUsers.length, 7);
    assert.equal(sampleTeams.length, 3);
    for (const row of [...sampleUsers, ...sampleTeams])
      assert.match(row.name, /^Sample\b/, `${row.name} is marked`);
    assert.ok(sampleUsers.every((u) => u.email.endsWith('@example.com')));
    assert.ok(!sampleUsers.some((u) => u.role === 'owner'), 'no sample owner');
    assert.deepEqual(
      sampleTeams.map((t) => [t.name, t.memberCount]),
      [
        ['Sample · Customer Support', 3],
        ['Sample · Payments', 2],
        ['Sample · Platform', 3],
      ],
    );
    const withPassword = await api.db
      .selectFrom('users')
      .select('id')
      .where('is_sample', '=', 1)
      .where('password_hash', 'is not', null)
      .execute();
    assert.equal(withPassword.length, 0, 'nobody can sign in as a sample user');
    // The real rows are untouched.
    assert.deepEqual(
      (await users()).filter((u) => !u.isSample),
      realUsers,
    );
    assert.deepEqual(
      (await teams()).filter((t) => !t.isSample),
      realTeams,
    );

    // Loading again adds nothing.
    const counts = await rowCounts(api.db);
    api.clock.advance(1000);
    const second = await load();
    assertStatus(second, 201);
    assert.deepEqual(second.json(), first.json());
    const counts2 = await rowCounts(api.db);
    assert.deepEqual({ ...counts2, audit_log: 0 }, { ...counts, audit_log: 0 });
    assert.equal(counts2.audit_log, counts.audit_log + 1, 'only the load itself is recorded');
    assert.deepEqual(
      (await users()).filter((u) => u.isSample).map((u) => u.id),
      sampleUsers.map((u) => u.id),
    );

    // A real person joins a sample team; removal drops the team, not the person.
    const platform = sampleTeams.find((t) => t.name.includes('Platform'))!;
    assertStatus(
      await api.app.inject({
        method: 'PUT',
        url: `/api/v1/teams/${platform.id}/members/${real.id}`,
        headers: as(api.owner),
        payload: {},
      }),
      200,
    );

    api.clock.advance(1000);
    const removed = await remove();
    assertStatus(removed, 204);
    assert.equal(removed.body, '');
    assert.deepEqual((await status()).json(), emptySampleStatus);
    assert.deepEqual(await users(), realUsers);
    assert.deepEqual(await teams(), realTeams);
    const leftovers = await api.db
      .selectFrom('team_members')
      .select('team_id')
      .where(
        'user_id',
        'in',
        sampleUsers.map((u) => u.id),
      )
      .execute();
    assert.equal(leftovers.length, 0);

    // Removing when nothing is loaded is fine and removes nothing.
    api.clock.advance(1000);
    assertStatus(await remove(), 204);
    assert.deepEqual(await users(), realUsers);

    const log = (
      await api.app.inject({ url: '/api/v1/audit?resourceType=sample_data', headers: as(api.owner) })
    ).json<{ items: AuditRecord[] }>().items;
    assert.deepEqual(
      log.map((e) => [e.action, e.after]),
      [
        ['sample_data.removed', { removed: 0 }],
        ['sample_data.removed', { removed: 31 }],
        ['sample_data.loaded', null],
        ['sample_data.loaded', null],
      ],
    );
    assert.ok(log.every((e) => e.actor.id === api.owner.userId && e.via === 'session'));
    const createdBySample = await api.app.inject({
      url: '/api/v1/audit?action=user.created&limit=500',
      headers: as(api.owner),
    });
    const names = createdBySample
      .json<{ items: AuditRecord[] }>()
      .items.map((e) => (e.after as UserView).name);
    assert.equal(
      names.filter((n) => n.startsWith('Sample')).length,
      7,
      'each sample user is recorded as created',
    );

    // Loading again after removal brings it all back.
    assertStatus(await load(), 201);
    assert.deepEqual((await status()).json(), loadedSampleStatus);
  });

  test('only owners and admins see, load or remove sample data', async () => {
    const admin = await signedIn(api, 'admin');
    assertStatus(await api.app.inject({ url: '/api/v1/sample-data', headers: as(admin) }), 200);
    assertStatus(
      await api.app.inject({ method: 'DELETE', url: '/api/v1/sample-data', headers: as(admin) }),
      204,
    );
    assertStatus(
      await api.app.inject({ method: 'POST', url: '/api/v1/sample-data', headers: as(admin) }),
      201,
    );
    for (const role of ['responder', 'stakeholder', 'viewer'] as const) {
      const s = await signedIn(api, role);
      const before = await rowCounts(api.db);
      assertApiError(await api.app.inject({ url: '/api/v1/sample-data', headers: as(s) }), 403, 'forbidden');
      assertApiError(
        await api.app.inject({ method: 'POST', url: '/api/v1/sample-data', headers: as(s) }),
        403,
        'forbidden',
      );
      assertApiError(
        await api.app.inject({ method: 'DELETE', url: '/api/v1/sample-data', headers: as(s) }),
        403,
        'forbidden',
      );
      assert.deepEqual(await rowCounts(api.db), before);
    }
    assertApiError(
      await api.app.inject({ method: 'DELETE', url: '/api/v1/sample-data' }),
      401,
      'unauthenticated',
    );
    assert.equal((await status()).json<{ loaded: boolean }>().loaded, true);
  });
});
