import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import { as, setupOwner, startTestServer, type Session, type TestServer } from '../helpers/server.js';

describeEachDialect('integrations API', (kind) => {
  let server: TestServer;
  let owner: Session;
  let serviceId: string;
  before(async () => {
    server = await startTestServer({ kind });
    owner = await setupOwner(server.app);
    serviceId = (await call('POST', '/api/v1/services', { name: 'Checkout' })).json().id;
  });
  after(() => server.close());

  function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
    return server.app.inject({
      method,
      url,
      headers: as(owner),
      ...(payload !== undefined && { payload: payload as object }),
    });
  }

  test('every type: created with a key, the URL to paste and an example', async () => {
    for (const type of ['pagerduty', 'alertmanager', 'grafana', 'opsgenie', 'webhook', 'keel']) {
      const res = await call('POST', `/api/v1/services/${serviceId}/integrations`, {
        type,
        name: `${type} in`,
      });
      assert.equal(res.statusCode, 201, res.body);
      const i = res.json();
      assert.match(i.key, /^[0-9a-f]{32}$/);
      assert.equal(i.url, `http://keel.test/api/v1/ingest/${i.key}`);
      assert.ok(
        i.example.includes(type === 'pagerduty' ? i.key : i.url),
        `${type} example names the key or url`,
      );
      assert.equal(i.lastEventAt, null);
    }
    const list = (await call('GET', `/api/v1/services/${serviceId}/integrations`)).json();
    assert.equal(list.items.length, 6);
    assert.equal(new Set(list.items.map((i: { key: string }) => i.key)).size, 6, 'keys are unique');
  });

  test('config is validated per type; the Grafana secret is write-only', async () => {
    const bad = await call('POST', `/api/v1/services/${serviceId}/integrations`, {
      type: 'pagerduty',
      name: 'x',
      config: { foo: 1 },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.details.issues[0].path.slice(0, 1), ['config']);
    const short = await call('POST', `/api/v1/services/${serviceId}/integrations`, {
      type: 'grafana',
      name: 'g',
      config: { secret: 'short' },
    });
    assert.equal(short.statusCode, 400);
    const g = (
      await call('POST', `/api/v1/services/${serviceId}/integrations`, {
        type: 'grafana',
        name: 'g',
        config: { secret: 'a-long-signing-secret' },
      })
    ).json();
    assert.deepEqual(g.config, { secret: '(set)' });
    // Saving the config as read back keeps the stored secret.
    const renamed = await call('PATCH', `/api/v1/services/${serviceId}/integrations/${g.id}`, {
      name: 'Grafana prod',
      config: g.config,
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    const row = await server.keel.database.db
      .selectFrom('integrations')
      .select('config')
      .where('id', '=', g.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(row.config), { secret: 'a-long-signing-secret' });
    const audit = await server.keel.database.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('resource_id', '=', g.id)
      .execute();
    assert.ok(audit.length >= 2);
    for (const a of audit)
      assert.ok(!`${a.before}${a.after}`.includes('a-long-signing-secret'), 'no secret in the audit log');
    for (const a of audit) assert.ok(!`${a.before}${a.after}`.includes(g.key), 'no key in the audit log');
  });

  test('rotate the key, disable, delete; unknown ids are 404', async () => {
    const i = (
      await call('POST', `/api/v1/services/${serviceId}/integrations`, { type: 'keel', name: 'k' })
    ).json();
    const rotated = (
      await call('POST', `/api/v1/services/${serviceId}/integrations/${i.id}/rotate-key`)
    ).json();
    assert.notEqual(rotated.key, i.key);
    const disabled = (
      await call('PATCH', `/api/v1/services/${serviceId}/integrations/${i.id}`, { disabled: true })
    ).json();
    assert.equal(disabled.disabled, true);
    assert.equal(
      (await call('DELETE', `/api/v1/services/${serviceId}/integrations/${i.id}`)).statusCode,
      204,
    );
    assert.equal(
      (await call('DELETE', `/api/v1/services/${serviceId}/integrations/${i.id}`)).statusCode,
      404,
    );
    assert.equal((await call('GET', '/api/v1/services/nope/integrations')).statusCode, 404);
    assert.equal(
      (await call('POST', '/api/v1/services/nope/integrations', { type: 'keel', name: 'k' })).statusCode,
      404,
    );
    const actions = (await call('GET', `/api/v1/audit?resourceType=integration&resourceId=${i.id}`))
      .json()
      .items.map((e: { action: string }) => e.action);
    assert.deepEqual(actions, [
      'integration.deleted',
      'integration.updated',
      'integration.key_rotated',
      'integration.created',
    ]);
  });

  test('deleting a service removes its integrations', async () => {
    const svc = (await call('POST', '/api/v1/services', { name: 'Temporary' })).json();
    await call('POST', `/api/v1/services/${svc.id}/integrations`, { type: 'keel', name: 'k' });
    assert.equal((await call('DELETE', `/api/v1/services/${svc.id}`)).statusCode, 204);
    const left = await server.keel.database.db
      .selectFrom('integrations')
      .select('id')
      .where('service_id', '=', svc.id)
      .execute();
    assert.equal(left.length, 0);
  });
});
