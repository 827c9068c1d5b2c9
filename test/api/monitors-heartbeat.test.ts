import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTargetPolicy, MonitorScheduler } from '../../src/modules/monitors/index.js';
import type { MonitorView } from '../../src/modules/monitors/monitors.schema.js';
import {
  assertApiError,
  assertStatus,
  issuesOf,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/** Heartbeat monitors: pings, lateness found by the scheduler, run duration, cron across DST. */
describeEachDialect('heartbeat monitors', (kind) => {
  let api: Api;
  let serviceId: string;
  before(async () => {
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
  });

  const create = async (config: object) => {
    // A fresh session: tests move the clock weeks ahead, past the owner's session.
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/monitors',
      headers: as(await signedIn(api, 'responder')),
      payload: { name: 'Nightly backup', type: 'heartbeat', serviceId, config },
    });
    assertStatus(res, 201);
    return res.json<MonitorView>();
  };
  const row = (id: string) =>
    api.db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const ping = (path: string, method: 'GET' | 'POST' = 'GET') => api.app.inject({ method, url: path });
  const scheduler = () =>
    new MonitorScheduler({
      database: api.server.keel.database,
      clock: api.clock,
      logger: api.server.keel.logger,
      events: api.server.keel.events,
      targets: createTargetPolicy(),
      nodeId: 'hb',
    });
  const runAt = async (s: MonitorScheduler, at: number) => {
    api.clock.set(at);
    const n = await s.tick();
    await s.idle();
    return n;
  };

  test('every N seconds with grace: a ping moves the deadline; a late one goes down and alerts; a ping recovers', async () => {
    const t0 = api.clock.now();
    const m = await create({ everySeconds: 60, graceSeconds: 30 });
    assert.match(m.heartbeatPath ?? '', /^\/api\/v1\/heartbeat\/[\w-]+$/);
    assert.equal(Date.parse(m.nextCheckAt), t0 + 90_000);
    const s = scheduler();

    api.clock.set(t0 + 30_000);
    assertStatus(await ping(m.heartbeatPath!), 200);
    let r = await row(m.id);
    assert.equal(r.state, 'up');
    assert.equal(Number(r.next_check_at), t0 + 120_000);
    assert.equal(await runAt(s, t0 + 119_999), 0, 'not late yet');
    assert.equal(await runAt(s, t0 + 120_000), 1);
    r = await row(m.id);
    assert.equal(r.state, 'down');
    assert.match(r.last_message, /heartbeat late/);
    const alert = await api.db
      .selectFrom('alerts')
      .select(['status'])
      .where('dedup_key', '=', `monitor:${m.id}`)
      .executeTakeFirst();
    assert.equal(alert?.status, 'triggered');

    // A run: /start, then success 5 s later (POST works too): up, the duration recorded, alert resolved.
    api.clock.set(t0 + 130_000);
    assertStatus(await ping(`${m.heartbeatPath}/start`, 'POST'), 200);
    api.clock.set(t0 + 135_000);
    assertStatus(await ping(m.heartbeatPath!, 'POST'), 200);
    r = await row(m.id);
    assert.equal(r.state, 'up');
    assert.equal(r.last_latency_ms, 5000);
    assert.equal(Number(r.last_ping_at), t0 + 135_000);
    const resolved = await api.db
      .selectFrom('alerts')
      .select(['status'])
      .where('dedup_key', '=', `monitor:${m.id}`)
      .executeTakeFirst();
    assert.equal(resolved?.status, 'resolved');

    // /fail is a failed run: down at once (retries 0).
    // A late-heartbeat check in flight on another node holds a lease; the ping releases it.
    api.clock.set(t0 + 140_000);
    await api.db
      .updateTable('monitors')
      .set({ locked_by: 'elsewhere', locked_until: t0 + 180_000 })
      .where('id', '=', m.id)
      .execute();
    assertStatus(await ping(`${m.heartbeatPath}/fail`), 200);
    assert.equal((await row(m.id)).state, 'down');
    assert.equal((await row(m.id)).locked_by, null);
    await api.db.updateTable('monitors').set({ paused: 1 }).where('id', '=', m.id).execute();
  });

  test("a run started on another node is measured from the stored start, not this node's cached row", async () => {
    const t0 = api.clock.now();
    const m = await create({ everySeconds: 60, graceSeconds: 30 });
    assertStatus(await ping(m.heartbeatPath!), 200); // this node now has the row cached (5 s)
    await api.db
      .updateTable('monitors')
      .set({ last_start_at: t0 + 1000 })
      .where('id', '=', m.id)
      .execute();
    api.clock.set(t0 + 4000);
    assertStatus(await ping(m.heartbeatPath!), 200);
    let r = await row(m.id);
    assert.equal(r.last_latency_ms, 3000);
    assert.equal(r.last_start_at, null);
    assert.equal(Number(r.last_ping_at), t0 + 4000);
    // Paused meanwhile (here straight in the database, as another node would): the ping is not recorded.
    await api.db.updateTable('monitors').set({ paused: 1 }).where('id', '=', m.id).execute();
    api.clock.set(t0 + 4500);
    assertStatus(await ping(m.heartbeatPath!), 200);
    r = await row(m.id);
    assert.equal(Number(r.last_ping_at), t0 + 4000);
  });

  test('unknown tokens answer 404 in the Keel error shape', async () => {
    for (const path of [
      '/api/v1/heartbeat/not-a-token-anyone-has',
      '/api/v1/heartbeat/not-a-token-anyone-has/start',
      '/api/v1/heartbeat/x/fail',
    ])
      assertApiError(await ping(path), 404, 'not_found');
  });

  test('cron in a time zone: the deadline follows the local time across a daylight-saving change', async () => {
    api.clock.set('2026-03-28T12:00:00Z');
    const m = await create({ cron: '30 1 * * *', timeZone: 'Europe/London', graceSeconds: 600 });
    // 01:30 London on 29 March does not exist (clocks go 01:00 → 02:00 BST): 02:30 BST, 01:30 UTC.
    assert.equal(m.nextCheckAt, '2026-03-29T01:40:00.000Z');
    api.clock.set('2026-03-29T01:35:00Z');
    assertStatus(await ping(m.heartbeatPath!), 200);
    // The next is 01:30 BST on 30 March = 00:30 UTC, plus 10 minutes' grace.
    assert.equal(new Date(Number((await row(m.id)).next_check_at)).toISOString(), '2026-03-30T00:40:00.000Z');
    const s = scheduler();
    assert.equal(await runAt(s, Date.parse('2026-03-30T00:39:59Z')), 0);
    assert.equal(await runAt(s, Date.parse('2026-03-30T00:40:00Z')), 1);
    assert.equal((await row(m.id)).state, 'down');
  });

  test('heartbeat config is validated: one of everySeconds or cron, a real cron and time zone', async () => {
    const cases: [object, RegExp][] = [
      [{}, /either everySeconds or cron/],
      [{ everySeconds: 60, cron: '* * * * *' }, /either everySeconds or cron/],
      [{ everySeconds: 5 }, /at least 10/],
      [{ cron: '61 * * * *' }, /minute must be within 0–59/],
      [{ cron: '0 * * * *', timeZone: 'Mars/Olympus' }, /not an IANA time zone/],
    ];
    for (const [config, message] of cases) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/monitors',
        headers: as(await signedIn(api, 'responder')),
        payload: { name: 'Bad', type: 'heartbeat', serviceId, config },
      });
      const issues = issuesOf(assertApiError(res, 400, 'validation_failed'));
      assert.ok(
        issues.some((i) => message.test(i.message)),
        `${JSON.stringify(config)}: ${JSON.stringify(issues)}`,
      );
    }
  });
});
