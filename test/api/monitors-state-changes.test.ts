import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createTargetPolicy, MonitorScheduler, monitorPurgeJob } from '../../src/modules/monitors/index.js';
import { addRollups } from '../../src/modules/monitors/monitor-results.repository.js';
import type { MonitorView } from '../../src/modules/monitors/monitors.schema.js';
import type { RollupPeriod } from '../../src/modules/monitors/monitors.table.js';
import {
  addResult,
  bucketStart,
  emptyRollup,
  rollupRetentionMs,
  type Rollup,
} from '../../src/modules/monitors/rollups.domain.js';
import { assertApiError, assertStatus, signedIn, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

interface Change {
  id: string;
  at: string;
  kind: 'check' | 'created' | 'paused' | 'resumed';
  fromState: string | null;
  toState: string;
  message: string;
  latencyMs: number | null;
  statusCode: number | null;
}

/**
 * The state-change log (GET /api/v1/monitors/:id/state-changes): one row per change of state,
 * not per check, written by the writer with the state; creation, pause and resume; paging; 404;
 * the hourly purge; a deleted monitor's rows go. And the list's sparkline from minute rollups.
 */
describeEachDialect('monitor state changes and sparkline', (kind) => {
  let api: Api;
  let serviceId: string;
  let target: Server;
  let targetStatus = 200;
  let targetUrl: string;
  before(async () => {
    target = createServer((_req, res) => res.writeHead(targetStatus).end('ok'));
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
    api = await startApi(kind);
    serviceId = (
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/services',
        headers: as(api.owner),
        payload: { name: 'Jobs' },
      })
    ).json<{ id: string }>().id;
  });
  after(async () => {
    await api.close();
    target.closeAllConnections();
    await new Promise((r) => target.close(r));
  });

  const create = async (body: object) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/monitors',
      headers: as(api.owner),
      payload: { serviceId, ...body },
    });
    assertStatus(res, 201);
    return res.json<MonitorView>();
  };
  const heartbeat = (name: string) =>
    create({ name, type: 'heartbeat', config: { everySeconds: 60, graceSeconds: 60 } });
  /** Pings one second after the previous step (every result has its own time). */
  const ping = async (m: MonitorView, suffix: '' | '/fail') => {
    api.clock.set(api.clock.now() + 1000);
    assertStatus(await api.app.inject({ url: `${m.heartbeatPath}${suffix}` }), 200);
  };
  const changes = async (id: string, query = '') => {
    const res = await api.app.inject({
      url: `/api/v1/monitors/${id}/state-changes${query}`,
      headers: as(api.owner),
    });
    assertStatus(res, 200);
    return res.json<{ items: Change[]; nextCursor: string | null }>();
  };

  test('one entry per change of state, not per check; creation, pause and resume', async () => {
    const m = await heartbeat('Nightly backup');
    assert.deepEqual(
      (await changes(m.id)).items.map((c) => [c.kind, c.fromState, c.toState]),
      [['created', null, 'pending']],
    );
    await ping(m, '');
    await ping(m, '');
    await ping(m, '');
    await ping(m, '/fail');
    await ping(m, '/fail');
    await ping(m, '');
    await ping(m, '');
    const results = await api.db
      .selectFrom('monitor_results')
      .select('at')
      .where('monitor_id', '=', m.id)
      .execute();
    assert.equal(results.length, 7, 'seven results');
    const { items, nextCursor } = await changes(m.id);
    assert.equal(nextCursor, null);
    assert.deepEqual(
      items.map((c) => [c.kind, c.fromState, c.toState]),
      [
        ['check', 'down', 'up'],
        ['check', 'up', 'down'],
        ['check', 'pending', 'up'],
        ['created', null, 'pending'],
      ],
      'newest first, three changes for seven checks',
    );
    const down = items[1]!;
    assert.equal(down.message, 'the job reported failure (/fail)');
    assert.equal(typeof down.latencyMs, 'number');
    assert.equal(down.statusCode, null);
    assert.equal(Date.parse(down.at), Date.parse(items[0]!.at) - 2000);
    const row = await api.db
      .selectFrom('monitors')
      .select('state_changed_at')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(row.state_changed_at), Date.parse(items[0]!.at), 'the same time as the monitor row');

    api.clock.set(api.clock.now() + 1000);
    await api.app.inject({ method: 'POST', url: `/api/v1/monitors/${m.id}/pause`, headers: as(api.owner) });
    // Pausing a paused monitor changes nothing and records nothing.
    await api.app.inject({ method: 'POST', url: `/api/v1/monitors/${m.id}/pause`, headers: as(api.owner) });
    api.clock.set(api.clock.now() + 1000);
    await api.app.inject({ method: 'POST', url: `/api/v1/monitors/${m.id}/resume`, headers: as(api.owner) });
    assert.deepEqual(
      (await changes(m.id)).items.slice(0, 3).map((c) => [c.kind, c.fromState, c.toState]),
      [
        ['resumed', 'up', 'up'],
        ['paused', 'up', 'up'],
        ['check', 'down', 'up'],
      ],
    );

    const paused = await create({
      name: 'Created paused',
      type: 'http',
      paused: true,
      config: { url: 'https://example.com/' },
    });
    const [created] = (await changes(paused.id)).items;
    assert.deepEqual(
      [created?.kind, created?.toState, created?.message],
      ['created', 'pending', 'created paused'],
    );
  });

  test('checks through the scheduler: failures within retries and repeats record nothing', async () => {
    const m = await create({
      name: 'Checked site',
      type: 'http',
      intervalSeconds: 10,
      timeoutMs: 2000,
      retries: 1,
      config: { url: targetUrl },
    });
    const scheduler = new MonitorScheduler({
      database: api.server.keel.database,
      clock: api.clock,
      logger: api.server.keel.logger,
      events: api.server.keel.events,
      targets: createTargetPolicy(),
      nodeId: 'node-s',
    });
    let at = Math.max(api.clock.now(), Date.parse(m.nextCheckAt));
    const check = async (status: number) => {
      targetStatus = status;
      api.clock.set(at);
      assert.equal(await scheduler.tick(), 1);
      await scheduler.idle();
      at += 10_000;
    };
    for (const status of [200, 200, 503, 200, 503, 503, 503, 200]) await check(status);
    assert.deepEqual(
      (await changes(m.id)).items.map((c) => [c.fromState, c.toState, c.statusCode]),
      [
        ['down', 'up', 200],
        ['up', 'down', 503],
        ['pending', 'up', 200],
        [null, 'pending', null],
      ],
      'eight checks, three changes: a single 503 within retries changes nothing',
    );
    const [recovered, down] = (await changes(m.id)).items;
    assert.match(down!.message, /^HTTP 503/);
    assert.equal(recovered!.message, 'HTTP 200');
    assert.equal(typeof recovered!.latencyMs, 'number');
    await api.app.inject({ method: 'POST', url: `/api/v1/monitors/${m.id}/pause`, headers: as(api.owner) });
  });

  test('paging: limit and cursor walk every entry once, newest first; before= starts earlier', async () => {
    const m = await heartbeat('Flapping job');
    for (let i = 0; i < 6; i++) await ping(m, i % 2 ? '/fail' : '');
    const all = (await changes(m.id, '?limit=500')).items;
    assert.equal(all.length, 7, 'creation and six changes');
    const seen: Change[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Change[]; nextCursor: string | null } = await changes(
        m.id,
        `?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.ok(page.items.length <= 3);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen.map((c) => c.id),
      all.map((c) => c.id),
    );
    const times = all.map((c) => Date.parse(c.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const before = (await changes(m.id, `?before=${times[2]}`)).items;
    assert.deepEqual(
      before.map((c) => c.id),
      all.slice(3).map((c) => c.id),
    );

    assertApiError(
      await api.app.inject({
        url: `/api/v1/monitors/${m.id}/state-changes?cursor=nope`,
        headers: as(api.owner),
      }),
      400,
      'validation_failed',
    );
    assertApiError(
      await api.app.inject({ url: `/api/v1/monitors/${m.id}/state-changes?limit=0`, headers: as(api.owner) }),
      400,
      'validation_failed',
    );
  });

  test('404 for an unknown monitor; readable by a viewer; refused without a session', async () => {
    assertApiError(
      await api.app.inject({ url: '/api/v1/monitors/no-such-monitor/state-changes', headers: as(api.owner) }),
      404,
      'not_found',
    );
    const m = await heartbeat('Read by viewers');
    const viewer = await signedIn(api, 'viewer');
    assertStatus(
      await api.app.inject({ url: `/api/v1/monitors/${m.id}/state-changes`, headers: as(viewer) }),
      200,
    );
    assertApiError(
      await api.app.inject({ url: `/api/v1/monitors/${m.id}/state-changes` }),
      401,
      'unauthenticated',
    );
  });

  test('the hourly purge keeps 25 months; a deleted monitor takes its entries with it', async () => {
    const m = await heartbeat('Old job');
    await ping(m, '');
    const now = api.clock.now();
    const old = {
      monitor_id: m.id,
      kind: 'check' as const,
      from_state: 'up' as const,
      to_state: 'down' as const,
      message: 'long ago',
      latency_ms: 12,
      status_code: null,
    };
    await api.db
      .insertInto('monitor_state_changes')
      .values([
        { ...old, id: 'old-1', at: now - rollupRetentionMs.d - 60_000 },
        { ...old, id: 'old-2', at: now - rollupRetentionMs.d + 3_600_000 },
      ])
      .execute();
    const job = monitorPurgeJob({ monitorRawRetentionMs: 2 * 86_400_000 });
    await job.handler(
      {},
      {
        jobId: 'x',
        jobName: job.name,
        attempt: 1,
        maxAttempts: 5,
        key: 'k',
        attemptKey: 'a',
        clock: api.clock,
        logger: api.server.keel.logger,
        db: api.db,
        signal: new AbortController().signal,
      },
    );
    const kept = (await changes(m.id)).items.map((c) => c.id);
    assert.ok(!kept.includes('old-1'), 'older than 25 months: purged');
    assert.ok(kept.includes('old-2'), 'younger than 25 months: kept');
    assert.equal(kept.length, 3);

    const res = await api.app.inject({
      method: 'DELETE',
      url: `/api/v1/monitors/${m.id}`,
      headers: as(api.owner),
    });
    assertStatus(res, 204);
    const left = await api.db
      .selectFrom('monitor_state_changes')
      .select('id')
      .where('monitor_id', '=', m.id)
      .execute();
    assert.deepEqual(left, []);
  });

  test('the list answers a sparkline per monitor: mean latency per rollup bucket, null when all failed', async () => {
    const fast = await create({
      name: 'Sparkline fast',
      type: 'http',
      intervalSeconds: 20,
      paused: true,
      config: { url: 'https://example.com/' },
    });
    const slow = await create({
      name: 'Sparkline slow',
      type: 'http',
      intervalSeconds: 300,
      paused: true,
      config: { url: 'https://example.com/' },
    });
    const empty = await create({
      name: 'Sparkline empty',
      type: 'http',
      paused: true,
      config: { url: 'https://example.com/' },
    });
    const now = api.clock.now();
    const rollup = (
      monitorId: string,
      period: RollupPeriod,
      at: number,
      checks: [status: 'up' | 'down' | 'degraded', latency: number][],
    ): [{ monitorId: string; period: RollupPeriod; bucketStart: number }, Rollup] => {
      const r = emptyRollup();
      for (const [status, latency] of checks) addResult(r, status, latency);
      return [{ monitorId, period, bucketStart: bucketStart(at, period) }, r];
    };
    await addRollups(api.db, [
      // Older than 30 minutes: outside the sparkline.
      rollup(fast.id, 'm', now - 45 * 60_000, [['up', 999]]),
      rollup(fast.id, 'm', now - 5 * 60_000, [
        ['up', 30],
        ['up', 50],
        ['down', 0],
      ]),
      rollup(fast.id, 'm', now - 3 * 60_000, [
        ['down', 0],
        ['down', 0],
      ]),
      rollup(fast.id, 'm', now, [
        ['degraded', 700],
        ['up', 100],
      ]),
      // Hourly for the five-minute monitor (its minute rows are not read).
      rollup(slow.id, 'm', now, [['up', 5]]),
      rollup(slow.id, 'h', now - 40 * 3_600_000, [['up', 999]]),
      rollup(slow.id, 'h', now - 2 * 3_600_000, [['up', 80]]),
      rollup(slow.id, 'h', now, [['up', 20]]),
    ]);
    const res = await api.app.inject({ url: '/api/v1/monitors?q=Sparkline', headers: as(api.owner) });
    assertStatus(res, 200);
    const items = res.json<{
      items: { id: string; sparkline: (number | null)[]; sparklinePeriod: string }[];
    }>().items;
    const by = new Map(items.map((i) => [i.id, i]));
    assert.deepEqual(by.get(fast.id)?.sparkline, [40, null, 400]);
    assert.equal(by.get(fast.id)?.sparklinePeriod, 'm');
    assert.deepEqual(by.get(slow.id)?.sparkline, [80, 20]);
    assert.equal(by.get(slow.id)?.sparklinePeriod, 'h');
    assert.deepEqual(by.get(empty.id)?.sparkline, []);
  });
});
