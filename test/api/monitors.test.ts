import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MonitorView } from '../../src/modules/monitors/monitors.schema.js';
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

/** /api/v1/monitors: create, validation, edit, pause, clone, delete, import, list, roles. */
describeEachDialect('monitors API', (kind) => {
  let api: Api;
  let serviceId: string;
  before(async () => {
    api = await startApi(kind);
    serviceId = (
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/services',
        headers: as(api.owner),
        payload: { name: 'Web' },
      })
    ).json<{ id: string }>().id;
  });
  after(async () => {
    await api.close();
  });

  const call = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    api.app.inject({
      method,
      url,
      headers: as(s),
      ...(payload !== undefined && { payload: payload as object }),
    });
  const http = (over: object = {}) => ({
    name: 'Homepage',
    type: 'http',
    serviceId,
    config: { url: 'https://example.com/' },
    ...over,
  });

  test('create, read, edit, pause, resume, clone and delete; each change audited', async () => {
    const res = await call(api.owner, 'POST', '/api/v1/monitors', http({ intervalSeconds: 30, retries: 2 }));
    assertStatus(res, 201);
    const m = res.json<MonitorView>();
    assert.equal(m.state, 'pending');
    assert.equal(m.intervalSeconds, 30);
    assert.equal(m.retries, 2);
    assert.equal(m.timeoutMs, 10_000);
    assert.equal((m.config as { url: string }).url, 'https://example.com/');
    assert.equal((m.config as { method: string }).method, 'GET', 'the checker schema fills defaults');
    assert.match(m.badgePath, /^\/api\/v1\/badges\/[\w-]+\.svg$/);
    const next = Date.parse(m.nextCheckAt) - api.clock.now();
    assert.ok(next >= 0 && next < 30_000, 'first check within one interval (jittered by id)');

    // The service got one "Keel monitors" integration, shared by its monitors.
    const second = await call(api.owner, 'POST', '/api/v1/monitors', http({ name: 'Second' }));
    assertStatus(second, 201);
    const integrations = await api.db
      .selectFrom('integrations')
      .select(['name', 'type'])
      .where('service_id', '=', serviceId)
      .execute();
    assert.deepEqual(integrations, [{ name: 'Keel monitors', type: 'keel' }]);

    assert.deepEqual((await call(api.owner, 'GET', `/api/v1/monitors/${m.id}`)).json(), m);

    api.clock.advance(1000);
    const edited = await call(api.owner, 'PATCH', `/api/v1/monitors/${m.id}`, {
      name: 'Home',
      config: { url: 'http://example.com/x' },
    });
    assertStatus(edited, 200);
    assert.equal(edited.json<MonitorView>().name, 'Home');
    assert.equal(edited.json<MonitorView>().updatedAt, '2026-03-01T09:00:01.000Z');

    const paused = await call(api.owner, 'POST', `/api/v1/monitors/${m.id}/pause`);
    assert.equal(paused.json<MonitorView>().paused, true);
    const resumed = await call(api.owner, 'POST', `/api/v1/monitors/${m.id}/resume`);
    assert.equal(resumed.json<MonitorView>().paused, false);

    const clone = await call(api.owner, 'POST', `/api/v1/monitors/${m.id}/clone`);
    assertStatus(clone, 201);
    assert.equal(clone.json<MonitorView>().name, 'Home (copy)');
    assert.notEqual(clone.json<MonitorView>().badgePath, m.badgePath);

    assertStatus(await call(api.owner, 'DELETE', `/api/v1/monitors/${clone.json<MonitorView>().id}`), 204);
    assertApiError(
      await call(api.owner, 'GET', `/api/v1/monitors/${clone.json<MonitorView>().id}`),
      404,
      'not_found',
    );

    const actions = await api.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_type', '=', 'monitor')
      .where('resource_id', '=', m.id)
      .orderBy('at')
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      ['monitor.created', 'monitor.updated', 'monitor.paused', 'monitor.resumed'],
    );
  });

  test("bad input answers 400 with the checker's message and writes nothing", async () => {
    const cases: [object, string, RegExp][] = [
      [http({ config: { url: 'not a url' } }), 'config.url', /not a valid URL/],
      [http({ config: { url: 'ftp://example.com/' } }), 'config.url', /unsupported scheme "ftp"/],
      [http({ intervalSeconds: 5 }), 'intervalSeconds', /at least 10/],
      [
        { name: 'DNS', type: 'dns', serviceId, config: { name: 'example.com', resolver: 'nope' } },
        'config.resolver',
        /unknown resolver "nope"/,
      ],
      [http({ type: 'smtp' }), 'type', /type must be one of/],
      [http({ serviceId: 'missing' }), 'serviceId', /no service/],
      [http({ timeoutMs: 20_000, intervalSeconds: 10 }), 'timeoutMs', /interval/],
      [http({ dependsOn: ['nope'] }), 'dependsOn.0', /no monitor/],
    ];
    const before = await api.db
      .selectFrom('monitors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [body, path, message] of cases) {
      const error = assertApiError(
        await call(api.owner, 'POST', '/api/v1/monitors', body),
        400,
        'validation_failed',
      );
      const issue = issuesOf(error).find((i) => i.path.join('.') === path);
      assert.ok(issue, `${path} in ${JSON.stringify(error.details)}`);
      assert.match(issue.message, message);
    }
    const afterCount = await api.db
      .selectFrom('monitors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  test('secrets in config are never shown; sending the placeholder back keeps them', async () => {
    const res = await call(
      api.owner,
      'POST',
      '/api/v1/monitors',
      http({
        name: 'With auth',
        config: {
          url: 'https://example.com/',
          auth: { type: 'bearer', token: 's3cret' },
          headers: { Authorization: 'x', Accept: 'text/plain' },
        },
      }),
    );
    assertStatus(res, 201);
    const m = res.json<MonitorView>();
    const shown = m.config as { auth: { token: string }; headers: Record<string, string> };
    assert.equal(shown.auth.token, '<redacted>');
    assert.deepEqual(shown.headers, { Authorization: '<redacted>', Accept: 'text/plain' });
    assert.ok(
      !JSON.stringify(
        (await call(await signedIn(api, 'viewer'), 'GET', `/api/v1/monitors/${m.id}`)).json(),
      ).includes('s3cret'),
    );
    assertStatus(
      await call(api.owner, 'PATCH', `/api/v1/monitors/${m.id}`, {
        config: { ...m.config, url: 'https://example.com/2' },
      }),
      200,
    );
    const stored = JSON.parse(
      (await api.db.selectFrom('monitors').select('config').where('id', '=', m.id).executeTakeFirstOrThrow())
        .config,
    ) as typeof shown & { url: string };
    assert.equal(stored.auth.token, 's3cret');
    assert.equal(stored.headers.Authorization, 'x');
    assert.equal(stored.url, 'https://example.com/2');
  });

  test('dependencies: must exist and make no cycle; a monitor others depend on cannot be deleted', async () => {
    const a = (await call(api.owner, 'POST', '/api/v1/monitors', http({ name: 'A' }))).json<MonitorView>();
    const b = (
      await call(api.owner, 'POST', '/api/v1/monitors', http({ name: 'B', dependsOn: [a.id] }))
    ).json<MonitorView>();
    assert.deepEqual(b.dependsOn, [a.id]);
    const error = assertApiError(
      await call(api.owner, 'PATCH', `/api/v1/monitors/${a.id}`, { dependsOn: [b.id] }),
      400,
      'validation_failed',
    );
    assert.match(issuesOf(error)[0]!.message, /cycle/);
    assertApiError(
      await call(api.owner, 'PATCH', `/api/v1/monitors/${a.id}`, { dependsOn: [a.id] }),
      400,
      'validation_failed',
    );
    assertApiError(await call(api.owner, 'DELETE', `/api/v1/monitors/${a.id}`), 409, 'conflict');
  });

  test('bulk import: JSON and CSV, all or nothing with per-row errors', async () => {
    const ok = await call(api.owner, 'POST', '/api/v1/monitor-imports', [
      http({ name: 'Import 1' }),
      { name: 'Import 2', type: 'tcp', serviceId, config: { host: 'db.internal', port: 5432 } },
    ]);
    assertStatus(ok, 201);
    assert.equal(ok.json<{ items: MonitorView[] }>().items.length, 2);

    const csv = [
      'name,type,serviceId,url,host,port,intervalSeconds,inverted',
      `CSV web,http,${serviceId},https://example.org/,,,20,`,
      `"CSV, tcp",tcp,${serviceId},,db.internal,5432,,true`,
    ].join('\n');
    const fromCsv = await call(api.owner, 'POST', '/api/v1/monitor-imports', { csv });
    assertStatus(fromCsv, 201);
    const items = fromCsv.json<{ items: MonitorView[] }>().items;
    assert.deepEqual(
      items.map((i) => [i.name, i.type, i.intervalSeconds, i.inverted]),
      [
        ['CSV web', 'http', 20, false],
        ['CSV, tcp', 'tcp', 60, true],
      ],
    );

    const count = async () =>
      Number(
        (
          await api.db
            .selectFrom('monitors')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bad = await call(api.owner, 'POST', '/api/v1/monitor-imports', [
      http({ name: 'fine' }),
      http({ config: { url: 'gopher://x' } }),
      http({ intervalSeconds: 1 }),
    ]);
    const error = assertApiError(bad, 400, 'validation_failed');
    const paths = issuesOf(error).map((i) => i.path.join('.'));
    assert.ok(paths.includes('1.config.url') && paths.includes('2.intervalSeconds'), paths.join(' '));
    const badCsv = await call(api.owner, 'POST', '/api/v1/monitor-imports', {
      csv: `name,type,serviceId,url\nx,http,${serviceId},nope`,
    });
    assert.ok(
      issuesOf(assertApiError(badCsv, 400, 'validation_failed')).some(
        (i) => i.path.join('.') === '0.config.url',
      ),
    );
    assert.equal(await count(), before, 'nothing written');
  });

  test('list: filters on state, type, service and name; keyset pages', async () => {
    const other = (await call(api.owner, 'POST', '/api/v1/services', { name: 'Other' })).json<{
      id: string;
    }>().id;
    for (let i = 0; i < 5; i++) {
      api.clock.advance(1);
      assertStatus(
        await call(api.owner, 'POST', '/api/v1/monitors', http({ name: `Paged ${i}`, serviceId: other })),
        201,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: MonitorView[]; nextCursor: string | null } = (
        await call(
          api.owner,
          'GET',
          `/api/v1/monitors?service=${other}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...page.items.map((m) => m.name));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['Paged 4', 'Paged 3', 'Paged 2', 'Paged 1', 'Paged 0']);
    const q = (await call(api.owner, 'GET', '/api/v1/monitors?q=paged%203')).json<{ items: MonitorView[] }>();
    assert.deepEqual(
      q.items.map((m) => m.name),
      ['Paged 3'],
    );
    const tcp = (await call(api.owner, 'GET', '/api/v1/monitors?type=tcp')).json<{ items: MonitorView[] }>();
    assert.ok(tcp.items.length >= 2 && tcp.items.every((m) => m.type === 'tcp'));
    const pending = (await call(api.owner, 'GET', '/api/v1/monitors?state=pending&limit=500')).json<{
      items: MonitorView[];
    }>();
    assert.ok(pending.items.length >= 5 && pending.items.every((m) => m.state === 'pending'));
    assertApiError(await call(api.owner, 'GET', '/api/v1/monitors?state=sideways'), 400, 'validation_failed');
  });

  test('roles: viewers read, responders create, viewers cannot change', async () => {
    const viewer = await signedIn(api, 'viewer');
    const responder = await signedIn(api, 'responder');
    assertStatus(await call(viewer, 'GET', '/api/v1/monitors'), 200);
    assertApiError(await call(viewer, 'POST', '/api/v1/monitors', http()), 403, 'forbidden');
    const made = await call(responder, 'POST', '/api/v1/monitors', http({ name: 'By responder' }));
    assertStatus(made, 201);
    const id = made.json<MonitorView>().id;
    assertApiError(await call(viewer, 'PATCH', `/api/v1/monitors/${id}`, { name: 'x' }), 403, 'forbidden');
    assertApiError(await call(viewer, 'DELETE', `/api/v1/monitors/${id}`), 403, 'forbidden');
    assertApiError(await call(viewer, 'POST', '/api/v1/monitor-imports', [http()]), 403, 'forbidden');
  });
});
