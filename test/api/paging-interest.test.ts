import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/**
 * A new incident writes its first escalation step only when someone could be told: an escalation
 * policy exists or an enabled outgoing-webhook subscription does (hasPagingInterest). An
 * installation that only collects alerts pays for no step per incident; the first policy or
 * enabled subscription made on this node counts for the very next incident.
 */
describeEachDialect('paging interest', (kind) => {
  let api: Api;
  let routingKey: string;
  before(async () => {
    api = await startApi(kind);
    const service = await call('POST', '/api/v1/services', { name: 'Collector' });
    assert.equal(service.statusCode, 201, service.body);
    const integration = await call(
      'POST',
      `/api/v1/services/${service.json<{ id: string }>().id}/integrations`,
      {
        type: 'pagerduty',
        name: 'PD',
      },
    );
    assert.equal(integration.statusCode, 201, integration.body);
    routingKey = integration.json<{ key: string }>().key;
  });
  after(() => api.close());

  function call(method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    return api.app.inject({ method, url, headers: as(api.owner), ...(payload && { payload }) });
  }
  const steps = async () =>
    (await api.db.selectFrom('jobs').select('id').where('name', '=', 'oncall.escalate').execute()).length;
  const trigger = async (dedupKey: string) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/v2/enqueue',
      payload: {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: dedupKey,
        payload: { summary: dedupKey, source: 'host', severity: 'critical' },
      },
    });
    assert.equal(res.statusCode, 202, res.body);
    const incident = await api.db
      .selectFrom('alerts')
      .select('incident_id')
      .where('dedup_key', '=', dedupKey)
      .executeTakeFirstOrThrow();
    assert.ok(incident.incident_id, 'the alert opened an incident');
  };

  test('no policy and no subscription: incidents open, no escalation step is written', async () => {
    await trigger('a-1');
    await trigger('a-2');
    assert.equal(await steps(), 0);
  });

  test('a disabled subscription does not count; enabling it does, at once', async () => {
    const sub = await call('POST', '/api/v1/webhook-subscriptions', {
      url: 'http://127.0.0.1:9/hook',
      serviceId: null,
      events: ['incident.triggered'],
      enabled: false,
    });
    assert.equal(sub.statusCode, 201, sub.body);
    await trigger('b-1');
    assert.equal(await steps(), 0, 'disabled');
    const id = sub.json<{ id: string }>().id;
    const enabled = await call('PATCH', `/api/v1/webhook-subscriptions/${id}`, { enabled: true });
    assert.equal(enabled.statusCode, 200, enabled.body);
    await trigger('b-2');
    assert.equal(await steps(), 1, 'the next incident has its step');
    assert.equal((await call('DELETE', `/api/v1/webhook-subscriptions/${id}`)).statusCode, 204);
  });

  test('the first escalation policy counts for the very next incident', async () => {
    api.clock.set(api.clock.now() + 5_000); // past any cached answer from the subscription test
    await trigger('c-1');
    const before = await steps();
    assert.equal(before, 1, 'nothing new without a policy or subscription');
    const policy = await call('POST', '/api/v1/escalation-policies', {
      name: 'Default',
      repeat: 0,
      levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: api.owner.userId }] }],
    });
    assert.equal(policy.statusCode, 201, policy.body);
    await trigger('c-2');
    assert.equal(await steps(), before + 1);
  });
});
