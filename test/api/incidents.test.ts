import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DomainEvent } from '../../src/lib/events.js';
import type { AuditRecord } from '../../src/modules/audit/index.js';
import type { IncidentDetail } from '../../src/modules/incidents/index.js';
import {
  assertApiError,
  assertStatus,
  issuesOf,
  rowCounts,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as, type Session } from '../helpers/server.js';

/** /api/v1/incidents: create, read, every action, roles, audit, timeline and events. */
describeEachDialect('incidents API', (kind) => {
  let api: Api;
  let responder: Session & { user: { name: string; email: string } };
  const published: DomainEvent[] = [];
  before(async () => {
    api = await startApi(kind);
    responder = await signedIn(api, 'responder', { name: 'Rita Responder', email: 'rita@example.com' });
    api.server.keel.events.subscribe((e) => published.push(e));
  });
  after(() => api.close());

  /** Changes move the clock a second first, so audit entries (ordered by time) keep their order. */
  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    session: Session = api.owner,
  ) => {
    if (method !== 'GET') api.clock.advance(1000);
    return api.app.inject({
      method,
      url,
      headers: as(session),
      ...(payload !== undefined && { payload: payload as object }),
    });
  };
  const create = async (payload: Record<string, unknown> = {}): Promise<IncidentDetail> => {
    const res = await call('POST', '/api/v1/incidents', { title: 'Checkout errors', ...payload });
    assertStatus(res, 201);
    return res.json<IncidentDetail>();
  };
  const act = async (id: string | number, action: string, payload?: unknown, session?: Session) => {
    const res = await call('POST', `/api/v1/incidents/${id}/${action}`, payload, session);
    assertStatus(res, 200);
    return res.json<IncidentDetail>();
  };
  const audit = async (id: string) =>
    (await call('GET', `/api/v1/audit?resourceType=incident&resourceId=${id}&limit=100`))
      .json<{ items: AuditRecord[] }>()
      .items.reverse();

  test('create: defaults, a service, explicit fields; read by id and by number', async () => {
    const svc = (await call('POST', '/api/v1/services', { name: 'Checkout API' })).json<{ id: string }>();
    const plain = await create({ description: 'Users see **500**' });
    assert.equal(plain.status, 'triggered');
    assert.deepEqual(
      [plain.severity, plain.urgency, plain.impact, plain.priority, plain.priorityOverridden],
      ['SEV3', 'high', 'medium', 'P2', false],
    );
    assert.equal(plain.service, null);
    assert.equal(plain.createdAt, new Date(api.clock.now()).toISOString());
    assert.deepEqual(
      plain.timeline.map((e) => [e.kind, e.actor]),
      [['triggered', { id: api.owner.userId, label: 'Olive Owner <owner@example.com>' }]],
    );
    const full = await create({
      serviceId: svc.id,
      severity: 'SEV4',
      urgency: 'low',
      impact: 'high',
      priority: 'P2',
      category: 'performance',
    });
    assert.equal(full.number, plain.number + 1);
    assert.deepEqual(full.service, { id: svc.id, name: 'Checkout API' });
    assert.deepEqual(
      [full.severity, full.urgency, full.impact, full.priority, full.priorityOverridden, full.category],
      ['SEV4', 'low', 'high', 'P2', true, 'performance'],
    );
    const byId = await call('GET', `/api/v1/incidents/${full.id}`);
    assertStatus(byId, 200);
    assert.deepEqual(byId.json(), full);
    assert.deepEqual((await call('GET', `/api/v1/incidents/${full.number}`)).json(), full);
    assertApiError(await call('GET', '/api/v1/incidents/999999'), 404, 'not_found');
    assertApiError(
      await call('GET', '/api/v1/incidents/01000000-0000-7000-8000-000000000000'),
      404,
      'not_found',
    );
    assertApiError(await call('GET', `/api/v1/incidents/${'9'.repeat(20)}`), 404, 'not_found');
    assert.deepEqual(
      (await audit(full.id)).map((e) => [e.action, e.actor.id, (e.after as { id: string }).id]),
      [['incident.created', api.owner.userId, full.id]],
    );
    assert.ok(published.some((e) => e.name === 'incident.triggered' && e.payload.incidentId === full.id));
  });

  test('create: bad input is refused and writes nothing', async () => {
    const before = await rowCounts(api.db);
    const bad: [unknown, string[]][] = [
      [{}, ['title']],
      [{ title: '   ' }, ['title']],
      [{ title: 'x', sneaky: 1 }, []],
      [{ title: 'x', severity: 'SEV5' }, ['severity']],
      [{ title: 'x', urgency: 'medium' }, ['urgency']],
      [{ title: 'x', priority: 'P0' }, ['priority']],
      [{ title: 'x', category: 'gremlins' }, ['category']],
      [{ title: 'x', serviceId: 'no-such-service' }, ['serviceId']],
    ];
    for (const [payload, path] of bad) {
      const e = assertApiError(await call('POST', '/api/v1/incidents', payload), 400, 'validation_failed');
      if (path.length) assert.deepEqual(issuesOf(e)[0]!.path, path, JSON.stringify(payload));
    }
    assert.deepEqual(await rowCounts(api.db), before);
  });

  test('acknowledge, resolve, reopen: 409 for illegal moves, repeats change nothing', async () => {
    const inc = await create();
    published.length = 0;
    api.clock.advance(60_000);
    const acked = await act(inc.id, 'acknowledge', undefined, responder);
    assert.equal(acked.status, 'acknowledged');
    assert.equal(acked.acknowledgedAt, new Date(api.clock.now()).toISOString());
    api.clock.advance(1000);
    const again = await act(inc.number, 'acknowledge', undefined, responder);
    assert.equal(again.timeline.length, acked.timeline.length, 'no second entry');
    assert.equal(again.acknowledgedAt, acked.acknowledgedAt);

    api.clock.advance(60_000);
    const resolved = await act(inc.id, 'resolve', { note: 'Rolled back deploy 42' });
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.resolvedAt, new Date(api.clock.now()).toISOString());
    const e409 = assertApiError(
      await call('POST', `/api/v1/incidents/${inc.id}/acknowledge`),
      409,
      'conflict',
    );
    assert.match(e409.message, /resolved/);
    assert.equal((await act(inc.id, 'resolve', {})).timeline.length, resolved.timeline.length);

    api.clock.advance(1000);
    const reopened = await act(inc.id, 'reopen');
    assert.equal(reopened.status, 'triggered');
    assert.equal(reopened.resolvedAt, null);
    assert.equal(reopened.acknowledgedAt, null);
    assert.equal(
      (await act(inc.id, 'reopen')).timeline.length,
      reopened.timeline.length,
      'reopen of an open one: nothing',
    );
    await act(inc.id, 'acknowledge');
    assertApiError(await call('POST', `/api/v1/incidents/${inc.id}/reopen`), 409, 'conflict');
    assertApiError(await call('POST', '/api/v1/incidents/999999/acknowledge'), 404, 'not_found');

    const detail = (await call('GET', `/api/v1/incidents/${inc.id}`)).json<IncidentDetail>();
    assert.deepEqual(
      detail.timeline.map((e) => [e.kind, e.actor.label, e.body]),
      [
        ['triggered', 'Olive Owner <owner@example.com>', detail.timeline[0]!.body],
        ['acknowledged', 'Rita Responder <rita@example.com>', {}],
        ['resolved', 'Olive Owner <owner@example.com>', { reason: 'Rolled back deploy 42' }],
        ['reopened', 'Olive Owner <owner@example.com>', {}],
        ['acknowledged', 'Olive Owner <owner@example.com>', {}],
      ],
    );
    const times = detail.timeline.map((e) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'oldest first',
    );
    assert.deepEqual(
      (await audit(inc.id)).map((e) => [e.action, e.actor.id]),
      [
        ['incident.created', api.owner.userId],
        ['incident.acknowledged', responder.userId],
        ['incident.resolved', api.owner.userId],
        ['incident.reopened', api.owner.userId],
        ['incident.acknowledged', api.owner.userId],
      ],
    );
    assert.deepEqual(
      published.map((e) => e.name),
      ['incident.acknowledged', 'incident.resolved', 'incident.updated', 'incident.acknowledged'],
    );
    const [first] = published;
    assert.deepEqual(first?.payload, { incidentId: inc.id, number: inc.number, by: responder.userId });
  });

  test('notes: markdown stored exactly as sent, up to 10,000 characters', async () => {
    const inc = await create();
    const markdown = '## Findings\n<script>alert(1)</script> **bold** [x](javascript:alert(1))\n';
    const res = await act(inc.id, 'notes', { body: markdown });
    const note = res.timeline.at(-1)!;
    assert.equal(note.kind, 'note');
    assert.deepEqual(note.body, { markdown });
    await act(inc.id, 'notes', { body: 'n'.repeat(10_000) });
    for (const body of ['', '   \n', 'n'.repeat(10_001)]) {
      const e = assertApiError(
        await call('POST', `/api/v1/incidents/${inc.id}/notes`, { body }),
        400,
        'validation_failed',
      );
      assert.deepEqual(issuesOf(e)[0]!.path, ['body']);
    }
    const entries = await audit(inc.id);
    assert.deepEqual((entries.at(-2)!.after as { note: string }).note, markdown);
  });

  test('assign: replaces the set; unknown users refused', async () => {
    const inc = await create();
    const other = await signedIn(api, 'responder');
    let res = await act(inc.id, 'assign', { userIds: [responder.userId, other.userId, responder.userId] });
    assert.deepEqual(res.assignees, [responder.userId, other.userId]);
    api.clock.advance(1000);
    res = await act(inc.id, 'assign', { userIds: [other.userId] });
    assert.deepEqual(res.assignees, [other.userId]);
    assert.deepEqual(res.timeline.at(-1)!.body, {
      added: [],
      removed: [responder.userId],
      assignees: [other.userId],
    });
    const entries = res.timeline.length;
    res = await act(inc.id, 'assign', { userIds: [other.userId] });
    assert.equal(res.timeline.length, entries, 'same set: nothing recorded');
    const e = assertApiError(
      await call('POST', `/api/v1/incidents/${inc.id}/assign`, { userIds: ['ghost'] }),
      400,
      'validation_failed',
    );
    assert.deepEqual(issuesOf(e)[0]!.path, ['userIds']);
    res = await act(inc.id, 'assign', { userIds: [] });
    assert.deepEqual(res.assignees, []);
    assert.deepEqual(
      (await audit(inc.id)).map((a) => a.action),
      ['incident.created', 'incident.assigned', 'incident.assigned', 'incident.assigned'],
    );
  });

  test('severity, impact, priority: the matrix follows unless the priority was set by hand', async () => {
    const inc = await create({ severity: 'SEV3', urgency: 'high' });
    assert.deepEqual([inc.impact, inc.priority], ['medium', 'P2']);
    let res = await act(inc.id, 'severity', { severity: 'SEV1' });
    assert.deepEqual([res.severity, res.impact, res.priority], ['SEV1', 'high', 'P1']);
    assert.deepEqual(res.timeline.at(-1)!.body, { from: 'SEV3', to: 'SEV1', impact: 'high', priority: 'P1' });
    res = await act(inc.id, 'impact', { impact: 'low' });
    assert.deepEqual([res.impact, res.priority], ['low', 'P3']);
    res = await act(inc.id, 'severity', { severity: 'SEV2' });
    assert.deepEqual([res.impact, res.priority], ['low', 'P3'], 'an impact judged apart stays');
    res = await act(inc.id, 'priority', { priority: 'P5' });
    assert.deepEqual([res.priority, res.priorityOverridden], ['P5', true]);
    res = await act(inc.id, 'impact', { impact: 'high' });
    assert.deepEqual([res.impact, res.priority], ['high', 'P5'], 'overridden: kept');
    res = await act(inc.id, 'priority', { priority: null });
    assert.deepEqual([res.priority, res.priorityOverridden], ['P1', false]);
    const kinds = res.timeline.map((e) => e.kind);
    assert.deepEqual(kinds.slice(1), [
      'severity_changed',
      'impact_changed',
      'severity_changed',
      'priority_changed',
      'impact_changed',
      'priority_changed',
    ]);
    for (const [action, payload] of [
      ['severity', { severity: 'SEV0' }],
      ['impact', { impact: 'huge' }],
      ['priority', { priority: 'P6' }],
      ['priority', {}],
    ] as const) {
      assertApiError(
        await call('POST', `/api/v1/incidents/${inc.id}/${action}`, payload),
        400,
        'validation_failed',
      );
    }
  });

  test('roles: set, clear, unknown users refused, nothing sent changes nothing', async () => {
    const inc = await create();
    let res = await act(inc.id, 'roles', { commander: responder.userId, scribe: api.owner.userId });
    assert.deepEqual(res.roles, {
      commander: responder.userId,
      communications: null,
      scribe: api.owner.userId,
    });
    res = await act(inc.id, 'roles', { scribe: null });
    assert.deepEqual(res.roles, { commander: responder.userId, communications: null, scribe: null });
    assert.deepEqual(res.timeline.at(-1)!.body, { scribe: { from: api.owner.userId, to: null } });
    const count = res.timeline.length;
    assert.equal((await act(inc.id, 'roles', {})).timeline.length, count);
    assert.equal((await act(inc.id, 'roles', { commander: responder.userId })).timeline.length, count);
    const e = assertApiError(
      await call('POST', `/api/v1/incidents/${inc.id}/roles`, { communications: 'ghost' }),
      400,
      'validation_failed',
    );
    assert.deepEqual(issuesOf(e)[0]!.path, ['communications']);
    assert.equal((await audit(inc.id)).filter((a) => a.action === 'incident.roles_changed').length, 2);
  });

  test('snooze: open incidents only, the status stays, resolving clears it', async () => {
    const inc = await create();
    const res = await act(inc.id, 'snooze', { minutes: 30 });
    assert.equal(res.status, 'triggered');
    assert.equal(res.snoozedUntil, new Date(api.clock.now() + 30 * 60_000).toISOString());
    assert.deepEqual(res.timeline.at(-1)!.body, { minutes: 30, until: res.snoozedUntil });
    for (const minutes of [0, 10_081, 1.5]) {
      assertApiError(
        await call('POST', `/api/v1/incidents/${inc.id}/snooze`, { minutes }),
        400,
        'validation_failed',
      );
    }
    const resolved = await act(inc.id, 'resolve', {});
    assert.equal(resolved.snoozedUntil, null);
    assertApiError(await call('POST', `/api/v1/incidents/${inc.id}/snooze`, { minutes: 5 }), 409, 'conflict');
  });

  test('merge: the source resolves into the target, both timelines say so', async () => {
    const target = await create({ title: 'Payments down' });
    const source = await create({ title: 'Card errors' });
    const res = await act(source.id, 'merge', { intoId: String(target.number) });
    assert.equal(res.status, 'resolved');
    assert.equal(res.mergedIntoId, target.id);
    assert.deepEqual(
      res.timeline.slice(-2).map((e) => [e.kind, e.body]),
      [
        ['resolved', { reason: `merged into #${target.number}` }],
        ['merged', { into: { id: target.id, number: target.number } }],
      ],
    );
    const t = (await call('GET', `/api/v1/incidents/${target.id}`)).json<IncidentDetail>();
    assert.equal(t.status, 'triggered');
    assert.deepEqual(t.timeline.at(-1)!.body, {
      from: { id: source.id, number: source.number, title: 'Card errors' },
    });
    assertApiError(await call('POST', `/api/v1/incidents/${source.id}/reopen`), 409, 'conflict');
    assertApiError(
      await call('POST', `/api/v1/incidents/${source.id}/merge`, { intoId: target.id }),
      409,
      'conflict',
    );
    const third = await create();
    assertApiError(
      await call('POST', `/api/v1/incidents/${third.id}/merge`, { intoId: source.id }),
      409,
      'conflict',
    );
    for (const intoId of [third.id, 'nope', '999999']) {
      const e = assertApiError(
        await call('POST', `/api/v1/incidents/${third.id}/merge`, { intoId }),
        400,
        'validation_failed',
      );
      assert.deepEqual(issuesOf(e)[0]!.path, ['intoId']);
    }
    const log = await audit(source.id);
    assert.deepEqual(log.at(-1)!.action, 'incident.merged');
    assert.deepEqual((log.at(-1)!.after as { mergedInto: unknown }).mergedInto, {
      id: target.id,
      number: target.number,
    });
  });

  test('PATCH: title, description, category; nothing sent changes nothing', async () => {
    const inc = await create();
    const res = await call('PATCH', `/api/v1/incidents/${inc.id}`, {
      title: ' Checkout 502s ',
      description: 'LB health checks',
      category: 'configuration',
    });
    assertStatus(res, 200);
    const body = res.json<IncidentDetail>();
    assert.deepEqual(
      [body.title, body.description, body.category],
      ['Checkout 502s', 'LB health checks', 'configuration'],
    );
    assert.deepEqual(body.timeline.at(-1)!.body, {
      fields: ['title', 'description', 'category'],
      title: { from: 'Checkout errors', to: 'Checkout 502s' },
      description: true,
      category: { from: null, to: 'configuration' },
    });
    const same = (await call('PATCH', `/api/v1/incidents/${inc.id}`, {})).json<IncidentDetail>();
    assert.equal(same.timeline.length, body.timeline.length);
    assertApiError(
      await call('PATCH', `/api/v1/incidents/${inc.id}`, { category: 'gremlins' }),
      400,
      'validation_failed',
    );
    assertApiError(
      await call('PATCH', `/api/v1/incidents/${inc.id}`, { status: 'resolved' }),
      400,
      'validation_failed',
    );
    assertApiError(
      await call('PATCH', `/api/v1/incidents/${inc.id}`, { title: '' }),
      400,
      'validation_failed',
    );
    assertApiError(await call('PATCH', '/api/v1/incidents/999999', {}), 404, 'not_found');
    const cleared = (
      await call('PATCH', `/api/v1/incidents/${inc.id}`, { category: null })
    ).json<IncidentDetail>();
    assert.equal(cleared.category, null);
    assert.deepEqual(
      (await audit(inc.id)).map((a) => a.action),
      ['incident.created', 'incident.updated', 'incident.updated'],
    );
  });

  test('roles: everyone reads; only owners, admins and responders act', async () => {
    const inc = await create();
    const admin = await signedIn(api, 'admin');
    await act(inc.id, 'acknowledge', undefined, admin);
    for (const role of ['stakeholder', 'viewer'] as const) {
      const s = await signedIn(api, role);
      assertStatus(await call('GET', '/api/v1/incidents', undefined, s), 200);
      assertStatus(await call('GET', `/api/v1/incidents/${inc.id}`, undefined, s), 200);
      const before = await rowCounts(api.db);
      assertApiError(await call('POST', '/api/v1/incidents', { title: 'x' }, s), 403, 'forbidden');
      assertApiError(await call('PATCH', `/api/v1/incidents/${inc.id}`, { title: 'x' }, s), 403, 'forbidden');
      for (const [action, payload] of [
        ['acknowledge', undefined],
        ['resolve', {}],
        ['reopen', undefined],
        ['notes', { body: 'x' }],
        ['assign', { userIds: [] }],
        ['severity', { severity: 'SEV1' }],
        ['priority', { priority: 'P1' }],
        ['impact', { impact: 'high' }],
        ['roles', {}],
        ['snooze', { minutes: 5 }],
        ['merge', { intoId: inc.id }],
      ] as const) {
        assertApiError(
          await call('POST', `/api/v1/incidents/${inc.id}/${action}`, payload, s),
          403,
          'forbidden',
        );
      }
      assert.deepEqual(await rowCounts(api.db), before);
    }
    assertApiError(await api.app.inject({ url: '/api/v1/incidents' }), 401, 'unauthenticated');
  });
});
