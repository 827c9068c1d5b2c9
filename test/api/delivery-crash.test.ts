import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobWorker } from '../../src/jobs/index.js';
import { describeEachDialect } from '../helpers/db.js';
import { startHttpListener } from '../helpers/http-listener.js';
import { startNotifyApi } from '../helpers/notifications.js';
import { startTestServer } from '../helpers/server.js';

/**
 * A send in flight when its process dies (issue 4, "Escalation policies"): the webhook request has
 * reached the receiver, but the process never learns the outcome and never records it. What the
 * dead process leaves behind is its claim on the delivery job (a lease, not a timer in memory).
 * A worker of another process on the same database (the restarted server, or another node)
 * claims the job once the lease has run out and sends again, with the same idempotency key; the
 * notification is recorded as sent once. When the first run's request finally fails (here: the
 * receiver drops it), its late outcome changes nothing.
 */
describeEachDialect('delivery: a send in flight when the process dies', (kind) => {
  test('is sent again after the lease, with the same idempotency key, and recorded once', async () => {
    const api = await startNotifyApi(kind);
    const listener = await startHttpListener();
    let second: Awaited<ReturnType<typeof startTestServer>> | null = null;
    try {
      let calls = 0;
      // The first request reaches the receiver and is never answered (the sender dies meanwhile).
      listener.reply(() => (++calls === 1 ? 'hang' : { status: 200, body: 'ok' }));
      const p = await api.person('Ivy In-flight');
      await api.addMethod(p, 'webhook', { url: `${listener.url}/hook`, secret: 'a-secret-of-sixteen+' });
      const incident = await api.openIncident();
      await api.notify(incident.id, [p.userId], 'page-crash');

      // The first process's worker claims the job and sends; the request is in flight.
      const dying = api.worker.runDue();
      for (let i = 0; i < 200 && listener.requests.length === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(listener.requests.length, 1, 'the first attempt reached the receiver');
      const claimed = await api.db
        .selectFrom('jobs')
        .select(['status', 'locked_until'])
        .where('name', '=', 'oncall.deliver')
        .executeTakeFirstOrThrow();
      assert.equal(claimed.status, 'running', 'the job is held by the dying process');

      // Another process on the same database: nothing to do while the lease holds ...
      second = await startTestServer({ databaseUrl: api.server.databaseUrl, clock: api.clock });
      const survivor = new JobWorker({
        database: second.keel.database,
        registry: second.keel.registry,
        clock: api.clock,
        logger: second.keel.logger,
      });
      assert.equal(await survivor.runDue(), 0, 'a held job is not taken while its lease lasts');
      // ... and once it has run out, the send is retried.
      api.clock.set(Number(claimed.locked_until) + 1);
      while ((await survivor.runDue()) > 0);
      assert.equal(listener.requests.length, 2, 'sent again');
      const keys = listener.requests.map((r) => r.headers['idempotency-key']);
      const [n] = await api.db
        .selectFrom('notifications')
        .selectAll()
        .where('incident_id', '=', incident.id)
        .execute();
      assert.ok(n);
      assert.deepEqual(keys, [n.id, n.id], 'the same idempotency key on both requests');
      assert.equal(n.status, 'sent');

      // The first run's request fails at last; its outcome arrives after the fact and is dropped.
      await listener.close();
      await dying.catch(() => undefined);
      const after = await api.db
        .selectFrom('notifications')
        .select(['status', 'attempts'])
        .where('id', '=', n.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(after, { status: 'sent', attempts: n.attempts });
      const attempts = await api.db
        .selectFrom('delivery_attempts')
        .select(['attempt', 'status_code'])
        .where('delivery_id', '=', n.id)
        .orderBy('attempt')
        .execute();
      assert.deepEqual(
        attempts.filter((a) => a.status_code === 200).length,
        1,
        'one recorded success, nothing recorded twice',
      );
    } finally {
      await listener.close().catch(() => undefined);
      await second?.close();
      await api.close();
    }
  });
});
