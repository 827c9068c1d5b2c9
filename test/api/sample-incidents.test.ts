import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { IncidentDetail, IncidentView } from '../../src/modules/incidents/index.js';
import type { ServiceView } from '../../src/modules/services/index.js';
import { assertStatus, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/** Sample services and incidents: marked, in every status, with timelines; removed with the rest. */
describeEachDialect('sample services and incidents', (kind) => {
  let api: Api;
  before(async () => {
    api = await startApi(kind);
  });
  after(() => api.close());

  const get = async <T>(url: string): Promise<T> => {
    const res = await api.app.inject({ url, headers: as(api.owner) });
    assertStatus(res, 200);
    return res.json<T>();
  };
  const send = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: as(api.owner), ...(payload && { payload }) });

  test('load: three services of the sample teams, incidents in every status; removal takes them', async () => {
    assertStatus(await send('POST', '/api/v1/sample-data'), 201);
    const services = (await get<{ items: ServiceView[] }>('/api/v1/services?q=Sample')).items;
    assert.deepEqual(
      services.map((s) => [s.name, s.isSample, s.ownerTeamId !== null]),
      [
        ['Sample · Checkout API', true, true],
        ['Sample · Payments gateway', true, true],
        ['Sample · Search', true, true],
      ],
    );
    assert.equal(services[0]!.dependsOn.length, 2);
    assert.ok(
      services.every((s) => s.runbookLinks.length > 0),
      'each with a runbook link',
    );

    const incidents = (await get<{ items: IncidentView[] }>('/api/v1/incidents')).items;
    assert.equal(incidents.length, 5);
    assert.ok(incidents.every((i) => i.isSample && i.title.startsWith('Sample · ')));
    assert.deepEqual(
      new Set(incidents.map((i) => i.status)),
      new Set(['triggered', 'acknowledged', 'resolved']),
    );
    assert.ok(
      incidents.every((i) => Date.parse(i.createdAt) < api.clock.now()),
      'in the past',
    );
    const major = incidents.find((i) => i.title.includes('Visa'))!;
    assert.equal(major.severity, 'SEV1');
    assert.ok(major.roles.commander && major.assignees.length === 2);
    const merged = incidents.find((i) => i.mergedIntoId === major.id);
    assert.equal(merged?.status, 'resolved');
    const snoozed = incidents.find((i) => i.snoozedUntil !== null);
    assert.equal(snoozed?.status, 'acknowledged');
    const detail = await get<IncidentDetail>(`/api/v1/incidents/${major.id}`);
    assert.deepEqual(
      detail.timeline.map((e) => e.kind),
      [
        'triggered',
        'alert_linked',
        'alert_linked',
        'acknowledged',
        'severity_changed',
        'roles_changed',
        'assigned',
        'merged',
        'alert_linked',
        'note',
      ],
    );
    assert.match(
      detail.timeline.find((e) => e.kind === 'acknowledged')!.actor.label,
      /^Sample · Grace Hopper </,
    );

    // A real incident on a sample service stays, without its service.
    const real = await send('POST', '/api/v1/incidents', { title: 'Real one', serviceId: services[0]!.id });
    assertStatus(real, 201);
    assertStatus(await send('DELETE', '/api/v1/sample-data'), 204);
    const left = (await get<{ items: IncidentView[] }>('/api/v1/incidents')).items;
    assert.deepEqual(
      left.map((i) => [i.title, i.service]),
      [['Real one', null]],
    );
    assert.equal((await get<{ items: ServiceView[] }>('/api/v1/services')).items.length, 0);
    const timeline = await api.db.selectFrom('incident_timeline').select('incident_id').distinct().execute();
    assert.deepEqual(
      timeline.map((t) => t.incident_id),
      [left[0]!.id],
      'sample timelines went with their incidents',
    );
  });
});
