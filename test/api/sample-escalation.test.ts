import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertStatus, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

interface PolicyView {
  id: string;
  name: string;
  isDefault: boolean;
  services: { id: string; name: string }[];
}
interface PagingView {
  policy: { id: string; name: string; isDefault: boolean } | null;
  wouldPage: boolean;
  reason?: string;
  onCallNow: { level: number; users: { name: string; reachable: boolean }[] }[];
}

/**
 * Sample escalation policies: the sample services escalate to their sample rotations, but a sample
 * policy never becomes the default (a real service without a policy must not page sample
 * people), and removal leaves real policies and sends a service that used a sample one back to
 * the default.
 */
describeEachDialect('sample escalation policies', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(() => api.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: as(api.owner), ...(payload && { payload }) });
  const get = async <T>(url: string): Promise<T> => {
    const res = await call('GET', url);
    assertStatus(res, 200);
    return res.json<T>();
  };

  test('sample services name their rotations; a real service gets no sample default', async () => {
    const real = await call('POST', '/api/v1/services', { name: 'Real billing' });
    assertStatus(real, 201);
    const realId = real.json<{ id: string }>().id;
    assertStatus(await call('POST', '/api/v1/sample-data'), 201);

    const policies = (await get<{ items: PolicyView[] }>('/api/v1/escalation-policies')).items;
    assert.deepEqual(
      policies.map((p) => [p.name, p.isDefault, p.services.map((s) => s.name).sort()]),
      [
        ['Sample · Payments', false, ['Sample · Checkout API', 'Sample · Payments gateway']],
        ['Sample · Platform', false, ['Sample · Search']],
      ],
    );
    const services = (await get<{ items: { id: string; name: string }[] }>('/api/v1/services?q=Sample'))
      .items;
    for (const s of services) {
      const paging = await get<PagingView>(`/api/v1/services/${s.id}/paging`);
      assert.ok(paging.policy?.name.startsWith('Sample · '));
      // Someone is on call at level 1; the sample people have no contact methods (nothing sample
      // leaves the machine), so the page says who would be paged and that nobody can be reached.
      assert.ok(paging.onCallNow[0]!.users.length > 0, `${s.name}: someone on call now`);
      assert.ok(paging.onCallNow.every((l) => l.users.every((u) => !u.reachable)));
      assert.equal(paging.wouldPage, false);
      assert.match(paging.reason ?? '', /contact method/);
    }
    const realPaging = await get<PagingView>(`/api/v1/services/${realId}/paging`);
    assert.equal(realPaging.policy, null, 'no default policy came with the samples');
    assert.equal(realPaging.wouldPage, false);
  });

  test('removal takes the sample policies only; a service that used one falls back to the default', async () => {
    const services = (await get<{ items: { id: string; name: string }[] }>('/api/v1/services?q=Real')).items;
    const realId = services[0]!.id;
    const sample = (await get<{ items: PolicyView[] }>('/api/v1/escalation-policies')).items[0]!;
    const users = await api.db.selectFrom('users').select('id').where('role', '=', 'owner').execute();
    const created = await call('POST', '/api/v1/escalation-policies', {
      name: 'Real default',
      levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: users[0]!.id }] }],
    });
    assertStatus(created, 201);
    assert.equal(created.json<PolicyView>().isDefault, true, 'the first real policy is the default');
    assertStatus(await call('PATCH', `/api/v1/services/${realId}`, { escalationPolicyId: sample.id }), 200);

    assertStatus(await call('DELETE', '/api/v1/sample-data'), 204);
    const left = (await get<{ items: PolicyView[] }>('/api/v1/escalation-policies')).items;
    assert.deepEqual(
      left.map((p) => [p.name, p.isDefault]),
      [['Real default', true]],
    );
    const paging = await get<PagingView>(`/api/v1/services/${realId}/paging`);
    assert.equal(paging.policy?.name, 'Real default');
  });
});
