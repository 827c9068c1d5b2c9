import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { IncidentCategoryView, IncidentDetail } from '../../src/modules/incidents/index.js';
import {
  assertApiError,
  assertStatus,
  injectWritingNothing,
  issuesOf,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as, type Session } from '../helpers/server.js';

const base = '/api/v1/incident-categories';
const defaults = [
  'software_bug',
  'hardware_failure',
  'data_corruption',
  'performance',
  'configuration',
  'security',
  'data_integration',
  'other',
];

/** Incident categories: the seeded list, CRUD, order, archive, roles, audit, and incidents using them. */
describeEachDialect('incident categories API', (kind) => {
  let api: Api;
  let admin: Session;
  let responder: Session;
  let viewer: Session;
  before(async () => {
    api = await startApi(kind);
    admin = await signedIn(api, 'admin');
    responder = await signedIn(api, 'responder');
    viewer = await signedIn(api, 'viewer');
  });
  after(() => api.close());

  /** Changes move the clock a second first, so audit entries keep their order. */
  function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, who: Session = api.owner) {
    if (method !== 'GET') api.clock.advance(1000);
    return api.app.inject({
      method,
      url,
      headers: as(who),
      ...(payload !== undefined && { payload: payload as object }),
    });
  }
  async function ok<T = IncidentCategoryView>(
    res: Awaited<ReturnType<typeof call>>,
    status = 200,
  ): Promise<T> {
    assertStatus(res, status);
    return res.json<T>();
  }
  const ids = async (query = '') =>
    (await ok<{ items: IncidentCategoryView[] }>(await call('GET', `${base}${query}`))).items.map(
      (c) => c.id,
    );
  const audits = async (resourceId?: string) => {
    let q = api.db
      .selectFrom('audit_log')
      .select(['action', 'resource_id', 'before', 'after', 'actor_user_id'])
      .where('resource_type', '=', 'incident_category');
    if (resourceId) q = q.where('resource_id', '=', resourceId);
    return q.orderBy('at').orderBy('id').execute();
  };
  /** Asserts a 400 validation_failed whose first issue is about `field`; answers that issue. */
  const refused = (res: Awaited<ReturnType<typeof call>>, field: string) => {
    const first = issuesOf(assertApiError(res, 400, 'validation_failed'))[0]!;
    assert.ok(
      first.path.includes(field) || first.message.includes(field),
      `expected an issue about ${field}: ${JSON.stringify(first)}`,
    );
    return first;
  };

  test('the eight defaults, in order, readable by every role', async () => {
    const body = await ok<{ items: IncidentCategoryView[] }>(await call('GET', base, undefined, viewer));
    assert.deepEqual(
      body.items.map((c) => [c.id, c.position, c.archived]),
      defaults.map((id, n) => [id, n, false]),
    );
    assert.equal(body.items[0]!.label, 'Software bug');
    assert.equal(body.items[6]!.label, 'Data integration');
    assert.ok(body.items.every((c) => c.description.length > 0));
    assertApiError(await call('GET', `${base}?includeArchived=maybe`), 400, 'validation_failed');
  });

  test('create: id from the label, or given; unique ids and labels; last in order; audited', async () => {
    const net = await ok(
      await call('POST', base, { label: ' Réseau / DNS ', description: 'Name lookups' }, admin),
      201,
    );
    assert.deepEqual(
      { ...net, createdAt: undefined, updatedAt: undefined },
      {
        id: 'reseau_dns',
        label: 'Réseau / DNS',
        description: 'Name lookups',
        position: 8,
        archived: false,
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    assert.equal(net.createdAt, new Date(api.clock.now()).toISOString());
    const given = await ok(await call('POST', base, { id: 'capacity', label: 'Running out of room' }), 201);
    assert.equal(given.id, 'capacity');
    assert.equal(given.position, 9);

    // The derived id is taken (by a renamed category): the next free one.
    const renamed = await ok(await call('PATCH', `${base}/performance`, { label: 'Latency' }));
    assert.equal(renamed.id, 'performance');
    const perf = await ok(await call('POST', base, { label: 'Performance!' }), 201);
    assert.equal(perf.id, 'performance_2');
    // A label that would take a route's path.
    assert.equal((await ok(await call('POST', base, { label: 'Reorder' }), 201)).id, 'reorder_2');

    const clash = assertApiError(await call('POST', base, { label: 'réseau / dns' }), 409, 'already_exists');
    assert.deepEqual(issuesOf(clash)[0]!.path, ['label']);
    const idClash = assertApiError(
      await call('POST', base, { id: 'capacity', label: 'Capacity' }),
      409,
      'already_exists',
    );
    assert.deepEqual(issuesOf(idClash)[0]!.path, ['id']);
    assertApiError(await call('POST', base, { id: 'reorder', label: 'Ordering' }), 409, 'already_exists');
    for (const [payload, field] of [
      [{}, 'label'],
      [{ label: '   ' }, 'label'],
      [{ label: 'x'.repeat(101) }, 'label'],
      [{ id: 'Bad Id', label: 'Bad' }, 'id'],
      [{ id: 'double__underscore', label: 'Bad' }, 'id'],
      [{ id: '_lead', label: 'Bad' }, 'id'],
      [{ label: 'Fine', archived: true }, 'archived'],
    ] as const) {
      const res = await injectWritingNothing(api, {
        method: 'POST',
        url: base,
        headers: as(api.owner),
        payload,
      });
      refused(res, field);
    }
    assert.deepEqual((await ids()).slice(8), ['reseau_dns', 'capacity', 'performance_2', 'reorder_2']);
    const created = (await audits()).filter((a) => a.action === 'incident_category.created');
    assert.deepEqual(
      created.map((a) => [a.resource_id, a.actor_user_id]),
      [
        ['reseau_dns', admin.userId],
        ['capacity', api.owner.userId],
        ['performance_2', api.owner.userId],
        ['reorder_2', api.owner.userId],
      ],
    );
    assert.equal((JSON.parse(created[0]!.after!) as IncidentCategoryView).label, 'Réseau / DNS');
  });

  test('only owners and admins change categories; the refusal writes nothing', async () => {
    for (const who of [responder, viewer]) {
      for (const [method, url, payload] of [
        ['POST', base, { label: 'Not allowed' }],
        ['PATCH', `${base}/other`, { label: 'Misc' }],
        ['POST', `${base}/reorder`, { ids: defaults }],
      ] as const) {
        const res = await injectWritingNothing(api, { method, url, headers: as(who), payload });
        assertApiError(res, 403, 'forbidden');
      }
    }
    assertStatus(await call('PATCH', `${base}/other`, { description: 'Anything else at all.' }, admin), 200);
  });

  test('update: rename, describe, archive, unarchive; audited by what changed; nothing sent changes nothing', async () => {
    await ok(await call('POST', base, { id: 'flaky', label: 'Flaky tests' }), 201);
    const renamed = await ok(
      await call('PATCH', `${base}/flaky`, { label: 'Flaky checks', description: 'CI noise' }),
    );
    assert.deepEqual([renamed.id, renamed.label, renamed.description], ['flaky', 'Flaky checks', 'CI noise']);
    const archived = await ok(await call('PATCH', `${base}/flaky`, { archived: true }));
    assert.equal(archived.archived, true);
    assert.ok(!(await ids()).includes('flaky'), 'archived ones are not offered');
    assert.ok((await ids('?includeArchived=true')).includes('flaky'));
    assert.ok(!(await ids('?includeArchived=false')).includes('flaky'));
    const same = await ok(await call('PATCH', `${base}/flaky`, { archived: true, label: 'Flaky checks' }));
    assert.equal(same.updatedAt, archived.updatedAt);
    await ok(await call('PATCH', `${base}/flaky`, { archived: false }));
    assert.deepEqual(
      (await audits('flaky')).map((a) => a.action),
      [
        'incident_category.created',
        'incident_category.updated',
        'incident_category.archived',
        'incident_category.unarchived',
      ],
    );
    const updated = (await audits('flaky'))[1]!;
    assert.equal(JSON.parse(updated.before!).label, 'Flaky tests');
    assert.equal(JSON.parse(updated.after!).label, 'Flaky checks');

    const clash = assertApiError(
      await call('PATCH', `${base}/flaky`, { label: 'SECURITY' }),
      409,
      'already_exists',
    );
    assert.deepEqual(issuesOf(clash)[0]!.path, ['label']);
    // Its own label in another case is not a clash.
    assert.equal(
      (await ok(await call('PATCH', `${base}/flaky`, { label: 'flaky checks' }))).label,
      'flaky checks',
    );
    assertApiError(await call('PATCH', `${base}/nope`, { label: 'x' }), 404, 'not_found');
    refused(await call('PATCH', `${base}/flaky`, { id: 'renamed' }), 'id');
    refused(await call('PATCH', `${base}/flaky`, { archived: 'yes' }), 'archived');
    assertApiError(await call('PATCH', `${base}/reorder`, { label: 'x' }), 404, 'route_not_found');
    assertApiError(await call('DELETE' as 'GET', `${base}/flaky`), 404, 'route_not_found');
  });

  test('reorder: every category exactly once, archived ones included; audited once', async () => {
    await ok(await call('PATCH', `${base}/security`, { archived: true }));
    const all = await ids('?includeArchived=true');
    const reversed = [...all].reverse();
    const body = await ok<{ items: IncidentCategoryView[] }>(
      await call('POST', `${base}/reorder`, { ids: reversed }),
    );
    assert.deepEqual(
      body.items.map((c) => [c.id, c.position]),
      reversed.map((id, n) => [id, n]),
    );
    assert.deepEqual(await ids('?includeArchived=true'), reversed);
    assert.deepEqual(
      await ids(),
      reversed.filter((i) => i !== 'security'),
    );
    for (const bad of [
      reversed.filter((i) => i !== 'security'),
      [...reversed, 'other'],
      [...reversed.slice(1), 'nope'],
      [],
    ]) {
      const res = await injectWritingNothing(api, {
        method: 'POST',
        url: `${base}/reorder`,
        headers: as(api.owner),
        payload: { ids: bad },
      });
      assert.deepEqual(refused(res, 'ids').path, ['ids']);
    }
    const before = (await audits()).length;
    await ok(await call('POST', `${base}/reorder`, { ids: reversed }));
    assert.equal((await audits()).length, before, 'the same order changes nothing');
    const reorders = (await audits()).filter((a) => a.action === 'incident_category.reordered');
    assert.equal(reorders.length, 1);
    assert.deepEqual(JSON.parse(reorders[0]!.before!).ids, all);
    assert.deepEqual(JSON.parse(reorders[0]!.after!).ids, reversed);
    await ok(await call('POST', `${base}/reorder`, { ids: all }));
    await ok(await call('PATCH', `${base}/security`, { archived: false }));
  });

  test('incidents take a category that exists and is not archived; an archived one stays where it is', async () => {
    const mk = (payload: Record<string, unknown>) =>
      call('POST', '/api/v1/incidents', { title: 'Disk full', ...payload }, responder);
    await ok(await call('POST', base, { id: 'storage', label: 'Storage' }), 201);
    const inc = await ok<IncidentDetail>(await mk({ category: 'storage' }), 201);
    assert.equal(inc.category, 'storage');

    for (const category of ['gremlins', 'STORAGE']) {
      const res = await injectWritingNothing(api, {
        method: 'POST',
        url: '/api/v1/incidents',
        headers: as(responder),
        payload: { title: 'x', category },
      });
      const i = refused(res, 'category');
      assert.deepEqual([i.in, i.path], ['body', ['category']]);
      assert.match(i.message, /no such category/);
    }

    await ok(await call('PATCH', `${base}/storage`, { archived: true }));
    const archivedIssue = refused(await mk({ category: 'storage' }), 'category');
    assert.deepEqual(archivedIssue.path, ['category']);
    assert.match(archivedIssue.message, /Storage is archived/);

    // The incident that has it keeps it: it reads back, and edits that leave it alone pass.
    const read = await ok<IncidentDetail>(
      await call('GET', `/api/v1/incidents/${inc.id}`, undefined, viewer),
    );
    assert.equal(read.category, 'storage');
    const retitled = await ok<IncidentDetail>(
      await call(
        'PATCH',
        `/api/v1/incidents/${inc.id}`,
        { title: 'Disk full on db-2', category: 'storage' },
        responder,
      ),
    );
    assert.deepEqual([retitled.title, retitled.category], ['Disk full on db-2', 'storage']);

    // Moving away from it works; moving back to it does not.
    const moved = await ok<IncidentDetail>(
      await call('PATCH', `/api/v1/incidents/${inc.id}`, { category: 'hardware_failure' }, responder),
    );
    assert.equal(moved.category, 'hardware_failure');
    const back = await injectWritingNothing(api, {
      method: 'PATCH',
      url: `/api/v1/incidents/${inc.id}`,
      headers: as(responder),
      payload: { category: 'storage', title: 'ignored' },
    });
    assert.deepEqual(refused(back, 'category').path, ['category']);
    assertApiError(
      await call('PATCH', `/api/v1/incidents/${inc.id}`, { category: 'nope' }, responder),
      400,
      'validation_failed',
    );
    const cleared = await ok<IncidentDetail>(
      await call('PATCH', `/api/v1/incidents/${inc.id}`, { category: null }, responder),
    );
    assert.equal(cleared.category, null);

    // Unarchived, it can be chosen again.
    await ok(await call('PATCH', `${base}/storage`, { archived: false }));
    assert.equal((await ok<IncidentDetail>(await mk({ category: 'storage' }), 201)).category, 'storage');
  });
});
