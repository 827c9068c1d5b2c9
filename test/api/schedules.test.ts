import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import {
  onCallUserIds,
  scheduleExists,
  type CoverRequestView,
  type OverrideView,
  type ScheduleView,
  type TimelineView,
} from '../../src/modules/oncall/schedules/index.js';
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
 * /api/v1/schedules: CRUD, who is on call (across DST changes), timelines, overrides, cover
 * requests, everyone on call now, roles and audit, on both databases. iCal feeds and bad input
 * have their own files.
 */
describeEachDialect('schedules API', (kind) => {
  let api: Api;
  let admin: Session;
  let ada: Session & { user: { name: string; email: string } };
  let bob: Session & { user: { name: string; email: string } };
  let viewer: Session;
  before(async () => {
    api = await startApi(kind);
    admin = await signedIn(api, 'admin');
    ada = await signedIn(api, 'responder', { name: 'Ada Responder' });
    bob = await signedIn(api, 'responder', { name: 'Bob Responder' });
    viewer = await signedIn(api, 'viewer');
  });
  after(() => api.close());

  type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Changes move the clock a second first, so audit entries keep their order. */
  function call(method: Method, url: string, payload?: unknown, who: Session = admin) {
    if (method !== 'GET') api.clock.advance(1000);
    return api.app.inject({
      method,
      url,
      headers: as(who),
      ...(payload !== undefined && { payload: payload as object }),
    });
  }
  async function ok<T>(res: LightMyRequestResponse, status = 200): Promise<T> {
    assertStatus(res, status);
    return res.json<T>();
  }
  const audits = (resourceType: string, resourceId?: string) => {
    let q = api.db
      .selectFrom('audit_log')
      .select(['action', 'resource_id', 'actor_user_id'])
      .where('resource_type', '=', resourceType);
    if (resourceId) q = q.where('resource_id', '=', resourceId);
    return q.orderBy('at').orderBy('id').execute();
  };

  /** Daily at 09:00 London from Friday 27 March 2026 (GMT), Ada then Bob. */
  const londonDaily = () => ({
    name: 'Primary',
    timeZone: 'Europe/London',
    layers: [
      {
        name: 'Days',
        members: [ada.userId, bob.userId],
        rotation: { kind: 'daily', every: 1 },
        startsAt: '2026-03-27T09:00:00Z',
      },
    ],
  });
  const create = async (body: unknown = londonDaily()) =>
    ok<ScheduleView>(await call('POST', '/api/v1/schedules', body), 201);
  const onCall = async (id: string, at: string, who: Session = admin) =>
    ok<{ user: { id: string; name: string } | null; source: unknown; at: string }>(
      await call('GET', `/api/v1/schedules/${id}/oncall?at=${encodeURIComponent(at)}`, undefined, who),
    );

  test('CRUD: create, read, list, change, delete; admins only; audited', async () => {
    const s = await create({ ...londonDaily(), description: 'Checkout' });
    assert.equal(s.name, 'Primary');
    assert.equal(s.timeZone, 'Europe/London');
    assert.equal(s.layers.length, 1);
    const layer = s.layers[0]!;
    assert.ok(layer.id);
    assert.deepEqual(
      { ...layer, id: undefined },
      {
        id: undefined,
        name: 'Days',
        members: [ada.userId, bob.userId],
        rotation: { kind: 'daily', every: 1 },
        startsAt: '2026-03-27T09:00:00.000Z',
        endsAt: null,
        restrictions: null,
      },
    );
    assert.deepEqual(await ok(await call('GET', `/api/v1/schedules/${s.id}`, undefined, viewer)), s);
    const list = await ok<{ items: ScheduleView[]; nextCursor: string | null }>(
      await call('GET', '/api/v1/schedules', undefined, viewer),
    );
    assert.ok(list.items.some((x) => x.id === s.id));

    api.clock.advance(1000);
    const changed = await ok<ScheduleView>(
      await call('PATCH', `/api/v1/schedules/${s.id}`, {
        name: 'Primary (EU)',
        layers: [
          { ...londonDaily().layers[0], id: layer.id },
          {
            name: 'Weekend nights',
            members: [bob.userId],
            rotation: { kind: 'weekly', every: 1 },
            startsAt: '2026-03-27T00:00:00Z',
            restrictions: {
              kind: 'weekly',
              windows: [{ fromDay: 'sat', from: '00:00', toDay: 'sun', to: '06:00' }],
            },
          },
        ],
      }),
    );
    assert.equal(changed.name, 'Primary (EU)');
    assert.equal(changed.layers[0]!.id, layer.id, 'a layer sent with its id keeps it');
    assert.equal(changed.layers.length, 2);
    assert.equal(changed.description, 'Checkout');
    assert.notEqual(changed.updatedAt, s.updatedAt);

    // Responders and viewers may not manage schedules.
    assertApiError(await call('POST', '/api/v1/schedules', londonDaily(), ada), 403, 'forbidden');
    assertApiError(await call('PATCH', `/api/v1/schedules/${s.id}`, { name: 'x' }, ada), 403, 'forbidden');
    assertApiError(await call('DELETE', `/api/v1/schedules/${s.id}`, undefined, viewer), 403, 'forbidden');

    assert.equal(await scheduleExists(api.db, s.id), true);
    assertStatus(await call('DELETE', `/api/v1/schedules/${s.id}`), 204);
    assertApiError(await call('GET', `/api/v1/schedules/${s.id}`), 404, 'not_found');
    assertApiError(await call('DELETE', `/api/v1/schedules/${s.id}`), 404, 'not_found');
    assert.equal(await scheduleExists(api.db, s.id), false);
    assert.deepEqual(await onCallUserIds(api.db, s.id, api.clock.now()), []);
    assert.deepEqual(
      (await audits('schedule', s.id)).map((a) => [a.action, a.actor_user_id]),
      [
        ['schedule.created', admin.userId],
        ['schedule.updated', admin.userId],
        ['schedule.deleted', admin.userId],
      ],
    );
  });

  test('list: by name, keyset pages, by team; a team can be set and cleared', async () => {
    const team = await ok<{ id: string }>(await call('POST', '/api/v1/teams', { name: 'Listing team' }), 201);
    const names = ['zz-list-c', 'zz-list-a', 'zz-list-b'];
    const made: ScheduleView[] = [];
    for (const name of names) made.push(await create({ ...londonDaily(), name, teamId: team.id }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ScheduleView[]; nextCursor: string | null } = await ok(
        await call(
          'GET',
          `/api/v1/schedules?team=${team.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          viewer,
        ),
      );
      assert.ok(page.items.length <= 1);
      seen.push(...page.items.map((x) => x.name));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['zz-list-a', 'zz-list-b', 'zz-list-c']);
    const cleared = await ok<ScheduleView>(
      await call('PATCH', `/api/v1/schedules/${made[0]!.id}`, { teamId: null }),
    );
    assert.equal(cleared.teamId, null);
    assertApiError(await call('GET', '/api/v1/schedules?cursor=garbage'), 400, 'validation_failed');
  });

  test('who is on call: the 09:00 London hand-off moves to 08:00 UTC across the spring change', async () => {
    const s = await create();
    const layerId = s.layers[0]!.id;
    // Fri 27 Ada, Sat 28 Bob (09:00 GMT = 09:00Z), Sun 29 Ada from 09:00 BST = 08:00Z.
    assert.equal((await onCall(s.id, '2026-03-27T08:59:59Z')).user, null);
    const fri = await onCall(s.id, '2026-03-27T09:00:00Z', viewer);
    assert.deepEqual(fri.user, { id: ada.userId, name: 'Ada Responder', email: ada.user.email });
    assert.deepEqual(fri.source, { layerId });
    assert.equal((await onCall(s.id, '2026-03-28T12:00:00Z')).user?.id, bob.userId);
    assert.equal((await onCall(s.id, '2026-03-29T07:59:59Z')).user?.id, bob.userId);
    assert.equal((await onCall(s.id, '2026-03-29T08:00:00Z')).user?.id, ada.userId);
    // An offset is accepted and answered in UTC.
    const local = await onCall(s.id, '2026-03-29T09:30:00+01:00');
    assert.equal(local.at, '2026-03-29T08:30:00.000Z');
    assert.equal(local.user?.id, ada.userId);
    assert.deepEqual(await onCallUserIds(api.db, s.id, Date.parse('2026-03-29T08:00:00Z')), [ada.userId]);
    assert.deepEqual(await onCallUserIds(api.db, s.id, Date.parse('2026-03-27T08:00:00Z')), []);
    assert.deepEqual(await onCallUserIds(api.db, 'no-such-schedule', Date.now()), []);
    assertApiError(
      await call('GET', `/api/v1/schedules/${s.id}/oncall?at=yesterday`),
      400,
      'validation_failed',
    );
    // And back to 09:00 UTC when summer time ends (Sunday 25 October): Bob's shift is 25 hours.
    assert.equal((await onCall(s.id, '2026-10-24T07:59:59Z')).user?.id, ada.userId);
    assert.equal((await onCall(s.id, '2026-10-24T08:00:00Z')).user?.id, bob.userId);
    assert.equal((await onCall(s.id, '2026-10-25T08:30:00Z')).user?.id, bob.userId);
    assert.equal((await onCall(s.id, '2026-10-25T09:00:00Z')).user?.id, ada.userId);
  });

  test('who is on call: a 09:00 New York hand-off at 14:00 UTC, then 13:00 UTC after 8 March', async () => {
    const s = await create({
      name: 'US',
      timeZone: 'America/New_York',
      layers: [
        {
          name: 'Days',
          members: [ada.userId, bob.userId],
          rotation: { kind: 'days', every: 1 },
          startsAt: '2026-03-06T14:00:00Z',
        },
      ],
    });
    assert.equal((await onCall(s.id, '2026-03-07T13:59:00Z')).user?.id, ada.userId);
    assert.equal((await onCall(s.id, '2026-03-07T14:00:00Z')).user?.id, bob.userId);
    assert.equal((await onCall(s.id, '2026-03-08T12:59:59Z')).user?.id, bob.userId);
    assert.equal((await onCall(s.id, '2026-03-08T13:00:00Z')).user?.id, ada.userId);
    assert.equal((await onCall(s.id, '2026-03-09T13:00:00Z')).user?.id, bob.userId);
  });

  test('a person may take more than one position in a layer: their turns come round at each', async () => {
    const body = londonDaily();
    body.layers[0]!.members = [ada.userId, bob.userId, ada.userId];
    const s = await create(body);
    assert.deepEqual(s.layers[0]!.members, [ada.userId, bob.userId, ada.userId]);
    // Fri 27 Ada, Sat 28 Bob, Sun 29 Ada (her second position), Mon 30 Ada again (the first).
    assert.equal((await onCall(s.id, '2026-03-27T12:00:00Z')).user?.id, ada.userId);
    assert.equal((await onCall(s.id, '2026-03-28T12:00:00Z')).user?.id, bob.userId);
    assert.equal((await onCall(s.id, '2026-03-29T12:00:00Z')).user?.id, ada.userId);
    assert.equal((await onCall(s.id, '2026-03-30T12:00:00Z')).user?.id, ada.userId);
    assert.equal((await onCall(s.id, '2026-03-31T12:00:00Z')).user?.id, bob.userId);
  });

  test('timeline: layers, overrides, final entries with gaps, people; capped at 93 days', async () => {
    const s = await create({
      name: 'Timeline',
      timeZone: 'Europe/London',
      layers: [
        {
          name: 'Days',
          members: [ada.userId, bob.userId],
          rotation: { kind: 'daily', every: 1 },
          startsAt: '2026-04-01T08:00:00Z',
          restrictions: { kind: 'daily', from: '09:00', to: '17:00' },
        },
      ],
    });
    const o = await ok<OverrideView>(
      await call('POST', `/api/v1/schedules/${s.id}/overrides`, {
        userId: bob.userId,
        startsAt: '2026-04-01T10:00:00Z',
        endsAt: '2026-04-01T12:00:00Z',
      }),
      201,
    );
    const t = await ok<TimelineView>(
      await call(
        'GET',
        `/api/v1/schedules/${s.id}/timeline?since=2026-04-01T00:00:00Z&until=2026-04-02T00:00:00Z`,
        undefined,
        viewer,
      ),
    );
    const layerId = s.layers[0]!.id;
    // 09:00–17:00 BST is 08:00–16:00Z; the override takes 10:00–12:00Z.
    assert.deepEqual(t.layers, [
      {
        layerId,
        name: 'Days',
        spans: [{ start: '2026-04-01T08:00:00.000Z', end: '2026-04-01T16:00:00.000Z', userId: ada.userId }],
      },
    ]);
    assert.deepEqual(
      t.overrides.map((x) => x.id),
      [o.id],
    );
    assert.deepEqual(t.final, [
      { start: '2026-04-01T00:00:00.000Z', end: '2026-04-01T08:00:00.000Z', userId: null, source: null },
      {
        start: '2026-04-01T08:00:00.000Z',
        end: '2026-04-01T10:00:00.000Z',
        userId: ada.userId,
        source: { layerId },
      },
      {
        start: '2026-04-01T10:00:00.000Z',
        end: '2026-04-01T12:00:00.000Z',
        userId: bob.userId,
        source: { overrideId: o.id },
      },
      {
        start: '2026-04-01T12:00:00.000Z',
        end: '2026-04-01T16:00:00.000Z',
        userId: ada.userId,
        source: { layerId },
      },
      { start: '2026-04-01T16:00:00.000Z', end: '2026-04-02T00:00:00.000Z', userId: null, source: null },
    ]);
    assert.deepEqual(t.users[ada.userId], { name: 'Ada Responder', email: ada.user.email });
    assert.equal(t.timeZone, 'Europe/London');

    // Default range: a week from now.
    const week = await ok<TimelineView>(await call('GET', `/api/v1/schedules/${s.id}/timeline`));
    assert.equal(Date.parse(week.until) - Date.parse(week.since), 7 * 86_400_000);
    // 93 days is fine, 94 is not; until before since is refused.
    assertStatus(
      await call(
        'GET',
        `/api/v1/schedules/${s.id}/timeline?since=2026-04-01T00:00:00Z&until=2026-07-03T00:00:00Z`,
      ),
      200,
    );
    const long = assertApiError(
      await call(
        'GET',
        `/api/v1/schedules/${s.id}/timeline?since=2026-04-01T00:00:00Z&until=2026-07-04T00:00:00Z`,
      ),
      400,
      'validation_failed',
    );
    assert.match(long.message, /93 days/);
    assert.equal(issuesOf(long)[0]!.in, 'querystring');
    assertApiError(
      await call(
        'GET',
        `/api/v1/schedules/${s.id}/timeline?since=2026-04-02T00:00:00Z&until=2026-04-01T00:00:00Z`,
      ),
      400,
      'validation_failed',
    );
    const early = assertApiError(
      await call('GET', `/api/v1/schedules/${s.id}/timeline?since=1969-12-31T00:00:00Z`),
      400,
      'validation_failed',
    );
    assert.deepEqual(issuesOf(early)[0]!.path, ['since']);
    assertApiError(await call('GET', '/api/v1/schedules/nope/timeline'), 404, 'not_found');
  });

  test('overrides: responders for themselves, admins for anyone; overlap is a 409 naming both', async () => {
    const s = await create();
    const base = `/api/v1/schedules/${s.id}/overrides`;
    const mine = await ok<OverrideView>(
      await call(
        'POST',
        base,
        { startsAt: '2026-03-28T10:00:00Z', endsAt: '2026-03-28T14:00:00Z', note: 'swap' },
        ada,
      ),
      201,
    );
    assert.equal(mine.userId, ada.userId, 'default: the caller');
    assert.deepEqual(mine.createdBy, { id: ada.userId, name: 'Ada Responder' });
    const at = await onCall(s.id, '2026-03-28T11:00:00Z');
    assert.equal(at.user?.id, ada.userId);
    assert.deepEqual(at.source, { overrideId: mine.id });
    assert.deepEqual(await onCallUserIds(api.db, s.id, Date.parse('2026-03-28T11:00:00Z')), [ada.userId]);

    const overlap = assertApiError(
      await call('POST', base, { startsAt: '2026-03-28T13:00:00Z', endsAt: '2026-03-28T15:00:00Z' }, bob),
      409,
      'conflict',
    );
    assert.match(overlap.message, new RegExp(`overlaps override ${mine.id}`));
    assert.deepEqual((overlap.details as { overrideIds: string[] }).overrideIds, [mine.id]);
    // Touching is not overlapping.
    const next = await ok<OverrideView>(
      await call('POST', base, { startsAt: '2026-03-28T14:00:00Z', endsAt: '2026-03-28T15:00:00Z' }, bob),
      201,
    );

    assertApiError(
      await call(
        'POST',
        base,
        { userId: bob.userId, startsAt: '2026-03-30T10:00:00Z', endsAt: '2026-03-30T11:00:00Z' },
        ada,
      ),
      403,
      'forbidden',
    );
    assertApiError(
      await call('POST', base, { startsAt: '2026-03-30T10:00:00Z', endsAt: '2026-03-30T11:00:00Z' }, viewer),
      403,
      'forbidden',
    );
    const forBob = await ok<OverrideView>(
      await call('POST', base, {
        userId: bob.userId,
        startsAt: '2026-03-30T10:00:00Z',
        endsAt: '2026-03-30T11:00:00Z',
      }),
      201,
    );
    assert.equal(forBob.userId, bob.userId);
    assert.deepEqual(forBob.createdBy.id, admin.userId);

    const listed = await ok<{ items: OverrideView[] }>(
      await call('GET', `${base}?since=2026-03-01T00:00:00Z`, undefined, viewer),
    );
    assert.deepEqual(
      listed.items.map((o) => o.id),
      [mine.id, next.id, forBob.id],
    );

    assertApiError(await call('DELETE', `${base}/${next.id}`, undefined, ada), 403, 'forbidden');
    assertStatus(await call('DELETE', `${base}/${mine.id}`, undefined, ada), 204);
    assertStatus(await call('DELETE', `${base}/${next.id}`), 204);
    assertApiError(await call('DELETE', `${base}/${next.id}`), 404, 'not_found');
    assert.deepEqual(
      (await audits('schedule_override'))
        .filter((a) => [mine.id, next.id].includes(a.resource_id!))
        .map((a) => a.action),
      [
        'schedule_override.created',
        'schedule_override.created',
        'schedule_override.deleted',
        'schedule_override.deleted',
      ],
    );
  });

  test('cover requests: ask, another accepts → their override, at once; cancel; not twice', async () => {
    const s = await create();
    const url = `/api/v1/schedules/${s.id}/cover-requests`;
    const req = await ok<CoverRequestView>(
      await call(
        'POST',
        url,
        { startsAt: '2026-03-29T08:00:00Z', endsAt: '2026-03-30T08:00:00Z', note: 'Wedding' },
        ada,
      ),
      201,
    );
    assert.equal(req.status, 'open');
    assert.equal(req.requester?.id, ada.userId);
    assert.equal((await onCall(s.id, '2026-03-29T12:00:00Z')).user?.id, ada.userId);

    assertApiError(
      await call('POST', `/api/v1/cover-requests/${req.id}/accept`, undefined, ada),
      409,
      'conflict',
    );
    assertApiError(
      await call('POST', `/api/v1/cover-requests/${req.id}/accept`, undefined, viewer),
      403,
      'forbidden',
    );
    const accepted = await ok<CoverRequestView>(
      await call('POST', `/api/v1/cover-requests/${req.id}/accept`, undefined, bob),
    );
    assert.equal(accepted.status, 'accepted');
    assert.equal(accepted.acceptedBy?.id, bob.userId);
    assert.ok(accepted.overrideId);
    const at = await onCall(s.id, '2026-03-29T12:00:00Z');
    assert.equal(at.user?.id, bob.userId);
    assert.deepEqual(at.source, { overrideId: accepted.overrideId });
    const overrides = await ok<{ items: OverrideView[] }>(
      await call('GET', `/api/v1/schedules/${s.id}/overrides?since=2026-03-01T00:00:00Z`),
    );
    assert.deepEqual(
      overrides.items.map((o) => [o.id, o.userId, o.startsAt, o.endsAt, o.coverRequestId]),
      [[accepted.overrideId, bob.userId, '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z', req.id]],
    );
    const again = assertApiError(
      await call('POST', `/api/v1/cover-requests/${req.id}/accept`, undefined, admin),
      409,
      'conflict',
    );
    assert.match(again.message, /already accepted/);

    // A request overlapping the accepted cover cannot be accepted: the override would overlap.
    const clash = await ok<CoverRequestView>(
      await call('POST', url, { startsAt: '2026-03-29T20:00:00Z', endsAt: '2026-03-30T10:00:00Z' }, bob),
      201,
    );
    assertApiError(
      await call('POST', `/api/v1/cover-requests/${clash.id}/accept`, undefined, ada),
      409,
      'conflict',
    );
    const still = await ok<{ items: CoverRequestView[] }>(
      await call('GET', `${url}?status=open`, undefined, viewer),
    );
    assert.deepEqual(
      still.items.map((r) => r.id),
      [clash.id],
      'a refused accept leaves the request open',
    );

    // Cancel: the one who asked, or an admin; not another responder; only while open.
    assertApiError(
      await call('POST', `/api/v1/cover-requests/${clash.id}/cancel`, undefined, ada),
      403,
      'forbidden',
    );
    const cancelled = await ok<CoverRequestView>(
      await call('POST', `/api/v1/cover-requests/${clash.id}/cancel`, undefined, bob),
    );
    assert.equal(cancelled.status, 'cancelled');
    assertApiError(
      await call('POST', `/api/v1/cover-requests/${clash.id}/cancel`, undefined, bob),
      409,
      'conflict',
    );
    assertApiError(
      await call('POST', '/api/v1/cover-requests/nope/accept', undefined, bob),
      404,
      'not_found',
    );
    assertApiError(
      await call('POST', url, { startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-02-02T00:00:00Z' }, ada),
      400,
      'validation_failed',
    );

    assert.deepEqual(
      (await audits('cover_request'))
        .filter((a) => [req.id, clash.id].includes(a.resource_id!))
        .map((a) => a.action),
      ['cover_request.created', 'cover_request.accepted', 'cover_request.created', 'cover_request.cancelled'],
    );
    assert.equal((await audits('schedule_override', accepted.overrideId!))[0]?.actor_user_id, bob.userId);
  });

  test('two people accepting one cover request at once: one override, one 409', async () => {
    const s = await create();
    const carol = await signedIn(api, 'responder');
    const req = await ok<CoverRequestView>(
      await call(
        'POST',
        `/api/v1/schedules/${s.id}/cover-requests`,
        { startsAt: '2026-04-01T08:00:00Z', endsAt: '2026-04-02T08:00:00Z' },
        ada,
      ),
      201,
    );
    const answers = await Promise.all(
      [bob, carol].map((who) => call('POST', `/api/v1/cover-requests/${req.id}/accept`, undefined, who)),
    );
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409]);
    const overrides = await ok<{ items: OverrideView[] }>(
      await call('GET', `/api/v1/schedules/${s.id}/overrides?since=2026-03-01T00:00:00Z`),
    );
    assert.equal(overrides.items.length, 1);
    const winner = answers.find((r) => r.statusCode === 200)!.json<CoverRequestView>();
    assert.equal(overrides.items[0]!.userId, winner.acceptedBy?.id);
  });

  test('oncall/now: one item per schedule with who and until when', async () => {
    // Daily at 10:00 GMT from 26 February: Ada is on call at 09:00 on 1 March (the clock), until 10:00.
    const s = await create({
      ...londonDaily(),
      name: 'Now',
      layers: [{ ...londonDaily().layers[0], startsAt: '2026-02-26T10:00:00Z' }],
    });
    const empty = await create({
      ...londonDaily(),
      name: 'Later',
      layers: [{ ...londonDaily().layers[0], startsAt: '2027-01-01T09:00:00Z' }],
    });
    const now = await ok<{
      items: { schedule: { id: string; name: string }; user: { id: string } | null; until: string | null }[];
    }>(await call('GET', '/api/v1/oncall/now', undefined, viewer));
    const item = now.items.find((i) => i.schedule.id === s.id)!;
    assert.deepEqual(item, {
      schedule: { id: s.id, name: 'Now' },
      user: { id: ada.userId, name: 'Ada Responder' },
      until: '2026-03-01T10:00:00.000Z',
    });
    const none = now.items.find((i) => i.schedule.id === empty.id)!;
    assert.equal(none.user, null);
    assert.equal(none.until, null, 'nothing changes within 93 days');
  });
});

describeEachDialect('sample schedules', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(() => api.close());

  test('sample data brings two marked schedules with someone on call; removal takes them', async () => {
    const headers = as(api.owner);
    assertStatus(await api.app.inject({ method: 'POST', url: '/api/v1/sample-data', headers }), 201);
    const list = (await api.app.inject({ url: '/api/v1/schedules', headers })).json<{
      items: ScheduleView[];
    }>();
    assert.deepEqual(
      list.items.map((s) => [s.name, s.isSample, s.layers.length]),
      [
        ['Sample · Payments', true, 1],
        ['Sample · Platform primary', true, 2],
      ],
    );
    assert.ok(list.items.every((s) => s.teamId !== null));
    const now = (await api.app.inject({ url: '/api/v1/oncall/now', headers })).json<{
      items: { user: { name: string } | null }[];
    }>();
    assert.equal(now.items.length, 2);
    assert.ok(now.items.every((i) => i.user?.name.startsWith('Sample · ')));
    assertStatus(await api.app.inject({ method: 'DELETE', url: '/api/v1/sample-data', headers }), 204);
    const after = (await api.app.inject({ url: '/api/v1/schedules', headers })).json<{
      items: ScheduleView[];
    }>();
    assert.deepEqual(after.items, []);
  });
});
