import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/helpers/db.js';
import { openDatabase, type Database } from '../db/database.js';
import { listenChannel, notifyChannel } from '../db/dialect.js';
import { FakeClock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { captureLogger, deferred, waitFor } from './jobs.test-support.js';
import { getJob } from './jobs.repository.js';
import { enqueue } from './queue.js';
import { defineJob, JobRegistry } from './registry.js';
import { jobsChannel } from './signal.js';
import { JobWorker, type JobWorkerOptions } from './worker.js';

/** Timeouts, heartbeats, start/stop and waking: the parts that involve real time. */
describeEachDialect('job worker lifecycle', (kind) => {
  let d: TestDatabase;
  let clock: FakeClock;
  let runs: string[];
  let behaviour: () => Promise<void>;
  const send = defineJob({
    name: 'test.send',
    payload: z.object({ to: z.string() }),
    async handler(payload) {
      runs.push(payload.to);
      await behaviour();
    },
  });
  const registry = new JobRegistry().register(send);
  const log = captureLogger();
  const worker = (o: Partial<JobWorkerOptions> = {}): JobWorker =>
    new JobWorker({ database: d, registry, clock, logger: log.logger, ...o });
  /** A second connection to the same database that counts the worker's queries. */
  const counted = (): { database: Database; queries: () => number } => {
    let n = 0;
    return { database: openDatabase(d.url, { onQuery: () => n++ }), queries: () => n };
  };
  const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
    Promise.race([
      p,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms),
      ),
    ]);

  before(async () => {
    d = await createTestDatabase(kind);
  });
  after(async () => {
    await d.close();
  });
  beforeEach(async () => {
    await d.db.deleteFrom('jobs').execute();
    clock = new FakeClock('2026-03-01T12:00:00Z');
    runs = [];
    behaviour = async () => undefined;
  });

  test('a handler past its timeout is abandoned and retried', async () => {
    const slow = defineJob({
      name: 'test.slow',
      payload: z.object({}),
      timeoutMs: 30,
      backoff: () => 500,
      handler: (_p, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve())),
    });
    const w = new JobWorker({
      database: d,
      registry: new JobRegistry().register(slow),
      clock,
      logger: log.logger,
    });
    const { id } = await enqueue(d.db, clock, slow, {});
    assert.equal(await w.runDue(), 1);
    const row = await getJob(d.db, id);
    assert.equal(row?.status, 'pending');
    assert.equal(row?.run_at, clock.now() + 500);
    assert.match(row?.last_error ?? '', /timed out after 30 ms/);
  });

  test('a long handler keeps its lease with heartbeats', async () => {
    const gate = deferred();
    const started = deferred();
    const long = defineJob({
      name: 'test.long',
      payload: z.object({}),
      leaseMs: 90,
      async handler() {
        started.resolve();
        await gate.promise;
      },
    });
    const reg = new JobRegistry().register(long);
    const { id } = await enqueue(d.db, clock, long, {});
    const a = new JobWorker({
      database: d,
      registry: reg,
      clock,
      logger: log.logger,
      workerId: 'a',
      leaseMs: 90,
    });
    const round = a.runDue();
    await started.promise;
    assert.equal((await getJob(d.db, id))?.locked_until, clock.now() + 90);
    clock.advance(80);
    // Heartbeats (every 30 real ms) push the lease to the clock's now + 90.
    await waitFor(
      async () => (await getJob(d.db, id))?.locked_until === clock.now() + 90,
      3000,
      'a heartbeat',
    );
    clock.advance(80); // past the first lease, within the extended one
    const b = new JobWorker({
      database: d,
      registry: reg,
      clock,
      logger: log.logger,
      workerId: 'b',
      leaseMs: 90,
    });
    assert.equal(await b.runDue(), 0, 'the extended lease keeps B off');
    gate.resolve();
    await round;
    assert.equal((await getJob(d.db, id))?.status, 'done');
  });

  test('stop() waits for the running handler and claims nothing more', async () => {
    const gate = deferred();
    const started = deferred();
    behaviour = async () => {
      started.resolve();
      await gate.promise;
    };
    const first = await enqueue(d.db, clock, send, { to: 'first' });
    // One slot: while the first job runs the loop cannot claim, so a claim of the second job can
    // only come from a loop that kept going after stop() once the slot freed.
    const w = worker({ maxSleepMs: 20, concurrency: 1 });
    await w.start();
    await started.promise;
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    const second = await enqueue(d.db, clock, send, { to: 'second' });
    await new Promise((r) => setTimeout(r, 50)); // room for a (wrong) early return
    assert.equal(stopped, false, 'stop() is still waiting for the handler');
    assert.equal((await getJob(d.db, first.id))?.status, 'running');
    gate.resolve();
    await stopping;
    assert.equal(
      (await getJob(d.db, first.id))?.status,
      'done',
      'the outcome is recorded before stop() resolves',
    );
    assert.equal((await getJob(d.db, second.id))?.status, 'pending', 'nothing was claimed after stop()');
    assert.deepEqual(runs, ['first']);
  });

  test('stop({ timeoutMs }) abandons a stuck handler to its lease', async () => {
    behaviour = () => new Promise(() => undefined);
    const { id } = await enqueue(d.db, clock, send, { to: 'stuck' });
    const w = worker({ maxSleepMs: 20 });
    await w.start();
    await waitFor(() => runs.length === 1, 5000, 'the handler to start');
    await within(w.stop({ timeoutMs: 30 }), 3000, 'stop');
    const row = await getJob(d.db, id);
    assert.equal(row?.status, 'running', 'left to its lease, to be claimed again elsewhere');
    assert.equal(w.inFlight, 0);
  });

  test('an enqueue in this process wakes a sleeping worker at once', async () => {
    const ran = deferred();
    behaviour = async () => ran.resolve();
    const w = worker({ maxSleepMs: 60_000 });
    await w.start();
    try {
      await waitFor(() => w.idle, 5000, 'the worker to fall asleep');
      await enqueue(d.db, clock, send, { to: 'now' });
      await within(ran.promise, 3000, 'woken by the enqueue');
    } finally {
      await w.stop();
    }
  });

  test('a job due after the planned wake-up does not wake the worker', async () => {
    const { database, queries } = counted();
    const w = new JobWorker({ database, registry, clock, logger: log.logger, maxSleepMs: 60_000 });
    await w.start();
    try {
      await waitFor(() => w.idle, 5000, 'the worker to fall asleep');
      const polled = queries();
      await enqueue(d.db, clock, send, { to: 'tomorrow' }, { runAt: clock.now() + 86_400_000 });
      await new Promise((r) => setTimeout(r, 50)); // room for a (wrong) wake-up and poll
      assert.equal(queries(), polled, 'no poll');
      assert.equal(w.idle, true);
      await enqueue(d.db, clock, send, { to: 'soon' }, { runAt: clock.now() + 1000 });
      await waitFor(() => queries() > polled, 3000, 'a poll after a job due before the wake-up');
    } finally {
      await w.stop();
      await database.close();
    }
  });

  test(
    'on PostgreSQL, a NOTIFY from another node wakes a sleeping worker',
    { skip: kind !== 'postgres' && 'PostgreSQL only' },
    async () => {
      const ran = deferred();
      behaviour = async () => ran.resolve();
      const other = openDatabase(d.url);
      const w = new JobWorker({
        database: other,
        registry,
        clock,
        logger: log.logger,
        maxSleepMs: 60_000,
        listenUrl: d.url,
      });
      await w.start();
      try {
        await waitFor(() => w.idle, 5000, 'the worker to fall asleep');
        // Written as another node would: a row and a NOTIFY, with no in-process signal.
        const now = clock.now();
        await d.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('jobs')
            .values({
              id: newId(now),
              name: 'test.send',
              payload: '{"to":"remote"}',
              status: 'pending',
              run_at: now,
              attempts: 0,
              max_attempts: 3,
              created_at: now,
              updated_at: now,
            })
            .execute();
          await notifyChannel(trx, jobsChannel);
        });
        await within(ran.promise, 3000, 'woken by NOTIFY');
        assert.deepEqual(runs, ['remote']);
      } finally {
        await w.stop();
        await other.close();
      }
    },
  );

  test(
    'on PostgreSQL, LISTEN reconnects after its connection is killed',
    { skip: kind !== 'postgres' && 'PostgreSQL only' },
    async () => {
      const got: string[] = [];
      const errors: Error[] = [];
      const listener = await listenChannel(
        d.url,
        jobsChannel,
        (p) => got.push(p),
        (e) => errors.push(e),
      );
      try {
        const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and application_name = ${`keel-listen:${jobsChannel}`}`.execute(
          d.db,
        );
        assert.equal(killed.rows[0]?.n, 1);
        // After reconnecting it reports a wake-up (notifications may have been missed meanwhile).
        await waitFor(() => got.includes(''), 5000, 'the reconnect wake-up');
        await notifyChannel(d.db, jobsChannel, 'after');
        await waitFor(() => got.includes('after'), 3000, 'a notification on the new connection');
        assert.ok(errors.length >= 1, 'the lost connection was reported');
      } finally {
        await listener.close();
      }
    },
  );
});
