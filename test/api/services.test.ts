import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import { as, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';

describeEachDialect('services API', (kind) => {
  let server: TestServer;
  let owner: Session;
  before(async () => {
    server = await startTestServer({ kind });
    owner = await setupOwner(server.app);
  });
  after(() => server.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    session: Session = owner,
  ) =>
    server.app.inject({
      method,
      url,
      headers: as(session),
      ...(payload !== undefined && { payload: payload as object }),
    });

  test('a name is the only field required; defaults are filled in', async () => {
    const res = await call('POST', '/api/v1/services', { name: 'Checkout' });
    assert.equal(res.statusCode, 201, res.body);
    const svc = res.json();
    assert.equal(svc.name, 'Checkout');
    assert.deepEqual(svc.settings.grouping, { mode: 'alert' });
    assert.equal(svc.settings.autoResolve, true);
    assert.deepEqual(svc.settings.severityMapping.critical, { severity: 'SEV1', urgency: 'high' });
    assert.deepEqual(svc.dependsOn, []);
    const got = await call('GET', `/api/v1/services/${svc.id}`);
    assert.deepEqual(got.json(), svc);
  });

  test('duplicate names conflict; unknown teams and dependencies are refused', async () => {
    await call('POST', '/api/v1/services', { name: 'Search' });
    const dup = await call('POST', '/api/v1/services', { name: 'Search' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().error.code, 'already_exists');
    const team = await call('POST', '/api/v1/services', { name: 'X', ownerTeamId: 'nope' });
    assert.equal(team.statusCode, 400);
    assert.deepEqual(team.json().error.details.issues[0].path, ['ownerTeamId']);
    const dep = await call('POST', '/api/v1/services', { name: 'Y', dependsOn: ['nope'] });
    assert.equal(dep.statusCode, 400);
    const count = await server.keel.database.db
      .selectFrom('services')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', 'in', ['X', 'Y'])
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0, 'nothing half-written');
  });

  test('dependencies: set, read back, and cycles refused', async () => {
    const a = (await call('POST', '/api/v1/services', { name: 'Dep A' })).json();
    const b = (await call('POST', '/api/v1/services', { name: 'Dep B', dependsOn: [a.id] })).json();
    const c = (await call('POST', '/api/v1/services', { name: 'Dep C', dependsOn: [b.id] })).json();
    assert.deepEqual(c.dependsOn, [b.id]);
    const cycle = await call('PATCH', `/api/v1/services/${a.id}`, { dependsOn: [c.id] });
    assert.equal(cycle.statusCode, 400);
    assert.match(cycle.json().error.details.issues[0].message, /cycle/);
    const self = await call('PATCH', `/api/v1/services/${a.id}`, { dependsOn: [a.id] });
    assert.equal(self.statusCode, 400);
  });

  test('update settings, audit before/after, delete', async () => {
    const team = (await call('POST', '/api/v1/teams', { name: 'Payments' })).json();
    const svc = (await call('POST', '/api/v1/services', { name: 'Billing' })).json();
    const res = await call('PATCH', `/api/v1/services/${svc.id}`, {
      ownerTeamId: team.id,
      tier: 1,
      runbookLinks: [{ title: 'Runbook', url: 'https://wiki.example.com/billing' }],
      settings: { grouping: { mode: 'time_window', windowMinutes: 10 }, autoResolve: false },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().ownerTeamId, team.id);
    assert.deepEqual(res.json().settings.grouping, { mode: 'time_window', windowMinutes: 10 });
    assert.equal(res.json().settings.autoResolve, false);
    const bad = await call('PATCH', `/api/v1/services/${svc.id}`, {
      settings: { grouping: { mode: 'labels', labels: [] } },
    });
    assert.equal(bad.statusCode, 400);
    const audit = (await call('GET', `/api/v1/audit?resourceType=service&resourceId=${svc.id}`)).json();
    assert.deepEqual(
      audit.items.map((e: { action: string }) => e.action),
      ['service.updated', 'service.created'],
    );
    assert.equal(audit.items[0].before.tier, null);
    assert.equal(audit.items[0].after.tier, 1);
    assert.equal((await call('DELETE', `/api/v1/services/${svc.id}`)).statusCode, 204);
    assert.equal((await call('GET', `/api/v1/services/${svc.id}`)).statusCode, 404);
  });

  test('list: search, team filter and pages', async () => {
    for (let i = 0; i < 12; i++)
      await call('POST', '/api/v1/services', { name: `Paged ${String(i).padStart(2, '0')}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call('GET', `/api/v1/services?q=Paged&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json();
      assert.equal(body.total, 12);
      seen.push(...body.items.map((s: { name: string }) => s.name));
      cursor = body.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      Array.from({ length: 12 }, (_, i) => `Paged ${String(i).padStart(2, '0')}`),
    );
  });

  test('roles: viewers read, responders create, only admins delete', async () => {
    const mk = async (role: string) => {
      const email = `${role}.svc@example.com`;
      await call('POST', '/api/v1/users', { email, name: role, role, password: 'a long password 1' });
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'a long password 1' },
      });
      return {
        cookie: String(res.headers['set-cookie']).split(';')[0]!,
        csrfToken: res.json().csrfToken as string,
        userId: res.json().user.id as string,
      };
    };
    const viewer = await mk('viewer');
    const responder = await mk('responder');
    assert.equal((await call('GET', '/api/v1/services', undefined, viewer)).statusCode, 200);
    assert.equal((await call('POST', '/api/v1/services', { name: 'By viewer' }, viewer)).statusCode, 403);
    const made = await call('POST', '/api/v1/services', { name: 'By responder' }, responder);
    assert.equal(made.statusCode, 201);
    assert.equal(
      (await call('DELETE', `/api/v1/services/${made.json().id}`, undefined, responder)).statusCode,
      403,
    );
  });
});
