import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  addRollups,
  insertResults,
  purgeMonitorData,
} from '../../src/modules/monitors/monitor-results.repository.js';
import type { MonitorView } from '../../src/modules/monitors/monitors.schema.js';
import {
  addResult,
  bucketStart,
  emptyRollup,
  rollupRetentionMs,
  type Rollup,
} from '../../src/modules/monitors/rollups.domain.js';
import type { RollupPeriod } from '../../src/modules/monitors/monitors.table.js';
import { assertApiError, assertStatus, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/** Uptime, series and badges read from rollups; retention keeps the tables bounded. */
describeEachDialect('monitor results and rollups', (kind) => {
  let api: Api;
  let monitor: MonitorView;
  before(async () => {
    api = await startApi(kind);
    const serviceId = (
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/services',
        headers: as(api.owner),
        payload: { name: 'Web' },
      })
    ).json<{ id: string }>().id;
    monitor = (
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/monitors',
        headers: as(api.owner),
        payload: {
          name: 'Site',
          type: 'http',
          serviceId,
          paused: true,
          config: { url: 'https://example.com/' },
        },
      })
    ).json<MonitorView>();
  });
  after(async () => {
    await api.close();
  });

  /** Records `n` checks at `at` (status, latency) as the writer would: raw rows and three rollups. */
  async function record(
    at: number,
    n: number,
    status: 'up' | 'down' | 'degraded',
    latencyMs: number,
    monitorId = monitor.id,
    spacingMs = 1,
  ) {
    const rollups: [{ monitorId: string; period: RollupPeriod; bucketStart: number }, Rollup][] = [];
    for (const period of ['m', 'h', 'd'] as const) {
      const r = emptyRollup();
      for (let i = 0; i < n; i++) addResult(r, status, latencyMs);
      rollups.push([{ monitorId, period, bucketStart: bucketStart(at, period) }, r]);
    }
    await insertResults(
      api.db,
      Array.from({ length: n }, (_, i) => ({
        monitor_id: monitorId,
        at: at + i * spacingMs,
        status,
        latency_ms: latencyMs,
        message: '',
      })),
    );
    await addRollups(api.db, rollups);
  }

  test('uptime windows and percentiles come from merged rollups; series per hour; badges', async () => {
    const now = api.clock.now();
    await record(now - 2 * 3_600_000, 95, 'up', 40);
    await record(now - 2 * 3_600_000 + 60_000, 4, 'degraded', 1500);
    await record(now - 3 * 86_400_000, 1, 'down', 0);
    const uptime = await api.app.inject({
      url: `/api/v1/monitors/${monitor.id}/uptime`,
      headers: as(api.owner),
    });
    assertStatus(uptime, 200);
    const u = uptime.json<Record<string, { uptime: number; checks: number; p50Ms: number; p99Ms: number }>>();
    assert.equal(u['24h']?.checks, 99);
    assert.equal(u['24h']?.uptime, 1);
    assert.equal(u['24h']?.p50Ms, 50);
    assert.equal(u['24h']?.p99Ms, 2000);
    assert.equal(u['7d']?.checks, 100);
    assert.equal(u['7d']?.uptime, 0.99);

    const list = await api.app.inject({ url: '/api/v1/monitors?state=paused', headers: as(api.owner) });
    const item = list
      .json<{ items: { id: string; uptime: Record<string, number | null> }[] }>()
      .items.find((i) => i.id === monitor.id);
    assert.deepEqual(item?.uptime, { '24h': 1, '7d': 0.99, '30d': 0.99, '90d': 0.99 });

    const series = await api.app.inject({
      url: `/api/v1/monitors/${monitor.id}/series?period=h&from=${now - 86_400_000}`,
      headers: as(api.owner),
    });
    assertStatus(series, 200);
    const points = series.json<{ points: { checks: number; degraded: number; avgMs: number }[] }>().points;
    assert.equal(points.length, 1);
    assert.equal(points[0]?.degraded, 4);
    assert.equal(points[0]?.avgMs, Math.round((95 * 40 + 4 * 1500) / 99));

    const results = await api.app.inject({
      url: `/api/v1/monitors/${monitor.id}/results?limit=2`,
      headers: as(api.owner),
    });
    assert.equal(results.json<{ items: unknown[] }>().items.length, 2);

    const badge = await api.app.inject({ url: `${monitor.badgePath}` });
    assertStatus(badge, 200);
    assert.match(String(badge.headers['content-type']), /^image\/svg\+xml/);
    assert.match(badge.body, /^<svg [^>]*>.*Site: paused/);
    const up = await api.app.inject({ url: `${monitor.badgePath}?show=uptime&window=7d` });
    assert.match(up.body, /99\.00%/);
    const lat = await api.app.inject({ url: `${monitor.badgePath}?show=latency` });
    assert.match(lat.body, /p95 50 ms/);
    assertApiError(
      await api.app.inject({ url: '/api/v1/badges/not-a-real-token-at-all.svg' }),
      404,
      'not_found',
    );
  });

  test('retention: 16 days of checks every 30 minutes, purged every 3 hours, stay within the bounds', async () => {
    const other = (
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/monitors',
        headers: as(api.owner),
        payload: {
          name: 'Kept',
          type: 'http',
          serviceId: monitor.serviceId,
          paused: true,
          config: { url: 'https://example.com/' },
        },
      })
    ).json<MonitorView>().id;
    const rawMs = 2 * 86_400_000;
    const step = 30 * 60_000;
    const block = 3 * 3_600_000;
    const start = bucketStart(api.clock.now(), 'd') + 10 * 86_400_000;
    const count = async (period?: RollupPeriod) => {
      const row = period
        ? await api.db
            .selectFrom('monitor_rollups')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('period', '=', period)
            .where('monitor_id', '=', other)
            .executeTakeFirstOrThrow()
        : await api.db
            .selectFrom('monitor_results')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('monitor_id', '=', other)
            .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    const counts = async () => ({
      raw: await count(),
      m: await count('m'),
      h: await count('h'),
      d: await count('d'),
    });
    const snapshots: Record<string, number>[] = [];
    const blocks = (16 * 86_400_000) / block;
    for (let b = 0; b < blocks; b++) {
      const t = start + b * block;
      const results = [];
      const rollups = new Map<
        string,
        [{ monitorId: string; period: RollupPeriod; bucketStart: number }, Rollup]
      >();
      for (let at = t; at < t + block; at += step) {
        results.push({ monitor_id: other, at, status: 'up', latency_ms: 30, message: '' });
        for (const period of ['m', 'h', 'd'] as const) {
          const key = `${period}${bucketStart(at, period)}`;
          if (!rollups.has(key))
            rollups.set(key, [
              { monitorId: other, period, bucketStart: bucketStart(at, period) },
              emptyRollup(),
            ]);
          addResult(rollups.get(key)![1], 'up', 30);
        }
      }
      await insertResults(api.db, results);
      await addRollups(api.db, [...rollups.values()]);
      const now = t + block;
      await purgeMonitorData(api.db, now - rawMs, {
        m: now - rollupRetentionMs.m,
        h: now - rollupRetentionMs.h,
        d: now - rollupRetentionMs.d,
      });
      if (b === blocks - 8 - 1 || b === blocks - 1) snapshots.push(await counts());
    }
    const [day15, day16] = snapshots;
    // Raw: 2 days × 48 checks; minute rollups: 14 days × 48 (one check per minute bucket).
    assert.equal(day16?.raw, 2 * 48);
    assert.equal(day16?.m, 14 * 48);
    assert.deepEqual([day15?.raw, day15?.m], [day16?.raw, day16?.m], 'steady: the same counts a day later');
    assert.equal(day16?.h, 16 * 24, 'hourly rollups kept 90 days');
    assert.equal(day16?.d, 16, 'daily rollups kept 25 months');
  });
});
