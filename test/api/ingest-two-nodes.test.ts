import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startIngestApi, type IngestApi } from '../helpers/ingest.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Two Keel nodes on one PostgreSQL database, both taking events for the same service (a load
 * balancer in front), and other writers beside ingest: an alert group still becomes one incident
 * (before the group's incident was looked up under a lock, each node found none and opened its
 * own), an incident whose last alerts are resolved on both nodes at once is resolved, and an alert
 * does not join an incident another writer resolved while it was being applied.
 * (SQLite has one writer per file at a time: none of this can interleave there.)
 */
describe('ingest with several writers (PostgreSQL: two nodes, jobs, people)', () => {
  let api: IngestApi;
  let second: TestServer;

  before(async () => {
    api = await startIngestApi('postgres', {
      settings: { grouping: { mode: 'time_window', windowMinutes: 10 } },
    });
    second = await startTestServer({ databaseUrl: api.server.databaseUrl, clock: api.clock });
  });
  after(async () => {
    await second?.close();
    await api?.close();
  });

  const trigger = (node: TestServer, key: string, labels: Record<string, string> = {}) =>
    node.app.inject({
      method: 'POST',
      url: '/v2/enqueue',
      payload: {
        routing_key: api.keys.pagerduty,
        event_action: 'trigger',
        dedup_key: key,
        payload: { summary: key, source: 'host', severity: 'error', custom_details: labels },
      },
    });

  /** Each round starts with no alert and no incident (the window would join the last round's). */
  const clean = async () => {
    await api.db.deleteFrom('alert_events').execute();
    await api.db.deleteFrom('alerts').execute();
    await api.db.deleteFrom('incident_timeline').execute();
    await api.db.deleteFrom('incidents').execute();
  };
  const incidents = async () =>
    (await api.db.selectFrom('incidents').select(['id', 'group_key']).execute()).map((i) => i.group_key);

  for (let round = 1; round <= 5; round++) {
    test(`the first alerts of a time window, sent to both nodes at once, open one incident (round ${round})`, async () => {
      await clean();
      const sent = await Promise.all(
        Array.from({ length: 40 }, (_, i) => trigger(i % 2 ? second : api.server, `r${round}-k${i}`)),
      );
      for (const res of sent) assert.equal(res.statusCode, 202, res.body);
      assert.equal((await incidents()).length, 1, 'one incident for the window');
      const linked = await api.db
        .selectFrom('alerts')
        .select((eb) => eb.fn.count<string>('incident_id').distinct().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(linked.n), 1, 'every alert joined it');
    });
  }

  for (let round = 1; round <= 5; round++) {
    test(`the last alerts of an incident, resolved on both nodes at once, resolve it (round ${round})`, async () => {
      await clean();
      const keys = Array.from({ length: 10 }, (_, i) => `resolve-${round}-${i}`);
      for (const key of keys) assert.equal((await trigger(api.server, key)).statusCode, 202);
      const open = await api.db
        .selectFrom('alerts')
        .select(['incident_id'])
        .where('dedup_key', 'in', keys)
        .distinct()
        .execute();
      assert.equal(open.length, 1, 'the alerts share one incident');
      const sent = await Promise.all(
        keys.map((key, i) =>
          (i % 2 ? second : api.server).app.inject({
            method: 'POST',
            url: '/v2/enqueue',
            payload: { routing_key: api.keys.pagerduty, event_action: 'resolve', dedup_key: key },
          }),
        ),
      );
      for (const res of sent) assert.equal(res.statusCode, 202, res.body);
      const incident = await api.db
        .selectFrom('incidents')
        .select('status')
        .where('id', '=', open[0]!.incident_id!)
        .executeTakeFirstOrThrow();
      assert.equal(incident.status, 'resolved', 'all its alerts resolved, so it is resolved');
    });
  }

  test('an alert that finds its group incident while another writer resolves it opens a new incident', async () => {
    await clean();
    assert.equal((await trigger(api.server, 'quiet-1')).statusCode, 202);
    const first = await api.db.selectFrom('alerts').select('incident_id').executeTakeFirstOrThrow();
    // Another writer (a quiet-resolve job, a person) holds the incident and resolves it...
    const other = new pg.Client({ connectionString: api.server.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select id from incidents where id = $1 for update', [first.incident_id]);
      await other.query(`update incidents set status = 'resolved', resolved_at = $2 where id = $1`, [
        first.incident_id,
        api.clock.now(),
      ]);
      // ...while an alert of the same window arrives: it waits for that writer...
      const pending = trigger(second, 'quiet-2');
      await new Promise((r) => setTimeout(r, 300));
      await other.query('commit');
      const res = await pending;
      assert.equal(res.statusCode, 202, res.body);
    } finally {
      await other.end();
    }
    // ...and then does not join a resolved incident.
    const alert = await api.db
      .selectFrom('alerts')
      .innerJoin('incidents', 'incidents.id', 'alerts.incident_id')
      .select(['alerts.incident_id', 'incidents.status'])
      .where('dedup_key', '=', 'quiet-2')
      .executeTakeFirstOrThrow();
    assert.notEqual(alert.incident_id, first.incident_id);
    assert.equal(alert.status, 'triggered');
  });
});
