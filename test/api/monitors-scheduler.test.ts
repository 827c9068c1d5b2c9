import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createTargetPolicy, MonitorScheduler } from '../../src/modules/monitors/index.js';
import type { MonitorView } from '../../src/modules/monitors/monitors.schema.js';
import { assertStatus, startApi, type Api } from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/**
 * Scheduling with a fake clock against a real local HTTP server: due-ness, spreading, retries
 * before down, degraded, recovery, alerts through the pipeline, dependency suppression, restart
 * mid-interval and a dead node's lease.
 */

interface Target {
  url: string;
  /** Status to answer per path; a delay in ms makes the answer slow. */
  set(path: string, status: number, delayMs?: number): void;
  close(): Promise<void>;
}

async function startTarget(): Promise<Target> {
  const routes = new Map<string, { status: number; delayMs: number }>();
  const server: Server = createServer((req, res) => {
    const r = routes.get(req.url ?? '') ?? { status: 200, delayMs: 0 };
    setTimeout(() => res.writeHead(r.status).end('ok'), r.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (path, status, delayMs = 0) => routes.set(path, { status, delayMs }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describeEachDialect('monitor scheduling', (kind) => {
  let api: Api;
  let target: Target;
  let serviceId: string;
  before(async () => {
    api = await startApi(kind);
    target = await startTarget();
    serviceId = (
      await api.app.inject({
        method: 'POST',
        url: '/api/v1/services',
        headers: as(api.owner),
        payload: { name: 'Shop' },
      })
    ).json<{ id: string }>().id;
  });
  after(async () => {
    await target.close();
    await api.close();
  });

  const scheduler = (nodeId = 'node-a') =>
    new MonitorScheduler({
      database: api.server.keel.database,
      clock: api.clock,
      logger: api.server.keel.logger,
      events: api.server.keel.events,
      targets: createTargetPolicy(),
      nodeId,
    });
  const create = async (body: object) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/monitors',
      headers: as(api.owner),
      payload: { type: 'http', serviceId, intervalSeconds: 10, timeoutMs: 2000, ...body },
    });
    assertStatus(res, 201);
    return res.json<MonitorView>();
  };
  const row = (id: string) =>
    api.db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const runAt = async (s: MonitorScheduler, at: number) => {
    api.clock.set(at);
    const n = await s.tick();
    await s.idle();
    return n;
  };
  const alerts = (id: string) =>
    api.db
      .selectFrom('alerts')
      .select(['dedup_key', 'status', 'severity', 'incident_id'])
      .where('dedup_key', 'like', `monitor:${id}%`)
      .orderBy('created_at')
      .execute();

  test('due at next_check_at, then every interval on its own phase; results and rollups written', async () => {
    target.set('/ok', 200);
    const m = await create({ name: 'OK', config: { url: `${target.url}/ok` } });
    const s = scheduler();
    const due = Date.parse(m.nextCheckAt);
    if (due > api.clock.now()) assert.equal(await runAt(s, due - 1), 0, 'not due a millisecond early');
    assert.equal(await runAt(s, due), 1);
    let r = await row(m.id);
    assert.equal(r.state, 'up');
    assert.equal(Number(r.next_check_at), due + 10_000);
    assert.equal(r.locked_by, null);
    assert.equal(await runAt(s, due + 5000), 0, 'nothing mid-interval');
    // Late by 25 s (say the node was busy): the next one is back on the 10-second grid.
    assert.equal(await runAt(s, due + 35_000), 1);
    r = await row(m.id);
    assert.equal(Number(r.next_check_at), due + 40_000);
    const results = await api.db
      .selectFrom('monitor_results')
      .selectAll()
      .where('monitor_id', '=', m.id)
      .execute();
    assert.deepEqual(
      results.map((x) => x.status),
      ['up', 'up'],
    );
    const rollups = await api.db
      .selectFrom('monitor_rollups')
      .select(['period', 'checks'])
      .where('monitor_id', '=', m.id)
      .orderBy('period')
      .execute();
    assert.deepEqual(
      rollups.map((x) => [x.period, Number(x.checks)]).filter(([p]) => p !== 'm'),
      [
        ['d', 2],
        ['h', 2],
      ],
    );
    await api.app.inject({ method: 'POST', url: `/api/v1/monitors/${m.id}/pause`, headers: as(api.owner) });
  });

  test('retries before down, alert through the pipeline, recovery resolves it', async () => {
    target.set('/flaky', 503);
    const m = await create({ name: 'Flaky', retries: 1, config: { url: `${target.url}/flaky` } });
    const s = scheduler();
    let at = Date.parse(m.nextCheckAt);
    await runAt(s, at);
    assert.equal((await row(m.id)).state, 'pending', 'one failure is tolerated');
    assert.equal((await row(m.id)).failures, 1);
    assert.deepEqual(await alerts(m.id), []);
    await runAt(s, (at += 10_000));
    assert.equal((await row(m.id)).state, 'down');
    const [opened] = await alerts(m.id);
    assert.equal(opened?.dedup_key, `monitor:${m.id}`);
    assert.equal(opened?.status, 'triggered');
    assert.equal(opened?.severity, 'critical');
    assert.ok(opened?.incident_id, 'an incident was opened on the service');
    await runAt(s, (at += 10_000));
    assert.equal((await alerts(m.id)).length, 1, 'still down: no second alert');
    target.set('/flaky', 200);
    await runAt(s, at + 10_000);
    assert.equal((await row(m.id)).state, 'up');
    assert.deepEqual(
      (await alerts(m.id)).map((a) => a.status),
      ['resolved'],
    );
    await api.app.inject({ method: 'POST', url: `/api/v1/monitors/${m.id}/pause`, headers: as(api.owner) });
  });

  test('degraded (slow) is its own warning alert; inverted turns a failure into up', async () => {
    target.set('/slow', 200, 60);
    const slow = await create({ name: 'Slow', degradedAboveMs: 20, config: { url: `${target.url}/slow` } });
    target.set('/gone', 404);
    const inverted = await create({
      name: 'Gone on purpose',
      inverted: true,
      config: { url: `${target.url}/gone` },
    });
    const s = scheduler();
    await runAt(s, Math.max(Date.parse(slow.nextCheckAt), Date.parse(inverted.nextCheckAt)));
    assert.equal((await row(slow.id)).state, 'degraded');
    assert.deepEqual(
      (await alerts(slow.id)).map((a) => [a.dedup_key, a.severity]),
      [[`monitor:${slow.id}:degraded`, 'warning']],
    );
    assert.equal((await row(inverted.id)).state, 'up');
    for (const id of [slow.id, inverted.id])
      await api.app.inject({ method: 'POST', url: `/api/v1/monitors/${id}/pause`, headers: as(api.owner) });
  });

  test('a monitor whose dependency is down is dependency_down and pages nobody', async () => {
    target.set('/db', 500);
    target.set('/app', 500);
    const db = await create({ name: 'DB', config: { url: `${target.url}/db` } });
    const app = await create({ name: 'App', dependsOn: [db.id], config: { url: `${target.url}/app` } });
    const s = scheduler();
    // The dependency is checked first and found down, then the dependent.
    const dueAt = async (id: string, at: number) =>
      api.db.updateTable('monitors').set({ next_check_at: at }).where('id', '=', id).execute();
    await dueAt(app.id, api.clock.now() + 3_600_000);
    await dueAt(db.id, api.clock.now());
    await runAt(s, api.clock.now());
    await api.db
      .updateTable('monitors')
      .set({ next_check_at: api.clock.now() })
      .where('id', '=', app.id)
      .execute();
    await runAt(s, api.clock.now());
    assert.equal((await row(db.id)).state, 'down');
    assert.equal((await row(app.id)).state, 'dependency_down');
    assert.equal((await alerts(db.id)).length, 1);
    assert.deepEqual(await alerts(app.id), []);
    for (const id of [app.id, db.id])
      await api.app.inject({ method: 'POST', url: `/api/v1/monitors/${id}/pause`, headers: as(api.owner) });
  });

  test("restart mid-interval keeps the timer; a dead node's lease expires and another node takes over", async () => {
    target.set('/r', 200);
    const m = await create({ name: 'Restart', config: { url: `${target.url}/r` } });
    const first = scheduler('node-1');
    const due = Date.parse(m.nextCheckAt);
    await runAt(first, due);
    await first.stop();
    // A new process 4 s later: nothing is due until the monitor's next slot.
    const second = scheduler('node-2');
    assert.equal(await runAt(second, due + 4000), 0);
    assert.equal(await runAt(second, due + 10_000), 1);
    // node-3 claims it and dies before writing: the lease (timeout + 30 s margin) holds it...
    await api.db
      .updateTable('monitors')
      .set({ locked_by: 'node-3', locked_until: due + 20_000 + 2000 + 30_000 })
      .where('id', '=', m.id)
      .execute();
    assert.equal(await runAt(second, due + 20_000), 0);
    assert.equal(await runAt(second, due + 40_000), 0, 'still leased');
    // ...and once it expires node-2 runs the check.
    assert.equal(await runAt(second, due + 52_001), 1);
    const r = await row(m.id);
    assert.equal(r.locked_by, null);
    assert.equal(Number(r.last_check_at), due + 52_001);
    await second.stop();
  });
});
