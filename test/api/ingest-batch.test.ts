import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { NormalizedEvent } from '../../src/modules/alerts/formats/index.js';
import { resolveTarget, type ResolvedTarget } from '../../src/modules/alerts/ingest.service.js';
import type { EventResult } from '../../src/modules/alerts/pipeline.js';
import { describeEachDialect } from '../helpers/db.js';
import { startIngestApi, type IngestApi } from '../helpers/ingest.js';

/**
 * Requests committed together (group commit) end as they would one by one: the same outcomes, the
 * same alerts (status, text, count), incidents and raw events. On PostgreSQL a batch's repeated
 * triggers are refreshed in one statement before the rest is applied (batch-refresh.ts); the
 * requests below mix repeats with what must keep its order around them: a resolve then a trigger
 * of the same key in one request, a new key triggered twice, an acknowledged alert, a suppressed
 * one, an empty summary.
 */
const event = (
  action: NormalizedEvent['action'],
  dedupKey: string,
  summary = '',
  labels = {},
): NormalizedEvent => ({
  action,
  dedupKey,
  summary,
  source: 'batch-test',
  severity: 'error',
  priority: null,
  component: null,
  group: null,
  class: null,
  labels,
  details: { summary },
  links: [],
  images: [],
  occurredAt: null,
  groupKey: null,
  client: null,
  clientUrl: null,
  description: null,
});

/** Alerts open before the batch: a, b, c (then acknowledged), d; and s, silenced (see before()). */
const before_: NormalizedEvent[][] = [
  [event('trigger', 'a', 'A0', { v: '0' })],
  [event('trigger', 'b', 'B0')],
  [event('trigger', 'c', 'C0')],
  [event('acknowledge', 'c')],
  [event('trigger', 'd', 'D0')],
  // f resolves and triggers again six times: its next trigger flaps (the default: more than 5 in 30 minutes).
  ...Array.from({ length: 6 }, (_, i) => [event('trigger', 'f', `F${i}`), event('resolve', 'f')]),
];

const batch: NormalizedEvent[][] = [
  [event('trigger', 'a', 'A1', { v: '1' })],
  [event('trigger', 'a', '', { v: '2' })],
  [event('trigger', 'b', 'B1'), event('resolve', 'b')],
  [event('trigger', 'b', 'B2')],
  [event('trigger', 'n', 'N1')],
  [event('trigger', 'n', 'N2')],
  [event('trigger', 'c', 'C1')],
  [event('acknowledge', 'd'), event('trigger', 'd', 'D1')],
  [event('trigger', 'x', 'X1'), event('trigger', 'a', 'A3', { v: '3' })],
  [event('resolve', 'unknown')],
  [event('trigger', 's', 'S1', { team: 'quiet' })],
  [event('trigger', 'f', 'F6')],
];

interface Side {
  api: IngestApi;
  target: ResolvedTarget;
}

async function side(kind: Parameters<typeof startIngestApi>[0]): Promise<Side> {
  const api = await startIngestApi(kind);
  const target = (await resolveTarget(api.ctx, api.keys.pagerduty))!;
  for (const events of before_) await api.server.keel.ingest.submit(target, events, '{}');
  return { api, target };
}

/**
 * Alert ids replaced by "<dedup key>:open" or "<dedup key>:resolved:<summary>" (ids differ
 * between servers; each key here has at most one open alert, and its resolved ones differ in summary).
 */
