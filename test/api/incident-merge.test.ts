import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDialect } from '../helpers/db.js';
import { alertByKey, incidentById, loadFixture, startIngestApi, type IngestApi } from '../helpers/ingest.js';

/**
 * Merging incident A into B moves A's alerts to B: later events on them touch B, B resolves when
 * all its alerts (A's included) resolve, and both timelines record the move.
 */
describeEachDialect('incident merge moves the alerts', (kind) => {
  let api: IngestApi;
  before(async () => {
    // Alerts with the same `cluster` label share an incident.
    api = await startIngestApi(kind, { settings: { grouping: { mode: 'labels', labels: ['cluster'] } } });
  });
  after(() => api.close());

  const send = async (action: string, dedupKey: string, cluster = '') => {
    api.clock.advance(1000);
    const res = await api.send(`/api/v1/ingest/${api.keys.keel}`, {
      action,
      dedupKey,
      ...(action === 'trigger' && { summary: dedupKey, labels: { cluster } }),
    });
    assert.equal(res.statusCode, 202, res.body);
  };
  const timeline = async (incidentId: string) =>
    (
      await api.db
        .selectFrom('incident_timeline')
        .select(['kind', 'body'])
        .where('incident_id', '=', incidentId)
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((r) => [r.kind, JSON.parse(r.body) as Record<string, unknown>] as const);

  test('A into B: alerts re-linked, timelines say so, later events touch B, B auto-resolves', async () => {
    await send('trigger', 'a-1', 'a');
    await send('trigger', 'a-2', 'a');
    await send('trigger', 'b-1', 'b');
    const a = await incidentById(api, (await alertByKey(api, 'a-1')).incident_id!);
    const b = await incidentById(api, (await alertByKey(api, 'b-1')).incident_id!);
    assert.equal((await alertByKey(api, 'a-2')).incident_id, a.id);
    await send('resolve', 'a-2'); // A stays open: a-1 still fires

    api.clock.advance(1000);
    const merged = await api.call('POST', `/api/v1/incidents/${a.id}/merge`, { intoId: String(b.number) });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.deepEqual([merged.json().status, merged.json().mergedIntoId], ['resolved', b.id]);
    const a1 = await alertByKey(api, 'a-1');
    assert.deepEqual([a1.incident_id, a1.status], [b.id, 'triggered'], 'moved, and still firing');
    assert.equal((await alertByKey(api, 'a-2')).incident_id, b.id, 'resolved alerts move too');

    const from = { id: a.id, number: a.number, title: a.title };
    assert.deepEqual((await timeline(a.id)).slice(-2), [
      ['resolved', { reason: `merged into #${b.number}` }],
      ['merged', { into: { id: b.id, number: b.number }, alertsMoved: 2 }],
    ]);
    assert.deepEqual(
      (await timeline(b.id))
        .slice(-3)
        .map(([kind, body]) => [kind, body.dedupKey ?? null, body.mergedFrom ?? body.from]),
      [
        ['merged', null, from],
        ['alert_linked', 'a-1', from],
        ['alert_linked', 'a-2', from],
      ],
    );

    const before = await incidentById(api, a.id);
    await send('trigger', 'a-1', 'a'); // a later event on A's alert
    const now = api.clock.now();
    assert.equal((await incidentById(api, b.id)).last_event_at, now, 'it touches B');
    assert.equal((await incidentById(api, a.id)).last_event_at, before.last_event_at, 'not A');
    assert.equal((await alertByKey(api, 'a-1')).event_count, 2);

    await send('resolve', 'b-1');
    assert.equal((await incidentById(api, b.id)).status, 'triggered', 'a-1 still fires in B');
    await send('resolve', 'a-1');
    const resolved = await incidentById(api, b.id);
    assert.equal(resolved.status, 'resolved', 'B resolves with its last alert, one of A’s');
    assert.deepEqual((await timeline(b.id)).at(-1), ['resolved', { reason: 'all alerts resolved' }]);
  });

  test('after A merged into B, new alerts of A’s group join B (through further merges too)', async () => {
    await send('trigger', 'm-1', 'm');
    await send('trigger', 'n-1', 'n');
    await send('trigger', 'o-1', 'o');
    const [m, n, o] = await Promise.all(
      ['m-1', 'n-1', 'o-1'].map(async (k) => (await alertByKey(api, k)).incident_id!),
    );
    const merge = async (from: string, into: string) => {
      api.clock.advance(1000);
      const res = await api.call('POST', `/api/v1/incidents/${from}/merge`, { intoId: into });
      assert.equal(res.statusCode, 200, res.body);
    };
    await merge(m!, n!);
    const incidents = async () =>
      Number(
        (
          await api.db
            .selectFrom('incidents')
            .select((eb) => eb.fn.countAll<number>().as('c'))
            .executeTakeFirstOrThrow()
        ).c,
      );
    const count = await incidents();
    await send('trigger', 'm-2', 'm'); // A's group, after the merge
    assert.equal((await alertByKey(api, 'm-2')).incident_id, n, 'joins B');
    assert.equal(await incidents(), count, 'no new incident');
    assert.equal((await incidentById(api, n!)).last_event_at, api.clock.now(), 'B is touched');
    assert.deepEqual((await timeline(n!)).at(-1), [
      'alert_linked',
      { alertId: (await alertByKey(api, 'm-2')).id, dedupKey: 'm-2', summary: 'm-2' },
    ]);

    await merge(n!, o!); // B into C: A's group now goes to C
    await send('trigger', 'm-3', 'm');
    await send('trigger', 'n-2', 'n');
    assert.equal((await alertByKey(api, 'm-3')).incident_id, o, 'A → B → C');
    assert.equal((await alertByKey(api, 'n-2')).incident_id, o, 'B → C');

    // Once C is resolved, A's group opens a new incident again.
    for (const k of ['m-1', 'm-2', 'm-3', 'n-1', 'n-2', 'o-1']) await send('resolve', k);
    assert.equal((await incidentById(api, o!)).status, 'resolved');
    await send('trigger', 'm-4', 'm');
    const fresh = (await alertByKey(api, 'm-4')).incident_id!;
    assert.ok(![m, n, o].includes(fresh), 'a new incident');
    assert.equal((await incidentById(api, fresh)).status, 'triggered');
    await send('trigger', 'm-5', 'm');
    assert.equal((await alertByKey(api, 'm-5')).incident_id, fresh, 'and later ones join it');
  });

  test('merging an incident without alerts changes no alert and records no move', async () => {
    const lone = await api.call('POST', '/api/v1/incidents', {
      title: 'By hand',
      severity: 'SEV3',
      urgency: 'low',
    });
    assert.equal(lone.statusCode, 201, lone.body);
    await send('trigger', 'c-1', 'c');
    const c = (await alertByKey(api, 'c-1')).incident_id!;
    const res = await api.call('POST', `/api/v1/incidents/${lone.json().id}/merge`, { intoId: c });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual((await timeline(c)).at(-1)![1], {
      from: { id: lone.json().id, number: lone.json().number, title: 'By hand' },
    });
    assert.equal((await alertByKey(api, 'c-1')).incident_id, c);
  });
});

describeEachDialect(
  'incident merge: an Alertmanager group keeps going to the incident it was merged into',
  (kind) => {
    let api: IngestApi;
    before(async () => {
      api = await startIngestApi(kind); // default grouping: one incident per Alertmanager group
    });
    after(() => api.close());

    const group = (groupKey: string, fingerprint: string) => {
      const body = structuredClone(loadFixture('alertmanager-0.25/am_webhook_firing.json').body) as {
        groupKey: string;
        alerts: { fingerprint: string }[];
      };
      body.groupKey = groupKey;
      body.alerts[0]!.fingerprint = fingerprint;
      return body;
    };
    const notify = async (body: unknown) => {
      api.clock.advance(1000);
      const res = await api.send(`/api/v1/ingest/${api.keys.alertmanager}`, body);
      assert.equal(res.statusCode, 202, res.body);
    };

    test('a new alert of the merged group joins the other incident', async () => {
      await notify(group('{}:{alertname="A"}', 'a-1'));
      await notify(group('{}:{alertname="B"}', 'b-1'));
      const a = (await alertByKey(api, 'a-1')).incident_id!;
      const b = (await alertByKey(api, 'b-1')).incident_id!;
      assert.notEqual(a, b);
      const res = await api.call('POST', `/api/v1/incidents/${a}/merge`, { intoId: b });
      assert.equal(res.statusCode, 200, res.body);
      await notify(group('{}:{alertname="A"}', 'a-2'));
      assert.equal((await alertByKey(api, 'a-2')).incident_id, b);
      await notify(group('{}:{alertname="C"}', 'c-1'));
      assert.ok(![a, b].includes((await alertByKey(api, 'c-1')).incident_id!), 'other groups are unaffected');
    });
  },
);
