import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, issuesOf, signedIn, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as, type Session } from '../helpers/server.js';

/** Routing rules, silences and maintenance windows through the API: CRUD, order, validation, roles, audit. */
describeEachDialect('routing rules, silences and maintenance windows API', (kind) => {
  let api: Api;
  let checkout = '';
  let search = '';
  before(async () => {
    api = await startApi(kind);
    checkout = (await call('POST', '/api/v1/services', { name: 'Checkout' })).json().id;
    search = (await call('POST', '/api/v1/services', { name: 'Search' })).json().id;
  });
  after(() => api.close());

  function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, who?: Session) {
    return api.app.inject({
      method,
      url,
      headers: as(who ?? api.owner),
      ...(payload !== undefined && { payload: payload as object }),
    });
  }
  const ok = async (res: Awaited<ReturnType<typeof call>>, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const audits = async (action: string) =>
    (await api.db.selectFrom('audit_log').select('action').where('action', '=', action).execute()).length;

  test('routing rules: create in order, insert at a position, reorder, move scope, delete', async () => {
    const mk = (name: string, more: object = {}) =>
      call('POST', '/api/v1/routing-rules', {
        name,
        serviceId: checkout,
        conditions: [{ field: 'label', key: 'env', op: 'equals', value: 'prod' }],
        actions: { severity: 'critical', labels: { routed: 'yes' } },
        ...more,
      });
    const a = await ok(await mk('A'), 201);
    assert.deepEqual(
      { ...a, id: undefined, createdAt: undefined, updatedAt: undefined },
      {
        id: undefined,
        name: 'A',
        serviceId: checkout,
        position: 0,
        enabled: true,
        match: 'all',
        conditions: [{ field: 'label', key: 'env', op: 'equals', value: 'prod' }],
        actions: { severity: 'critical', labels: { routed: 'yes' } },
        continue: false,
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    assert.match(a.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    assert.equal(a.createdAt, '2026-03-01T09:00:00.000Z');
    const b = await ok(await mk('B'), 201);
    const first = await ok(await mk('First', { position: 0 }), 201);
    const names = async (scope: string) =>
      (await ok(await call('GET', `/api/v1/routing-rules?service=${scope}`))).items.map(
        (r: { name: string; position: number }) => `${r.position}:${r.name}`,
      );
    assert.deepEqual(await names(checkout), ['0:First', '1:A', '2:B']);

    const reordered = await ok(
      await call('POST', '/api/v1/routing-rules/reorder', {
        serviceId: checkout,
        ids: [b.id, first.id, a.id],
      }),
    );
    assert.deepEqual(
      reordered.items.map((r: { name: string }) => r.name),
      ['B', 'First', 'A'],
    );
    const partial = await call('POST', '/api/v1/routing-rules/reorder', { serviceId: checkout, ids: [b.id] });
    assert.deepEqual(issuesOf(assertApiError(partial, 400, 'validation_failed'))[0]!.path, ['ids']);

    const moved = await ok(
      await call('PATCH', `/api/v1/routing-rules/${first.id}`, { serviceId: null, continue: true }),
    );
    assert.equal(moved.serviceId, null);
    assert.equal(moved.continue, true);
    assert.deepEqual(await names(checkout), ['0:B', '1:A']);
    assert.deepEqual(await names('global'), ['0:First']);
    const all = await ok(await call('GET', '/api/v1/routing-rules'));
    assert.equal(all.items[0].name, 'First', 'global rules come first');

    assert.equal((await call('DELETE', `/api/v1/routing-rules/${b.id}`)).statusCode, 204);
    assert.deepEqual(await names(checkout), ['0:A']);
    assertApiError(await call('GET', `/api/v1/routing-rules/${b.id}`), 404, 'not_found');
    assert.equal(await audits('routing_rule.created'), 3);
    assert.equal(await audits('routing_rule.reordered'), 1);
    assert.equal(await audits('routing_rule.updated'), 1);
    assert.equal(await audits('routing_rule.deleted'), 1);
  });

  test('routing rules: bad input names the field', async () => {
    const cases: [object, (string | number)[]][] = [
      [
        { name: 'x', conditions: [{ field: 'summary', op: 'matches', value: '(a+)+' }] },
        ['conditions', 0, 'value'],
      ],
      [
        { name: 'x', conditions: [{ field: 'summary', op: 'matches', value: '([' }] },
        ['conditions', 0, 'value'],
      ],
      [{ name: 'x', conditions: [{ field: 'label', op: 'exists' }] }, ['conditions', 0, 'key']],
      [{ name: 'x', conditions: [{ field: 'source', op: 'equals' }] }, ['conditions', 0, 'value']],
      [{ name: 'x', conditions: [{ field: 'source', op: 'like', value: 'a' }] }, ['conditions', 0, 'op']],
      [{ name: 'x', actions: { severity: 'SEV1' } }, ['actions', 'severity']],
      [{ name: 'x', actions: { serviceId: 'nope' } }, ['actions', 'serviceId']],
      [{ name: 'x', serviceId: checkout, actions: { serviceId: search } }, ['actions', 'serviceId']],
      [{ name: 'x', serviceId: 'nope' }, ['serviceId']],
      [{ name: ' ' }, ['name']],
    ];
    for (const [body, path] of cases) {
      const res = await call('POST', '/api/v1/routing-rules', body);
      const issues = issuesOf(assertApiError(res, 400, 'validation_failed'));
      assert.deepEqual(issues[0]!.path.map(String), path.map(String), JSON.stringify(body));
    }
  });

  test('silences: create with defaults, states, edit, expire keeps the row', async () => {
    const created = await ok(
      await call('POST', '/api/v1/silences', {
        matchers: [{ label: 'instance', op: '=~', value: 'db-\\d+' }],
        endsAt: '2026-03-01T11:00:00Z',
        comment: 'disk swap',
      }),
      201,
    );
    assert.equal(created.startsAt, '2026-03-01T09:00:00.000Z', 'starts now by default');
    assert.equal(created.state, 'active');
    assert.deepEqual(created.createdBy, { id: api.owner.userId, name: 'Olive Owner' });
    assert.equal(created.serviceId, null);
    const later = await ok(
      await call('POST', '/api/v1/silences', {
        matchers: [{ label: 'service', op: '=', value: 'Checkout' }],
        startsAt: '2026-03-02T00:00:00+01:00',
        endsAt: '2026-03-02T02:00:00+01:00',
        serviceId: checkout,
      }),
      201,
    );
    assert.equal(later.state, 'pending');
    assert.equal(later.startsAt, '2026-03-01T23:00:00.000Z');

    const states = async (state: string) =>
      (await ok(await call('GET', `/api/v1/silences?state=${state}`))).items.map((s: { id: string }) => s.id);
    assert.deepEqual(await states('active'), [created.id]);
    assert.deepEqual(await states('pending'), [later.id]);
    assert.deepEqual(await states('expired'), []);

    const edited = await ok(
      await call('PATCH', `/api/v1/silences/${created.id}`, { comment: 'disk swap, rack 4' }),
    );
    assert.equal(edited.comment, 'disk swap, rack 4');
    const expired = await ok(await call('DELETE', `/api/v1/silences/${created.id}`));
    assert.equal(expired.state, 'expired');
    assert.equal(expired.endsAt, '2026-03-01T09:00:00.000Z');
    assert.deepEqual(await states('expired'), [created.id]);
    assertApiError(await call('PATCH', `/api/v1/silences/${created.id}`, { comment: 'x' }), 409, 'conflict');
    const expiredPending = await ok(await call('DELETE', `/api/v1/silences/${later.id}`));
    assert.equal(expiredPending.startsAt, expiredPending.endsAt, 'a pending silence ends before it starts');
    assert.equal(await audits('silence.created'), 2);
    assert.equal(await audits('silence.updated'), 1);
    assert.equal(await audits('silence.expired'), 2);
  });

  test('silences: bad input', async () => {
    const end = '2026-03-01T10:00:00Z';
    const cases: [object, (string | number)[]][] = [
      [{ matchers: [], endsAt: end }, ['matchers']],
      [{ matchers: [{ label: 'a', op: '=~', value: '(' }], endsAt: end }, ['matchers', 0, 'value']],
      [{ matchers: [{ label: 'a', op: '=~', value: '(.+)*' }], endsAt: end }, ['matchers', 0, 'value']],
      [{ matchers: [{ label: 'a', op: '~', value: 'x' }], endsAt: end }, ['matchers', 0, 'op']],
      [{ matchers: [{ label: 'a', op: '=', value: 'x' }], endsAt: '2026-03-01T08:00:00Z' }, ['endsAt']],
      [
        { matchers: [{ label: 'a', op: '=', value: 'x' }], startsAt: '2026-03-01T11:00:00Z', endsAt: end },
        ['endsAt'],
      ],
      [{ matchers: [{ label: 'a', op: '=~', value: '.*' }], endsAt: end }, ['matchers']],
      [{ matchers: [{ label: 'a', op: '=', value: 'x' }], endsAt: 'tomorrow' }, ['endsAt']],
      [{ matchers: [{ label: 'a', op: '=', value: 'x' }], endsAt: end, serviceId: 'nope' }, ['serviceId']],
    ];
    for (const [body, path] of cases) {
      const res = await call('POST', '/api/v1/silences', body);
      const issues = issuesOf(assertApiError(res, 400, 'validation_failed'));
      assert.deepEqual(issues[0]!.path.map(String), path.map(String), JSON.stringify(body));
    }
  });

  test('maintenance windows: one-off and recurring, state, next occurrence, filters', async () => {
    const once = await ok(
      await call('POST', '/api/v1/maintenance-windows', {
        title: 'DB upgrade',
        serviceIds: [checkout],
        startsAt: '2026-03-01T08:00:00Z',
        endsAt: '2026-03-01T10:00:00Z',
      }),
      201,
    );
    assert.equal(once.state, 'in_progress');
    assert.equal(once.timeZone, 'UTC');
    assert.equal(once.recurrence, null);
    assert.equal(once.nextStartsAt, '2026-03-01T08:00:00.000Z');
    const weekly = await ok(
      await call('POST', '/api/v1/maintenance-windows', {
        title: 'Sunday patching',
        description: 'OS patches',
        serviceIds: [checkout, search],
        startsAt: '2026-03-01T02:00:00-05:00',
        endsAt: '2026-03-01T04:00:00-05:00',
        timeZone: 'America/New_York',
        recurrence: { frequency: 'weekly', interval: 1, until: null },
      }),
      201,
    );
    assert.equal(weekly.state, 'scheduled');
    // 8 March is the first Sunday of EDT: 02:00 local does not exist, so it starts at 03:00 EDT.
    assert.equal(weekly.nextStartsAt, '2026-03-08T07:00:00.000Z');
    assert.equal(weekly.nextEndsAt, '2026-03-08T08:00:00.000Z');
    assert.deepEqual(weekly.serviceIds, [checkout, search].sort());
    assert.deepEqual(weekly.recurrence, { frequency: 'weekly', interval: 1, until: null });

    const ids = async (q: string) =>
      (await ok(await call('GET', `/api/v1/maintenance-windows?${q}`))).items.map(
        (w: { id: string }) => w.id,
      );
    assert.deepEqual(await ids('state=in_progress'), [once.id]);
    assert.deepEqual(await ids('state=scheduled'), [weekly.id]);
    assert.deepEqual(await ids(`service=${search}`), [weekly.id]);
    api.clock.set('2026-03-01T10:00:00Z');
    assert.deepEqual(await ids('state=completed'), [once.id]);

    const patched = await ok(
      await call('PATCH', `/api/v1/maintenance-windows/${weekly.id}`, {
        serviceIds: [search],
        recurrence: { frequency: 'daily', interval: 2, until: '2026-03-05T12:00:00Z' },
      }),
    );
    assert.deepEqual(patched.serviceIds, [search]);
    assert.equal(patched.nextStartsAt, '2026-03-03T07:00:00.000Z');
    assert.equal((await call('DELETE', `/api/v1/maintenance-windows/${once.id}`)).statusCode, 204);
    assertApiError(await call('GET', `/api/v1/maintenance-windows/${once.id}`), 404, 'not_found');
    assert.equal(await audits('maintenance_window.created'), 2);
    assert.equal(await audits('maintenance_window.updated'), 1);
    assert.equal(await audits('maintenance_window.deleted'), 1);
    api.clock.set('2026-03-01T09:00:00Z');
  });

  test('maintenance windows: bad input', async () => {
    const base = {
      title: 'x',
      serviceIds: [checkout],
      startsAt: '2026-03-02T00:00:00Z',
      endsAt: '2026-03-02T01:00:00Z',
    };
    const cases: [object, (string | number)[]][] = [
      [{ ...base, timeZone: 'Mars/Olympus' }, ['timeZone']],
      [{ ...base, serviceIds: [] }, ['serviceIds']],
      [{ ...base, serviceIds: ['nope'] }, ['serviceIds']],
      [{ ...base, endsAt: base.startsAt }, ['endsAt']],
      [{ ...base, recurrence: { frequency: 'hourly', interval: 1 } }, ['recurrence', 'frequency']],
      [{ ...base, recurrence: { frequency: 'daily', interval: 0 } }, ['recurrence', 'interval']],
      [{ ...base, endsAt: '2026-03-03T02:00:00Z', recurrence: { frequency: 'daily' } }, ['endsAt']],
      [{ ...base, recurrence: { frequency: 'daily', until: '2026-03-01T00:00:00Z' } }, ['recurrence']],
    ];
    for (const [body, path] of cases) {
      const res = await call('POST', '/api/v1/maintenance-windows', body);
      const issues = issuesOf(assertApiError(res, 400, 'validation_failed'));
      assert.deepEqual(issues[0]!.path.map(String), path.map(String), JSON.stringify(body));
    }
  });

  test('everyone reads; responders write; viewers and stakeholders cannot', async () => {
    const viewer = await signedIn(api, 'viewer');
    const stakeholder = await signedIn(api, 'stakeholder');
    const responder = await signedIn(api, 'responder');
    const silence = {
      matchers: [{ label: 'env', op: '=', value: 'staging' }],
      endsAt: '2026-03-01T12:00:00Z',
    };
    for (const url of ['/api/v1/routing-rules', '/api/v1/silences', '/api/v1/maintenance-windows']) {
      await ok(await call('GET', url, undefined, viewer));
    }
    for (const who of [viewer, stakeholder]) {
      assertApiError(await call('POST', '/api/v1/silences', silence, who), 403, 'forbidden');
      assertApiError(await call('POST', '/api/v1/routing-rules', { name: 'n' }, who), 403, 'forbidden');
      assertApiError(
        await call(
          'POST',
          '/api/v1/maintenance-windows',
          { title: 't', serviceIds: [checkout], startsAt: 'x', endsAt: 'y' },
          who,
        ),
        403,
        'forbidden',
      );
    }
    const made = await ok(await call('POST', '/api/v1/silences', silence, responder), 201);
    assert.equal(made.createdBy.id, responder.userId);
    assertApiError(await call('DELETE', `/api/v1/silences/${made.id}`, undefined, viewer), 403, 'forbidden');
  });
});