async function snapshot(s: Side, results: EventResult[][]) {
  const alerts = await s.api.db
    .selectFrom('alerts')
    .select([
      'id',
      'dedup_key',
      'status',
      'summary',
      'labels',
      'event_count',
      'suppressed',
      'flapping',
      'incident_id',
    ])
    .execute();
  const name = new Map(
    alerts.map((a) => [
      a.id,
      a.status === 'resolved' ? `${a.dedup_key}:resolved:${a.summary}` : `${a.dedup_key}:open`,
    ]),
  );
  alerts.sort((x, y) => name.get(x.id)!.localeCompare(name.get(y.id)!));
  const incidents = await s.api.db.selectFrom('incidents').select(['id', 'status', 'title']).execute();
  const incidentOf = new Map(incidents.map((i) => [i.id, i]));
  const events = await s.api.db
    .selectFrom('alert_events')
    .select(['alert_id', 'dedup_key', 'action', 'outcome'])
    .execute();
  return {
    results: results.map((r) =>
      r.map((e) => ({ key: e.dedupKey, outcome: e.outcome, alert: e.alertId && name.get(e.alertId) })),
    ),
    alerts: alerts.map((a) => ({
      alert: name.get(a.id),
      status: a.status,
      summary: a.summary,
      labels: a.labels,
      count: Number(a.event_count),
      suppressed: Number(a.suppressed),
      flapping: Number(a.flapping),
      incident: a.incident_id
        ? `${incidentOf.get(a.incident_id)?.title} (${incidentOf.get(a.incident_id)?.status})`
        : null,
    })),
    incidents: incidents.length,
    events: events.map(
      (e) => `${e.dedup_key} ${e.action} ${e.outcome} ${e.alert_id && name.get(e.alert_id)}`,
    ),
  };
}

describeEachDialect('ingest: a batch of requests applies as they would one by one', (kind) => {
  let together: Side;
  let oneByOne: Side;

  before(async () => {
    together = await side(kind);
    oneByOne = await side(kind);
    // s pages no more: a silence matching it, made through the API (the rules' cache hears of it).
    for (const s of [together, oneByOne]) {
      const res = await s.api.call('POST', '/api/v1/silences', {
        matchers: [{ label: 'team', op: '=', value: 'quiet' }],
        endsAt: new Date(s.api.clock.now() + 3_600_000).toISOString(),
        comment: 'batch test',
      });
      assert.equal(res.statusCode, 201, res.body);
      const [silenced] = await s.api.server.keel.ingest.submit(
        s.target,
        [event('trigger', 's', 'S0', { team: 'quiet' })],
        '{}',
      );
      assert.equal(silenced!.outcome, 'suppressed');
    }
  });
  after(async () => {
    await together?.api.close();
    await oneByOne?.api.close();
  });

  test('same outcomes, alerts, incidents and raw events', async () => {
    // Submitted in one turn: the writer commits them together.
    const a = await Promise.all(
      batch.map((events) => together.api.server.keel.ingest.submit(together.target, events, '{}')),
    );
    const b: EventResult[][] = [];
    for (const events of batch)
      b.push(await oneByOne.api.server.keel.ingest.submit(oneByOne.target, events, '{}'));
    const [sa, sb] = [await snapshot(together, a), await snapshot(oneByOne, b)];
    assert.deepEqual(sa, sb);
    // And what that is, so that both being wrong the same way fails too.
    assert.deepEqual(
      sa.results.flat().map((r) => `${r.key} ${r.outcome} ${r.alert}`),
      [
        'a refreshed a:open',
        'a refreshed a:open',
        'b refreshed b:resolved:B1',
        'b resolved b:resolved:B1',
        'b opened b:open',
        'n opened n:open',
        'n refreshed n:open',
        'c refreshed c:open',
        'd acknowledged d:open',
        'd refreshed d:open',
        'x opened x:open',
        'a refreshed a:open',
        'unknown unknown_alert null',
        's suppressed s:open',
        'f opened f:open',
      ],
    );
    const alert = (n: string) => sa.alerts.find((x) => x.alert === n)!;
    assert.deepEqual(
      { summary: alert('a:open').summary, labels: alert('a:open').labels, count: alert('a:open').count },
      { summary: 'A3', labels: '{"v":"3"}', count: 4 },
    );
    assert.equal(alert('b:resolved:B1').status, 'resolved');
    assert.equal(alert('b:open').summary, 'B2');
    assert.equal(alert('n:open').count, 2);
    assert.equal(alert('n:open').summary, 'N2');
    assert.deepEqual(
      [alert('c:open').status, alert('c:open').summary, alert('c:open').count],
      ['acknowledged', 'C1', 2],
    );
    assert.deepEqual([alert('d:open').status, alert('d:open').count], ['acknowledged', 2]);
    assert.equal(alert('s:open').suppressed, 1);
    // f flaps: marked so, and it joins the incident of its previous alert (reopened) instead of a new one.
    assert.equal(alert('f:open').flapping, 1);
    assert.equal(alert('f:open').incident, alert('f:resolved:F5').incident);
  });
});
