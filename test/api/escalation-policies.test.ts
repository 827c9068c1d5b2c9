import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
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

/**
 * Escalation policies through the API: CRUD with audit entries, bad input and loops refused with
 * clear 4xx answers, one default policy, deletion refused while in use, services naming only
 * policies that exist, and the "nobody would be paged" warning of GET /services/:id/paging.
 */
describeEachDialect('escalation policies API', (kind) => {
  let api: Api;
  let alice: string;
  let aliceSession: Session;
  let bob: string;
  let teamId: string;
  let scheduleId: string;
  let emptyScheduleId: string;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    api.app.inject({
      method,
      url,
      headers: as(api.owner),
      ...(payload !== undefined && { payload: payload as object }),
    });
  const json = <T = Record<string, unknown>>(res: LightMyRequestResponse, status: number): T => {
    assertStatus(res, status);
    return res.json<T>();
  };
  const user = (id: string) => ({ type: 'user', id });
  const policyBody = (name: string, levels: unknown[], extra: Record<string, unknown> = {}) => ({
    name,
    levels,
    ...extra,
  });
  const level = (...targets: unknown[]) => ({ delayMinutes: 5, targets });
  const create = async (name: string, levels: unknown[], extra: Record<string, unknown> = {}) =>
    json<{ id: string; isDefault: boolean }>(
      await call('POST', '/api/v1/escalation-policies', policyBody(name, levels, extra)),
      201,
    );
  const audits = (action: string) =>
    api.db.selectFrom('audit_log').select(['resource_id']).where('action', '=', action).execute();

  before(async () => {
    api = await startApi(kind);
    aliceSession = await signedIn(api, 'responder', { name: 'Alice' });
    alice = aliceSession.userId;
    bob = (await signedIn(api, 'responder', { name: 'Bob' })).userId;
    teamId = json<{ id: string }>(await call('POST', '/api/v1/teams', { name: 'Payments' }), 201).id;
    assertStatus(await call('PUT', `/api/v1/teams/${teamId}/members/${bob}`, {}), 200);
    const schedule = (name: string, startsAt: string) =>
      call('POST', '/api/v1/schedules', {
        name,
        timeZone: 'UTC',
        layers: [{ name: 'L1', members: [alice], rotation: { kind: 'weekly', every: 1 }, startsAt }],
      });
    scheduleId = json<{ id: string }>(await schedule('Primary', '2026-01-01T00:00:00Z'), 201).id;
    // Starts next year: nobody is on call now.
    emptyScheduleId = json<{ id: string }>(await schedule('Next year', '2027-01-01T00:00:00Z'), 201).id;
  });
  after(() => api.close());

  test('create, read, list, change and delete, each audited; the first policy becomes the default', async () => {
    const p = await create(
      'Checkout on-call',
      [
        level(user(alice), { type: 'schedule', id: scheduleId }),
        { delayMinutes: 10, targets: [{ type: 'team', id: teamId }] },
      ],
      { description: 'Pages the primary, then the team', repeat: 2 },
    );
    assert.equal(p.isDefault, true, 'the first policy is the default');
    const got = json<{
      name: string;
      repeat: number;
      levels: { delayMinutes: number; targets: { type: string; id: string; name: string | null }[] }[];
    }>(await call('GET', `/api/v1/escalation-policies/${p.id}`), 200);
    assert.equal(got.repeat, 2);
    assert.deepEqual(
      got.levels.map((l) => [l.delayMinutes, l.targets.map((t) => `${t.type}:${t.name}`)]),
      [
        [5, ['user:Alice', 'schedule:Primary']],
        [10, ['team:Payments']],
      ],
    );
    const second = await create('Second', [level(user(bob))]);
    assert.equal(second.isDefault, false, 'later policies are not the default unless asked');
    const list = json<{ items: { name: string }[] }>(await call('GET', '/api/v1/escalation-policies'), 200);
    assert.deepEqual(
      list.items.map((i) => i.name),
      ['Checkout on-call', 'Second'],
    );
    const changed = json<{ name: string; levels: unknown[] }>(
      await call('PATCH', `/api/v1/escalation-policies/${second.id}`, {
        name: 'Second line',
        levels: [level(user(alice))],
      }),
      200,
    );
    assert.equal(changed.name, 'Second line');
    assertStatus(await call('DELETE', `/api/v1/escalation-policies/${second.id}`), 204);
    assertApiError(await call('GET', `/api/v1/escalation-policies/${second.id}`), 404, 'not_found');
    assert.deepEqual((await audits('escalation_policy.created')).length, 2);
    assert.deepEqual(
      (await audits('escalation_policy.updated')).map((a) => a.resource_id),
      [second.id],
    );
    assert.deepEqual(
      (await audits('escalation_policy.deleted')).map((a) => a.resource_id),
      [second.id],
    );
  });

  test('who may: everyone reads, responders create and change, only admins delete', async () => {
    const viewer = await signedIn(api, 'viewer');
    const responder = await signedIn(api, 'responder');
    const body = policyBody('Authz', [level(user(alice))]);
    const as2 = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      api.app.inject({
        method,
        url,
        headers: as(s),
        ...(payload !== undefined && { payload: payload as object }),
      });
    assertStatus(await as2(viewer, 'GET', '/api/v1/escalation-policies'), 200);
    assertApiError(await as2(viewer, 'POST', '/api/v1/escalation-policies', body), 403, 'forbidden');
    const created = json<{ id: string }>(
      await as2(responder, 'POST', '/api/v1/escalation-policies', body),
      201,
    );
    assertStatus(
      await as2(responder, 'PATCH', `/api/v1/escalation-policies/${created.id}`, { repeat: 1 }),
      200,
    );
    assertApiError(
      await as2(responder, 'DELETE', `/api/v1/escalation-policies/${created.id}`),
      403,
      'forbidden',
    );
    assertStatus(await call('DELETE', `/api/v1/escalation-policies/${created.id}`), 204);
  });

  test('bad input: empty levels, delays below one minute, unknown targets, too many repeats — clear 400s, nothing saved', async () => {
    const before = (await api.db.selectFrom('escalation_policies').select('id').execute()).length;
    const bad = async (body: unknown, path: (string | number)[]) => {
      const error = assertApiError(
        await call('POST', '/api/v1/escalation-policies', body),
        400,
        'validation_failed',
      );
      const paths = issuesOf(error).map((i) => i.path.join('.'));
      assert.ok(paths.includes(path.join('.')), `${paths.join(' | ')} should include ${path.join('.')}`);
    };
    await bad(policyBody('x', []), ['levels']);
    await bad(policyBody('x', [{ delayMinutes: -5, targets: [user(alice)] }]), ['levels', 0, 'delayMinutes']);
    await bad(policyBody('x', [{ delayMinutes: 0, targets: [user(alice)] }]), ['levels', 0, 'delayMinutes']);
    await bad(policyBody('x', [{ delayMinutes: 5, targets: [] }]), ['levels', 0, 'targets']);
    await bad(policyBody('x', [level({ type: 'robot', id: alice })]), ['levels', 0, 'targets', 0, 'type']);
    await bad(policyBody('x', [level(user(alice))], { repeat: 10 }), ['repeat']);
    await bad(policyBody('x', [level(user('no-such-user'))]), ['levels', 0, 'targets', 0, 'id']);
    await bad(policyBody('x', [level(user(alice)), level({ type: 'team', id: 'nope' })]), [
      'levels',
      1,
      'targets',
      0,
      'id',
    ]);
    await bad(policyBody('x', [level({ type: 'schedule', id: 'nope' })]), ['levels', 0, 'targets', 0, 'id']);
    await bad(policyBody('x', [level({ type: 'policy', id: 'nope' })]), ['levels', 0, 'targets', 0, 'id']);
    const other = (await api.db.selectFrom('escalation_policies').select('id').executeTakeFirstOrThrow()).id;
    await bad(policyBody('x', [level({ type: 'policy', id: other }, { type: 'policy', id: other })]), [
      'levels',
      0,
      'targets',
    ]);
    assert.equal((await api.db.selectFrom('escalation_policies').select('id').execute()).length, before);
    const taken = (await api.db.selectFrom('escalation_policies').select('name').executeTakeFirstOrThrow())
      .name;
    assertApiError(
      await call('POST', '/api/v1/escalation-policies', policyBody(taken, [level(user(alice))])),
      409,
      'already_exists',
    );
  });

  test('hand-offs that loop are refused with policy_loop, naming the loop', async () => {
    const a = await create('Loop A', [level(user(alice))]);
    const b = await create('Loop B', [level(user(bob), { type: 'policy', id: a.id })]);
    const c = await create('Loop C', [level({ type: 'policy', id: b.id })]);
    // A → C → B → A
    const error = assertApiError(
      await call('PATCH', `/api/v1/escalation-policies/${a.id}`, {
        levels: [level(user(alice)), level({ type: 'policy', id: c.id })],
      }),
      400,
      'policy_loop',
    );
    assert.match(error.message, /this policy → Loop C → Loop B → this policy/);
    assert.deepEqual((error.details as { loop: string[] }).loop, [a.id, c.id, b.id, a.id]);
    const self = assertApiError(
      await call('PATCH', `/api/v1/escalation-policies/${a.id}`, {
        levels: [level({ type: 'policy', id: a.id })],
      }),
      400,
      'policy_loop',
    );
    assert.match(self.message, /loop/);
    const unchanged = json<{ levels: unknown[] }>(
      await call('GET', `/api/v1/escalation-policies/${a.id}`),
      200,
    );
    assert.equal(unchanged.levels.length, 1, 'nothing saved');
    // Deleting a policy another hands over to: 409.
    assertApiError(await call('DELETE', `/api/v1/escalation-policies/${b.id}`), 409, 'conflict');
  });

  test('one default; services name only existing policies; a policy in use cannot be deleted', async () => {
    const first = await create('Default one', [level(user(alice))], { isDefault: true });
    const second = await create('Default two', [level(user(bob))], { isDefault: true });
    const defaults = await api.db
      .selectFrom('escalation_policies')
      .select('id')
      .where('is_default', '=', 1)
      .execute();
    assert.deepEqual(
      defaults.map((d) => d.id),
      [second.id],
      'the newer default replaced the older',
    );
    void first;

    const service = json<{ id: string }>(await call('POST', '/api/v1/services', { name: 'Billing' }), 201);
    const err = assertApiError(
      await call('PATCH', `/api/v1/services/${service.id}`, { escalationPolicyId: 'no-such-policy' }),
      400,
      'validation_failed',
    );
    assert.deepEqual(issuesOf(err)[0]!.path, ['escalationPolicyId']);
    assertApiError(
      await call('POST', '/api/v1/services', { name: 'Bad', escalationPolicyId: 'no-such-policy' }),
      400,
      'validation_failed',
    );
    // Services with no policy of their own use the default: it cannot go while they exist.
    assertApiError(await call('DELETE', `/api/v1/escalation-policies/${second.id}`), 409, 'conflict');
    const mine = await create('Billing policy', [level(user(bob))]);
    assertStatus(await call('PATCH', `/api/v1/services/${service.id}`, { escalationPolicyId: mine.id }), 200);
    const inUse = assertApiError(
      await call('DELETE', `/api/v1/escalation-policies/${mine.id}`),
      409,
      'conflict',
    );
    assert.match(inUse.message, /Billing/);
    const view = json<{ services: { name: string }[] }>(
      await call('GET', `/api/v1/escalation-policies/${mine.id}`),
      200,
    );
    assert.deepEqual(
      view.services.map((s) => s.name),
      ['Billing'],
    );
  });

  test('paging: the service policy, else the default; "nobody would be paged" when no policy or nobody resolves', async () => {
    const service = json<{ id: string }>(await call('POST', '/api/v1/services', { name: 'Search' }), 201);
    const empty = await create('Nobody now', [level({ type: 'schedule', id: emptyScheduleId })]);
    assertStatus(
      await call('PATCH', `/api/v1/services/${service.id}`, { escalationPolicyId: empty.id }),
      200,
    );
    const nobody = json<{
      policy: { id: string } | null;
      wouldPage: boolean;
      reason?: string;
      onCallNow: { level: number; users: unknown[]; nobodyOnCall: { name: string }[] }[];
    }>(await call('GET', `/api/v1/services/${service.id}/paging`), 200);
    assert.equal(nobody.policy?.id, empty.id);
    assert.equal(nobody.wouldPage, false);
    assert.match(nobody.reason ?? '', /Nobody would be paged/);
    assert.deepEqual(
      nobody.onCallNow[0]!.nobodyOnCall.map((s) => s.name),
      ['Next year'],
    );

    const onCall = await create('Primary now', [
      level({ type: 'schedule', id: scheduleId }),
      level({ type: 'team', id: teamId }),
    ]);
    assertStatus(
      await call('PATCH', `/api/v1/services/${service.id}`, { escalationPolicyId: onCall.id }),
      200,
    );
    const paging = json<{ wouldPage: boolean; onCallNow: { level: number; users: { name: string }[] }[] }>(
      await call('GET', `/api/v1/services/${service.id}/paging`),
      200,
    );
    assert.deepEqual(
      paging.onCallNow.map((l) => [l.level, l.users.map((u) => u.name)]),
      [
        [1, ['Alice']],
        [2, ['Bob']],
      ],
    );
    const unreachable = json<{
      wouldPage: boolean;
      reason?: string;
      onCallNow: { users: { reachable: boolean }[] }[];
    }>(await call('GET', `/api/v1/services/${service.id}/paging`), 200);
    assert.equal(unreachable.wouldPage, false, 'nobody on call has a contact method');
    assert.match(unreachable.reason ?? '', /contact method/);
    const method = await api.app.inject({
      method: 'POST',
      url: '/api/v1/users/me/contact-methods',
      headers: as(aliceSession),
      payload: {
        type: 'webhook',
        label: 'hook',
        config: { url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-sixteen-or-more' },
      },
    });
    assertStatus(method, 201);
    const reachable = json<{
      wouldPage: boolean;
      reason?: string;
      onCallNow: { users: { name: string; reachable: boolean }[] }[];
    }>(await call('GET', `/api/v1/services/${service.id}/paging`), 200);
    assert.equal(reachable.wouldPage, true);
    assert.equal(reachable.reason, undefined);
    assert.deepEqual(reachable.onCallNow[0]!.users, [{ id: alice, name: 'Alice', reachable: true }]);
    assertApiError(await call('GET', '/api/v1/services/no-such-service/paging'), 404, 'not_found');
  });
});

describeEachDialect('escalation policies API without any policy', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(() => api.close());

  test('a service with no policy and no default would page nobody', async () => {
    const headers = as(api.owner);
    const service = await api.app.inject({
      method: 'POST',
      url: '/api/v1/services',
      headers,
      payload: { name: 'Lonely' },
    });
    const res = await api.app.inject({
      method: 'GET',
      url: `/api/v1/services/${service.json<{ id: string }>().id}/paging`,
      headers,
    });
    assertStatus(res, 200);
    assert.deepEqual(res.json(), {
      policy: null,
      wouldPage: false,
      reason: 'Nobody would be paged: the service names no escalation policy and there is no default policy.',
      onCallNow: [],
    });
  });
});
