import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { JobWorker } from '../../src/jobs/index.js';
import { newId } from '../../src/lib/ids.js';
import { describeEachDialect } from '../helpers/db.js';
import { alertByKey, incidentById, startIngestApi, type IngestApi } from '../helpers/ingest.js';

/**
 * Switching a service's quietResolveMinutes on (or changing it) schedules the quiet-period resolve
 * for the incidents that were already open, in the same transaction as the settings change, with
 * the job's own idempotency keys; a worker driven by the fake clock then resolves the quiet ones.
 */
const minute = 60_000;

describeEachDialect('quiet-period resolve for incidents opened before the setting', (kind) => {
  let api: IngestApi;
  let worker: JobWorker;
  // On-call's outbox jobs (escalation steps, incident changes) are not this test's subject: set
  // them aside, so the counts below are of this test's own jobs.
  const runDue = async () => {
    await api.db
      .updateTable('jobs')
      .set({ status: 'cancelled' })
      .where('name', 'in', ['oncall.escalate', 'incidents.changed'])
      .where('status', '=', 'pending')
      .execute();
    return worker.runDue();
  };
  before(async () => {
    api = await startIngestApi(kind); // no quiet period
    const { keel } = api.server;
    worker = new JobWorker({
      database: keel.database,
      registry: keel.registry,
      clock: api.clock,
      logger: keel.logger,
    });
  });
  after(() => api.close());

  const trigger = async (dedupKey: string) => {
    const res = await api.send(`/api/v1/ingest/${api.keys.keel}`, {
      action: 'trigger',
      dedupKey,
      summary: dedupKey,
    });
    assert.equal(res.statusCode, 202, res.body);
    return (await alertByKey(api, dedupKey)).incident_id!;
  };
  const setQuiet = async (serviceId: string, quietResolveMinutes: number | null) => {
    const res = await api.call('PATCH', `/api/v1/services/${serviceId}`, {
      settings: { quietResolveMinutes },
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const quietJobs = () =>
    api.db
      .selectFrom('jobs')
      .select(['payload', 'run_at', 'status', 'idempotency_key'])
      .where('name', '=', 'alerts.quiet_resolve')
      .orderBy('run_at')
      .execute();
  const pendingFor = async (incidentId: string) =>
    (await quietJobs())
      .filter(
        (j) =>
          j.status === 'pending' &&
          (JSON.parse(j.payload) as { incidentId: string }).incidentId === incidentId,
      )
      .map((j) => j.run_at);

  test('switched on: open incidents get their check, due at last event + the period; then resolved', async () => {
    const t0 = api.clock.now();
    const early = await trigger('early'); // quiet for 30 minutes when the setting comes
    api.clock.set(t0 + 25 * minute);
    const recent = await trigger('recent'); // quiet for 5 minutes
    const byHand = await api.call('POST', '/api/v1/incidents', {
      title: 'By hand',
      severity: 'SEV3',
      urgency: 'low',
      serviceId: api.serviceId,
    });
    assert.equal(byHand.statusCode, 201, byHand.body);
    const closed = await trigger('closed');
    const res = await api.send(`/api/v1/ingest/${api.keys.keel}`, { action: 'resolve', dedupKey: 'closed' });
    assert.equal(res.statusCode, 202, res.body);
    assert.equal((await incidentById(api, closed)).status, 'resolved');
    assert.deepEqual(await quietJobs(), [], 'no quiet period, no jobs');

    api.clock.set(t0 + 30 * minute);
    await setQuiet(api.serviceId, 10);
    assert.deepEqual(await pendingFor(early), [t0 + 30 * minute], 'overdue: checked at once');
    assert.deepEqual(await pendingFor(recent), [t0 + 35 * minute]);
    assert.deepEqual(await pendingFor(byHand.json().id), [], 'incidents opened by hand are left alone');
    assert.deepEqual(await pendingFor(closed), [], 'resolved ones too');
    const keys = (await quietJobs()).map((j) => j.idempotency_key);
    assert.deepEqual(keys, [
      `alerts.quiet_resolve:${early}:${t0 + 10 * minute}`,
      `alerts.quiet_resolve:${recent}:${t0 + 35 * minute}`,
    ]);

    // Saving the same period again adds nothing; other settings changes add nothing.
    await setQuiet(api.serviceId, 10);
    assert.equal((await quietJobs()).length, 2);

    assert.equal(await runDue(), 1);
    assert.equal((await incidentById(api, early)).status, 'resolved');
    assert.equal((await alertByKey(api, 'early')).status, 'resolved');
    assert.equal((await incidentById(api, recent)).status, 'triggered');

    // Changed to a shorter period: a check at the new due time (overdue, so now).
    api.clock.set(t0 + 32 * minute);
    await setQuiet(api.serviceId, 5);
    assert.deepEqual(await pendingFor(recent), [t0 + 32 * minute, t0 + 35 * minute]);
    assert.equal(await runDue(), 1);
    assert.equal((await incidentById(api, recent)).status, 'resolved');
    assert.equal((await incidentById(api, byHand.json().id)).status, 'triggered');
  });

  test('a service with 1,200 open incidents: all scheduled, in batches, in the settings transaction', async () => {
    const created = await api.call('POST', '/api/v1/services', { name: 'Bulk' });
    assert.equal(created.statusCode, 201, created.body);
    const serviceId = created.json<{ id: string }>().id;
    const now = api.clock.now();
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      id: newId(now - i),
      number: 2_000_000 + i,
      title: `Bulk ${i}`,
      description: '',
      status: i % 2 ? ('acknowledged' as const) : ('triggered' as const),
      severity: 'SEV3' as const,
      urgency: 'high' as const,
      impact: 'high' as const,
      priority: 'P3' as const,
      priority_overridden: 0,
      category: null,
      service_id: serviceId,
      group_key: `alert:bulk-${i}`,
      created_at: now - i,
      acknowledged_at: null,
      resolved_at: null,
      last_event_at: now - i,
      snoozed_until: null,
      merged_into_id: null,
      commander_user_id: null,
      communications_user_id: null,
      scribe_user_id: null,
      is_sample: 0,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 400)
      await api.db
        .insertInto('incidents')
        .values(rows.slice(i, i + 400))
        .execute();
    const before = (await quietJobs()).length;
    await setQuiet(serviceId, 60);
    const jobs = (await quietJobs()).slice(before);
    assert.equal(jobs.length, 1200);
    const byIncident = new Map(
      jobs.map((j) => [(JSON.parse(j.payload) as { incidentId: string }).incidentId, j.run_at]),
    );
    assert.equal(byIncident.size, 1200);
    for (const r of rows) assert.equal(byIncident.get(r.id), r.last_event_at + 60 * minute);
    await setQuiet(serviceId, 60);
    assert.equal((await quietJobs()).length, before + 1200, 'idempotent');
  });
});
