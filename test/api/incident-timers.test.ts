import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { JobWorker } from '../../src/jobs/index.js';
import type { DomainEvent } from '../../src/lib/events.js';
import { describeEachDialect } from '../helpers/db.js';
import {
  alertByKey,
  incidentById,
  startIngestApi,
  timelineKinds,
  type IngestApi,
} from '../helpers/ingest.js';

/**
 * A service's quietResolveMinutes and ackTimeoutMinutes, run as durable jobs by a worker driven
 * with the fake clock: quiet incidents resolve (one pending job per incident, re-scheduled after
 * later events), acknowledgements time out back to triggered with an incident.triggered event.
 */
const minute = 60_000;

describeEachDialect('incident timers: quiet-period resolve and acknowledgement timeout', (kind) => {
  let api: IngestApi;
  let worker: JobWorker;
  const seen: DomainEvent[] = [];
  before(async () => {
    api = await startIngestApi(kind, { settings: { quietResolveMinutes: 10, ackTimeoutMinutes: 5 } });
    const { keel } = api.server;
    worker = new JobWorker({
      database: keel.database,
      registry: keel.registry,
      clock: api.clock,
      logger: keel.logger,
    });
    keel.events.subscribe((e) => seen.push(e));
  });
  after(() => api.close());

  const trigger = async (dedupKey: string, key = api.keys.keel) => {
    const res = await api.send(`/api/v1/ingest/${key}`, { action: 'trigger', dedupKey, summary: dedupKey });
    assert.equal(res.statusCode, 202, res.body);
  };
  const jobsFor = (name: string, incidentId: string) =>
    api.db
      .selectFrom('jobs')
      .select(['status', 'run_at'])
      .where('name', '=', name)
      .where('payload', 'like', `%${incidentId}%`)
      .orderBy('run_at')
      .execute();
  // On-call's outbox jobs (escalation steps, incident changes) fall due at the same instants as the
  // timers: run everything due, and count only the timer jobs that ran.
  const timersDone = async () =>
    Number(
      (
        await api.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('name', 'in', ['alerts.quiet_resolve', 'incidents.ack_timeout'])
          .where('status', '=', 'done')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const runTimers = async () => {
    const before = await timersDone();
    while ((await worker.runDue()) > 0);
    return (await timersDone()) - before;
  };
  const pending = async (name: string, incidentId: string) =>
    (await jobsFor(name, incidentId)).filter((j) => j.status === 'pending').map((j) => j.run_at);
  const lastEntry = async (incidentId: string) => {
    const row = await api.db
      .selectFrom('incident_timeline')
      .select(['kind', 'body', 'actor_label'])
      .where('incident_id', '=', incidentId)
      .where('kind', 'not in', ['paged', 'escalated', 'nobody_on_call']) // on-call's own entries
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return { kind: row.kind, body: JSON.parse(row.body) as Record<string, unknown>, actor: row.actor_label };
  };

  test('quiet period: one pending job per incident, re-checked after later events, then resolved', async () => {
    const t0 = api.clock.now();
    await trigger('quiet-1');
    const incidentId = (await alertByKey(api, 'quiet-1')).incident_id!;
    assert.deepEqual(await pending('alerts.quiet_resolve', incidentId), [t0 + 10 * minute]);

    api.clock.advance(6 * minute);
    await trigger('quiet-1'); // a later event on the same alert
    await trigger('quiet-1');
    assert.deepEqual(
      await pending('alerts.quiet_resolve', incidentId),
      [t0 + 10 * minute],
      'no job per event',
    );

    api.clock.set(t0 + 10 * minute);
    assert.equal(await runTimers(), 1);
    assert.equal((await incidentById(api, incidentId)).status, 'triggered', 'an event 4 minutes ago');
    assert.deepEqual(await pending('alerts.quiet_resolve', incidentId), [t0 + 16 * minute], 'one successor');

    api.clock.set(t0 + 16 * minute - 1);
    assert.equal(await runTimers(), 0, 'not due yet');
    api.clock.set(t0 + 16 * minute);
    seen.length = 0;
    assert.equal(await runTimers(), 1);
    const inc = await incidentById(api, incidentId);
    assert.equal(inc.status, 'resolved');
    assert.deepEqual(await lastEntry(incidentId), {
      kind: 'resolved',
      body: { reason: 'no new events for 10 minutes' },
      actor: 'Keel',
    });
    assert.equal((await alertByKey(api, 'quiet-1')).status, 'resolved', 'its alerts resolve with it');
    assert.deepEqual(
      seen.map((e) => e.name),
      ['incident.resolved'],
    );
    assert.deepEqual(await pending('alerts.quiet_resolve', incidentId), [], 'the chain ends');
    assert.equal((await jobsFor('alerts.quiet_resolve', incidentId)).length, 2, 'two jobs in all');
  });

  test('acknowledgement timeout: back to triggered with a timeline entry and incident.triggered', async () => {
    await trigger('ack-1');
    const incidentId = (await alertByKey(api, 'ack-1')).incident_id!;
    api.clock.advance(minute);
    const acked = await api.call('POST', `/api/v1/incidents/${incidentId}/acknowledge`);
    assert.equal(acked.statusCode, 200, acked.body);
    const ackedAt = api.clock.now();
    assert.deepEqual(await pending('incidents.ack_timeout', incidentId), [ackedAt + 5 * minute]);

    api.clock.set(ackedAt + 5 * minute);
    seen.length = 0;
    assert.equal(await runTimers(), 1);
    const inc = await incidentById(api, incidentId);
    assert.deepEqual([inc.status, inc.acknowledged_at], ['triggered', null]);
    assert.deepEqual(await lastEntry(incidentId), {
      kind: 'retriggered',
      body: { reason: 'not resolved 5 minutes after it was acknowledged' },
      actor: 'Keel',
    });
    const triggered = seen.find((e) => e.name === 'incident.triggered');
    assert.deepEqual(triggered?.payload, { incidentId, number: inc.number, serviceId: api.serviceId });
    assert.equal(await runTimers(), 0);
  });

  test('an acknowledgement that ends in time (resolved, or acknowledged anew) is left alone', async () => {
    await trigger('ack-2');
    const incidentId = (await alertByKey(api, 'ack-2')).incident_id!;
    // Acknowledged by the sender (the ingest pipeline), then resolved within the timeout.
    api.clock.advance(minute);
    const ack = await api.send(`/api/v1/ingest/${api.keys.keel}`, {
      action: 'acknowledge',
      dedupKey: 'ack-2',
    });
    assert.equal(ack.statusCode, 202, ack.body);
    const firstAck = api.clock.now();
    assert.deepEqual(await pending('incidents.ack_timeout', incidentId), [firstAck + 5 * minute]);
    api.clock.advance(minute);
    await api.send(`/api/v1/ingest/${api.keys.keel}`, { action: 'resolve', dedupKey: 'ack-2' });
    api.clock.set(firstAck + 5 * minute);
    assert.ok((await runTimers()) >= 1);
    assert.equal((await incidentById(api, incidentId)).status, 'resolved');
    assert.ok(!(await timelineKinds(api, incidentId)).includes('retriggered'));

    // Timed out, then acknowledged again: the first job has run; only the second acts, at its time.
    await trigger('ack-3');
    const other = (await alertByKey(api, 'ack-3')).incident_id!;
    await api.call('POST', `/api/v1/incidents/${other}/acknowledge`);
    api.clock.advance(5 * minute);
    await runTimers();
    assert.equal((await incidentById(api, other)).status, 'triggered');
    api.clock.advance(minute);
    await api.call('POST', `/api/v1/incidents/${other}/acknowledge`);
    const second = api.clock.now();
    await trigger('ack-3'); // still firing: keeps the quiet-period resolve away
    api.clock.set(second + 5 * minute - 1);
    await runTimers();
    assert.equal((await incidentById(api, other)).status, 'acknowledged');
    api.clock.set(second + 5 * minute);
    await runTimers();
    assert.equal((await incidentById(api, other)).status, 'triggered');
  });

  test('a service without the settings schedules nothing', async () => {
    const created = await api.call('POST', '/api/v1/services', { name: 'Plain' });
    const res = await api.call('POST', `/api/v1/services/${created.json().id}/integrations`, {
      type: 'keel',
      name: 'k',
    });
    await trigger('plain-1', res.json().key);
    const incident = await api.db
      .selectFrom('alerts')
      .select('incident_id')
      .where('dedup_key', '=', 'plain-1')
      .executeTakeFirstOrThrow();
    await api.call('POST', `/api/v1/incidents/${incident.incident_id}/acknowledge`);
    assert.deepEqual(await jobsFor('alerts.quiet_resolve', incident.incident_id!), []);
    assert.deepEqual(await jobsFor('incidents.ack_timeout', incident.incident_id!), []);
  });
});
