import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDatabase, type Database } from '../../src/db/database.js';
import { JobWorker } from '../../src/jobs/index.js';
import { escalateJob } from '../../src/modules/oncall/escalation/index.js';
import { signedIn, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { startHttpListener, type HttpListener } from '../helpers/http-listener.js';
import { as, startTestServer } from '../helpers/server.js';

/**
 * The escalation engine driven by a fake clock through the job worker, with real deliveries to a
 * local HTTP listener (each person's webhook contact method has its own path): levels fire at the
 * right minute, an acknowledgement stops them, the policy repeats, a new trigger starts again, an
 * acknowledgement timeout pages again, a restart mid-escalation neither misses nor repeats a page,
 * and (PostgreSQL) two workers with separate pools never page twice.
 */
const minute = 60_000;

describeEachDialect('escalation engine', (kind) => {
  let api: Api;
  let listener: HttpListener;
  let worker: JobWorker;
  let serviceId: string;
  let policyId: string;
  const people: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    api.app.inject({
      method,
      url,
      headers: as(api.owner),
      ...(payload !== undefined && { payload: payload as object }),
    });

  /** Runs every job due now (escalation steps, deliveries), until none is left. */
  const runAll = async (w = worker) => {
    while ((await w.runDue()) > 0);
  };
  /** Who received a page since `from` (an index into listener.requests), in order. */
  const pagedSince = (from: number) => listener.requests.slice(from).map((r) => r.url.slice(1));
  const openIncident = async (title: string, service = serviceId) => {
    const res = await call('POST', '/api/v1/incidents', { title, serviceId: service });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ id: string }>().id;
  };
  const timelineTexts = async (incidentId: string) =>
    (
      await api.db
        .selectFrom('incident_timeline')
        .select(['kind', 'body'])
        .where('incident_id', '=', incidentId)
        .where('kind', 'in', ['paged', 'escalated', 'nobody_on_call'])
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((r) => (JSON.parse(r.body) as { text: string }).text);

  before(async () => {
    api = await startApi(kind);
    listener = await startHttpListener();
    for (const name of ['Alice', 'Bob', 'Carol']) {
      const s = await signedIn(api, 'responder', { name });
      people[name] = s.userId;
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/users/me/contact-methods',
        headers: as(s),
        payload: {
          type: 'webhook',
          label: 'hook',
          config: { url: `${listener.url}/${name}`, secret: 'a-secret-of-sixteen-or-more' },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const policy = await call('POST', '/api/v1/escalation-policies', {
      name: 'Checkout',
      repeat: 1,
      levels: [
        { delayMinutes: 5, targets: [{ type: 'user', id: people.Alice }] },
        { delayMinutes: 10, targets: [{ type: 'user', id: people.Bob }] },
      ],
    });
    assert.equal(policy.statusCode, 201, policy.body);
    policyId = policy.json<{ id: string }>().id;
    const service = await call('POST', '/api/v1/services', {
      name: 'Checkout',
      escalationPolicyId: policyId,
      settings: { ackTimeoutMinutes: 3 },
    });
    assert.equal(service.statusCode, 201, service.body);
    serviceId = service.json<{ id: string }>().id;
    const { keel } = api.server;
    worker = new JobWorker({
      database: keel.database,
      registry: keel.registry,
      clock: api.clock,
      logger: keel.logger,
      concurrency: 16,
    });
  });
  after(async () => {
    await listener.close();
    await api.close();
  });

  test('levels fire at the right minute, the policy repeats, then escalation ends', async () => {
    const t0 = api.clock.now();
    const seen = listener.requests.length;
    const id = await openIncident('Checkout down');
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice'], 'level 1 at once');
    api.clock.set(t0 + 5 * minute - 1);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice'], 'not a millisecond early');
    api.clock.set(t0 + 5 * minute);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Bob'], 'level 2 after 5 minutes');
    api.clock.set(t0 + 15 * minute);
    await runAll();
    api.clock.set(t0 + 20 * minute);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Bob', 'Alice', 'Bob'], 'repeated once');
    api.clock.set(t0 + 90 * minute);
    await runAll();
    assert.equal(pagedSince(seen).length, 4, 'then it ends');
    assert.deepEqual(await timelineTexts(id), [
      'Paged Alice (level 1)',
      'Escalated to level 2',
      'Paged Bob (level 2)',
      'Escalated to level 1, repeat 1',
      'Paged Alice (level 1, repeat 1)',
      'Escalated to level 2, repeat 1',
      'Paged Bob (level 2, repeat 1)',
    ]);
    const keys = listener.requests.slice(seen).map((r) => r.headers['idempotency-key']);
    assert.equal(new Set(keys).size, 4, 'every message has its own idempotency key');
    await call('POST', `/api/v1/incidents/${id}/resolve`, {});
    await runAll();
  });

  test('an acknowledgement stops escalation; a new trigger after resolve starts it again', async () => {
    const t0 = api.clock.now();
    const seen = listener.requests.length;
    const id = await openIncident('Payments slow');
    await runAll();
    api.clock.set(t0 + minute);
    assert.equal((await call('POST', `/api/v1/incidents/${id}/acknowledge`)).statusCode, 200);
    api.clock.set(t0 + 2 * minute);
    assert.equal((await call('POST', `/api/v1/incidents/${id}/resolve`, {})).statusCode, 200);
    await runAll();
    api.clock.set(t0 + 5 * minute);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice'], 'nobody after the acknowledgement');

    api.clock.set(t0 + 6 * minute);
    assert.equal((await call('POST', `/api/v1/incidents/${id}/reopen`)).statusCode, 200);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Alice'], 'a new chain from level 1');
    api.clock.set(t0 + 11 * minute);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Alice', 'Bob'], 'its level 2, 5 minutes after the reopen');
    await call('POST', `/api/v1/incidents/${id}/resolve`, {});
    await runAll();
  });

  test('an acknowledgement that times out pages again', async () => {
    const t0 = api.clock.now();
    const seen = listener.requests.length;
    const id = await openIncident('Search down');
    await runAll();
    api.clock.set(t0 + minute);
    await call('POST', `/api/v1/incidents/${id}/acknowledge`);
    api.clock.set(t0 + 4 * minute); // the service's acknowledgement timeout: 3 minutes
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Alice']);
    const incident = await api.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([incident.status, incident.triggered_at], ['triggered', t0 + 4 * minute]);
    api.clock.set(t0 + 9 * minute);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Alice', 'Bob']);
    await call('POST', `/api/v1/incidents/${id}/resolve`, {});
    await runAll();
  });

  test('a step run again (after a crash before its job was marked done) pages nobody twice', async () => {
    const t0 = api.clock.now();
    const seen = listener.requests.length;
    const id = await openIncident('Twice');
    await runAll();
    const payload = { incidentId: id, triggeredAt: t0, round: 0, level: 0 };
    const ctx = {
      jobId: 'x',
      jobName: escalateJob.name,
      attempt: 2,
      maxAttempts: 20,
      key: 'k',
      attemptKey: 'a',
      clock: api.clock,
      logger: api.server.keel.logger,
      db: api.db,
      signal: new AbortController().signal,
    };
    await escalateJob.handler(payload, ctx);
    await escalateJob.handler(payload, ctx);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice']);
    assert.deepEqual(await timelineTexts(id), ['Paged Alice (level 1)']);
    await call('POST', `/api/v1/incidents/${id}/resolve`, {});
    await runAll();
  });

  test('outgoing webhooks: triggered, escalated, acknowledged, reassigned and resolved, each once', async () => {
    const hooks = await startHttpListener();
    try {
      const sub = await call('POST', '/api/v1/webhook-subscriptions', {
        url: `${hooks.url}/events`,
        serviceId,
        events: [
          'incident.triggered',
          'incident.escalated',
          'incident.acknowledged',
          'incident.reassigned',
          'incident.resolved',
        ],
      });
      assert.equal(sub.statusCode, 201, sub.body);
      const t0 = api.clock.now();
      const id = await openIncident('Hooked');
      await runAll();
      api.clock.set(t0 + 5 * minute);
      await runAll();
      await call('POST', `/api/v1/incidents/${id}/acknowledge`);
      await runAll();
      await call('POST', `/api/v1/incidents/${id}/assign`, { userIds: [people.Bob] });
      await runAll();
      api.clock.set(t0 + 6 * minute);
      await call('POST', `/api/v1/incidents/${id}/resolve`, {});
      await runAll();
      assert.deepEqual(
        hooks.requests.map((r) => r.headers['x-keel-event']),
        [
          'incident.triggered',
          'incident.escalated',
          'incident.acknowledged',
          'incident.reassigned',
          'incident.resolved',
        ],
      );
      const subId = sub.json<{ id: string }>().id;
      await call('PATCH', `/api/v1/webhook-subscriptions/${subId}`, { enabled: false });
    } finally {
      await hooks.close();
    }
  });

  test('targets resolved when the level fires: a schedule, all of a team, a hand-over to another policy', async () => {
    const schedule = async (name: string, members: string[], startsAt: string) => {
      const res = await call('POST', '/api/v1/schedules', {
        name,
        timeZone: 'UTC',
        layers: [{ name: 'L', members, rotation: { kind: 'hours', every: 1 }, startsAt }],
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    };
    // Hourly hand-offs from now: Bob, then Carol.
    const now = new Date(api.clock.now()).toISOString();
    const rota = await schedule('Rota', [people.Bob!, people.Carol!], now);
    const later = await schedule('Later', [people.Alice!], '2030-01-01T00:00:00Z');
    const team = await call('POST', '/api/v1/teams', { name: 'Responders' });
    const teamId = team.json<{ id: string }>().id;
    for (const n of ['Alice', 'Carol']) {
      api.clock.advance(1); // members page in the order they joined
      await api.app.inject({
        method: 'PUT',
        url: `/api/v1/teams/${teamId}/members/${people[n]}`,
        headers: as(api.owner),
        payload: {},
      });
    }
    const next = await call('POST', '/api/v1/escalation-policies', {
      name: 'Team',
      levels: [{ delayMinutes: 5, targets: [{ type: 'team', id: teamId }] }],
    });
    const first = await call('POST', '/api/v1/escalation-policies', {
      name: 'Rota first',
      levels: [
        {
          delayMinutes: 60,
          targets: [
            { type: 'schedule', id: rota },
            { type: 'schedule', id: later },
          ],
        },
        { delayMinutes: 5, targets: [{ type: 'policy', id: next.json<{ id: string }>().id }] },
      ],
    });
    assert.equal(first.statusCode, 201, first.body);
    const svc = await call('POST', '/api/v1/services', {
      name: 'Rota service',
      escalationPolicyId: first.json<{ id: string }>().id,
    });
    const t0 = api.clock.now();
    const seen = listener.requests.length;
    const id = await openIncident('Rota', svc.json<{ id: string }>().id);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Bob'], 'the person on call now');
    api.clock.set(t0 + 60 * minute); // Carol's hour: level 2 hands over to the team policy
    await runAll();
    assert.deepEqual(pagedSince(seen).sort(), ['Alice', 'Bob', 'Carol']);
    assert.deepEqual(await timelineTexts(id), [
      'Nobody on call for Later',
      'Paged Bob (level 1)',
      'Escalated to level 2',
      'Escalated to Team, level 1',
      'Paged Alice, Carol (level 1)',
    ]);
    await call('POST', `/api/v1/incidents/${id}/resolve`, {});
    await runAll();
  });

  test('an alert through the PagerDuty ingest URL pages; a merged incident stops escalating', async () => {
    const integration = await call('POST', `/api/v1/services/${serviceId}/integrations`, {
      type: 'pagerduty',
      name: 'PD',
    });
    assert.equal(integration.statusCode, 201, integration.body);
    const routingKey = integration.json<{ key: string }>().key;
    const t0 = api.clock.now();
    const seen = listener.requests.length;
    const pendingJobs = async () =>
      (await api.db.selectFrom('jobs').select('name').where('status', '=', 'pending').execute()).map(
        (j) => j.name,
      );
    const before = await pendingJobs();
    const send = () =>
      api.app.inject({
        method: 'POST',
        url: '/v2/enqueue',
        payload: {
          routing_key: routingKey,
          event_action: 'trigger',
          dedup_key: 'pd-1',
          payload: { summary: 'Disk full', source: 'db1', severity: 'critical' },
        },
      });
    const sent = await send();
    assert.equal(sent.statusCode, 202, sent.body);
    const after = await pendingJobs();
    const escalations = (names: string[]) => names.filter((n) => n === 'oncall.escalate').length;
    assert.deepEqual(
      [after.length - before.length, escalations(after) - escalations(before)],
      [1, 1],
      'a new incident adds one job to the ingest transaction: its first escalation step',
    );
    assert.equal((await send()).statusCode, 202);
    assert.equal((await pendingJobs()).length, before.length + 1, 'a repeated trigger adds none');
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice']);
    const fromAlert = (
      await api.db
        .selectFrom('alerts')
        .select('incident_id')
        .where('dedup_key', '=', 'pd-1')
        .executeTakeFirstOrThrow()
    ).incident_id!;
    const other = await openIncident('Merge target');
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Alice']);
    const merged = await call('POST', `/api/v1/incidents/${fromAlert}/merge`, { intoId: other });
    assert.equal(merged.statusCode, 200, merged.body);
    api.clock.set(t0 + 5 * minute);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Alice', 'Bob'], 'only the incident it went into escalates');
    await call('POST', `/api/v1/incidents/${other}/resolve`, {});
    await runAll();
  });

  test('a snoozed incident waits, then escalation goes on', async () => {
    const t0 = api.clock.now();
    const seen = listener.requests.length;
    const id = await openIncident('Snoozy');
    await runAll();
    assert.equal((await call('POST', `/api/v1/incidents/${id}/snooze`, { minutes: 30 })).statusCode, 200);
    api.clock.set(t0 + 5 * minute);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice'], 'level 2 waits for the snooze');
    api.clock.set(t0 + 30 * minute);
    await runAll();
    assert.deepEqual(pagedSince(seen), ['Alice', 'Bob']);
    await call('POST', `/api/v1/incidents/${id}/resolve`, {});
    await runAll();
  });
});

describeEachDialect('escalation engine across restarts and workers', (kind) => {
  test('a restart mid-escalation: a new worker on the same database misses no page and repeats none', async () => {
    const api = await startApi(kind);
    const listener = await startHttpListener();
    try {
      const users: string[] = [];
      for (const name of ['Dana', 'Eve']) {
        const s = await signedIn(api, 'responder', { name });
        users.push(s.userId);
        await api.app.inject({
          method: 'POST',
          url: '/api/v1/users/me/contact-methods',
          headers: as(s),
          payload: {
            type: 'webhook',
            label: 'h',
            config: { url: `${listener.url}/${name}`, secret: 'a-secret-of-sixteen-or-more' },
          },
        });
      }
      const headers = as(api.owner);
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/escalation-policies',
        headers,
        payload: {
          name: 'Default',
          levels: users.map((id) => ({ delayMinutes: 5, targets: [{ type: 'user', id }] })),
        },
      });
      const t0 = api.clock.now();
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers,
        payload: { title: 'Restart' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const first = new JobWorker({
        database: api.server.keel.database,
        registry: api.server.keel.registry,
        clock: api.clock,
        logger: api.server.keel.logger,
      });
      while ((await first.runDue()) > 0);
      assert.deepEqual(
        listener.requests.map((r) => r.url),
        ['/Dana'],
      );
      await api.close(); // the process stops; level 2 is due while it is down

      api.clock.set(t0 + 7 * minute);
      const second = await startTestServer({ databaseUrl: api.server.databaseUrl, clock: api.clock });
      try {
        const w = new JobWorker({
          database: second.keel.database,
          registry: second.keel.registry,
          clock: api.clock,
          logger: second.keel.logger,
        });
        while ((await w.runDue()) > 0);
        assert.deepEqual(
          listener.requests.map((r) => r.url),
          ['/Dana', '/Eve'],
          'the level due while down fires right after the start, and only it',
        );
      } finally {
        await second.close();
      }
    } finally {
      await listener.close();
      await api.close();
    }
  });

  test(
    'two workers with separate pools on one PostgreSQL database never page twice',
    { skip: kind !== 'postgres' },
    async () => {
      const api = await startApi(kind);
      const listener = await startHttpListener();
      const pools: Database[] = [];
      try {
        const s = await signedIn(api, 'responder', { name: 'Finn' });
        await api.app.inject({
          method: 'POST',
          url: '/api/v1/users/me/contact-methods',
          headers: as(s),
          payload: {
            type: 'webhook',
            label: 'h',
            config: { url: `${listener.url}/Finn`, secret: 'a-secret-of-sixteen-or-more' },
          },
        });
        const headers = as(api.owner);
        await api.app.inject({
          method: 'POST',
          url: '/api/v1/escalation-policies',
          headers,
          payload: {
            name: 'Default',
            repeat: 1,
            levels: [
              { delayMinutes: 1, targets: [{ type: 'user', id: s.userId }] },
              { delayMinutes: 1, targets: [{ type: 'user', id: s.userId }] },
            ],
          },
        });
        const t0 = api.clock.now();
        const incidents = 20;
        for (let i = 0; i < incidents; i++) {
          const res = await api.app.inject({
            method: 'POST',
            url: '/api/v1/incidents',
            headers,
            payload: { title: `Race ${i}` },
          });
          assert.equal(res.statusCode, 201, res.body);
        }
        const workers = [0, 1].map((n) => {
          const database = openDatabase(api.server.databaseUrl, { poolSize: 4 });
          pools.push(database);
          return new JobWorker({
            database,
            registry: api.server.keel.registry,
            clock: api.clock,
            logger: api.server.keel.logger,
            workerId: `worker-${n}`,
            concurrency: 8,
          });
        });
        const drain = async (w: JobWorker) => {
          while ((await w.runDue()) > 0);
        };
        for (let m = 0; m <= 4; m++) {
          api.clock.set(t0 + m * minute);
          await Promise.all(workers.map(drain));
        }
        // Each incident: level 1, level 2, then both again (repeat 1): four pages, each once.
        assert.equal(listener.requests.length, incidents * 4);
        const keys = listener.requests.map((r) => r.headers['idempotency-key']);
        assert.equal(new Set(keys).size, keys.length, 'no message twice');
        const steps = await api.db.selectFrom('escalation_steps').select('incident_id').execute();
        assert.equal(steps.length, incidents * 4);
      } finally {
        for (const p of pools) await p.close();
        await listener.close();
        await api.close();
      }
    },
  );
});
