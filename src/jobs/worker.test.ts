import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { z } from 'zod';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/helpers/db.js';
import { openDatabase } from '../db/database.js';
import { FakeClock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { captureLogger, deferred, waitFor } from './jobs.test-support.js';
import { getJob, retryDead } from './jobs.repository.js';
import { enqueue } from './queue.js';
import { defineJob, JobRegistry, PermanentJobError, type JobContext } from './registry.js';
import { JobWorker, type JobWorkerOptions } from './worker.js';

interface Run {
  payload: { to: string };
  ctx: JobContext;
}

describeEachDialect('job worker', (kind) => {
  let d: TestDatabase;
  let clock: FakeClock;
  let runs: Run[];
  /** What the next runs of test.send do: resolve, throw, or wait on a deferred. */
  let behaviour: (run: Run) => Promise<void>;
  const send = defineJob({
    name: 'test.send',
    payload: z.object({ to: z.string() }),
    maxAttempts: 3,
    backoff: (attempt) => attempt * 1000,
    async handler(payload, ctx) {
      const run = { payload, ctx };
      runs.push(run);
      await behaviour(run);
    },
  });
  const registry = new JobRegistry().register(send);
  const log = captureLogger();
  const worker = (o: Partial<JobWorkerOptions> = {}): JobWorker =>
    new JobWorker({ database: d, registry, clock, logger: log.logger, ...o });

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
    log.lines.length = 0;
  });

  test('runs a due job once, with its typed payload and a stable key', async () => {
    const { id } = await enqueue(d.db, clock, send, { to: 'ops@example.com' });
    const w = worker({ workerId: 'w1' });
    assert.equal(await w.runDue(), 1);
    assert.equal(runs.length, 1);
    const [run] = runs;
    assert.deepEqual(run?.payload, { to: 'ops@example.com' });
    assert.equal(run?.ctx.jobId, id);
    assert.equal(run?.ctx.attempt, 1);
    assert.equal(run?.ctx.key, `test.send:${id}`);
    assert.equal(run?.ctx.attemptKey, `job:${id}:attempt:1`);
    const row = await getJob(d.db, id);
    assert.equal(row?.status, 'done');
    assert.equal(row?.locked_by, 'w1');
    assert.equal(await w.runDue(), 0, 'a done job does not run again');
    assert.equal(runs.length, 1);
  });

  test('a job runs at its run_at on the injected clock, not before', async () => {
    await enqueue(d.db, clock, send, { to: 'later' }, { runAt: clock.now() + 5 * 60_000 });
    const w = worker();
    assert.equal(await w.runDue(), 0);
    clock.advance(5 * 60_000 - 1);
    assert.equal(await w.runDue(), 0);
    clock.advance(1);
    assert.equal(await w.runDue(), 1);
  });

  test('a job that fell due while the process was down runs after the restart', async () => {
    const first = openDatabase(d.url);
    const { id } = await enqueue(
      first.db,
      clock,
      send,
      { to: 'after restart' },
      { runAt: clock.now() + 10 * 60_000 },
    );
    assert.equal(await new JobWorker({ database: first, registry, clock, logger: log.logger }).runDue(), 0);
    await first.close();
    clock.advance(60 * 60_000); // down for an hour
    const second = openDatabase(d.url);
    try {
      const w = new JobWorker({ database: second, registry, clock, logger: log.logger });
      assert.equal(await w.runDue(), 1);
      assert.deepEqual(
        runs.map((r) => r.ctx.jobId),
        [id],
      );
      assert.equal((await getJob(second.db, id))?.status, 'done');
    } finally {
      await second.close();
    }
  });

  test('a job held by a worker that died is run by another after the lease; the late finish is refused', async () => {
    const { id } = await enqueue(d.db, clock, send, { to: 'x' });
    const hung = deferred();
    behaviour = () => hung.promise;
    const a = worker({ workerId: 'worker-a' });
    const aRound = a.runDue(); // worker A claims and then "dies": its handler never returns
    await waitFor(() => runs.length === 1, 5000, 'worker A to start the job');
    behaviour = async () => undefined;
    const b = worker({ workerId: 'worker-b' });
    clock.advance(send.leaseMs);
    assert.equal(await b.runDue(), 0, 'not while A’s lease is live');
    clock.advance(1);
    assert.equal(await b.runDue(), 1);
    assert.deepEqual(
      runs.map((r) => r.ctx.attempt),
      [1, 2],
    );
    hung.resolve(); // A wakes up from the dead and finishes
    await aRound;
    const row = await getJob(d.db, id);
    assert.equal(row?.status, 'done');
    assert.equal(row?.locked_by, 'worker-b');
    assert.equal(row?.attempts, 2);
    assert.ok(log.lines.some((l) => l.workerId === 'worker-a' && /lease was taken over/.test(l.msg)));
  });

  test('failures retry with the job’s backoff, then dead-letter; retryDead re-drives', async () => {
    behaviour = async () => {
      throw new Error('receiver down');
    };
    const { id } = await enqueue(d.db, clock, send, { to: 'x' });
    const w = worker();
    const start = clock.now();
    assert.equal(await w.runDue(), 1);
    let row = await getJob(d.db, id);
    assert.equal(row?.status, 'pending');
    assert.equal(row?.run_at, start + 1000);
    assert.match(row?.last_error ?? '', /receiver down/);
    clock.advance(999);
    assert.equal(await w.runDue(), 0, 'not before the backoff');
    clock.advance(1);
    assert.equal(await w.runDue(), 1);
    assert.equal((await getJob(d.db, id))?.run_at, clock.now() + 2000);
    clock.advance(2000);
    assert.equal(await w.runDue(), 1);
    row = await getJob(d.db, id);
    assert.equal(row?.status, 'dead');
    assert.equal(row?.attempts, 3);
    clock.advance(86_400_000);
    assert.equal(await w.runDue(), 0, 'dead jobs stay dead');
    assert.equal(runs.length, 3);

    behaviour = async () => undefined;
    assert.equal(await retryDead(d.db, id, clock.now()), true);
    assert.equal(await w.runDue(), 1);
    assert.equal((await getJob(d.db, id))?.status, 'done');
    assert.deepEqual(
      runs.map((r) => r.ctx.attempt),
      [1, 2, 3, 1],
    );
  });

  test('a PermanentJobError dead-letters at once', async () => {
    behaviour = async () => {
      throw new PermanentJobError('incident was deleted');
    };
    const { id } = await enqueue(d.db, clock, send, { to: 'x' });
    assert.equal(await worker().runDue(), 1);
    const row = await getJob(d.db, id);
    assert.equal(row?.status, 'dead');
    assert.equal(row?.attempts, 1);
    assert.match(row?.last_error ?? '', /PermanentJobError: incident was deleted/);
  });

  test('an unknown job name, a bad payload or a throwing handler never crash the worker', async () => {
    const insert = async (name: string, payload: string): Promise<string> => {
      const id = newId(clock.now());
      await d.db
        .insertInto('jobs')
        .values({
          id,
          name,
          payload,
          status: 'pending',
          run_at: clock.now(),
          attempts: 0,
          max_attempts: 2,
          created_at: clock.now(),
          updated_at: clock.now(),
        })
        .execute();
      return id;
    };
    const unknown = await insert('test.from-a-newer-version', '{}');
    const badShape = await insert('test.send', '{"to":42}');
    const badJson = await insert('test.send', '{not json');
    behaviour = () => {
      throw new Error('synchronous throw');
    };
    const thrower = (await enqueue(d.db, clock, send, { to: 'x' }, { maxAttempts: 2 })).id;
    const w = worker();
    assert.equal(await w.runDue(), 4);
    assert.equal(runs.length, 1, 'only the valid job reached a handler');
    for (const [id, error] of [
      [unknown, /unknown job name/],
      [badShape, /invalid payload/],
      [badJson, /invalid payload/],
      [thrower, /synchronous throw/],
    ] as const) {
      const row = await getJob(d.db, id);
      assert.equal(row?.status, 'pending', `${id} is retried`);
      assert.match(row?.last_error ?? '', error);
    }
    clock.advance(3_600_000);
    assert.equal(await w.runDue(), 4);
    const dead = await d.db.selectFrom('jobs').select('id').where('status', '=', 'dead').execute();
    assert.equal(dead.length, 4, 'after max_attempts all four are in the dead letter');
  });

  test('a database failure while recording the outcome does not crash the worker; the job runs again', async () => {
    const own = openDatabase(d.url);
    const started = deferred();
    const gate = deferred();
    behaviour = async () => {
      started.resolve();
      await gate.promise;
    };
    const { id } = await enqueue(d.db, clock, send, { to: 'x' });
    const w = new JobWorker({ database: own, registry, clock, logger: log.logger });
    const round = w.runDue();
    await started.promise;
    await own.close(); // the database goes away under the running handler
    gate.resolve();
    assert.equal(await round, 1, 'runDue resolves rather than rejects');
    assert.ok(log.lines.some((l) => /bookkeeping failed/.test(l.msg)));
    assert.equal((await getJob(d.db, id))?.status, 'running', 'the outcome was never recorded');
    behaviour = async () => undefined;
    clock.advance(send.leaseMs + 1);
    assert.equal(await worker().runDue(), 1);
    assert.equal((await getJob(d.db, id))?.status, 'done');
    assert.deepEqual(
      runs.map((r) => r.ctx.attempt),
      [1, 2],
      'at least once: it ran again after its lease expired',
    );
  });

  test("completeIn marks the job done in the handler's transaction, or not at all when it rolls back", async () => {
    const { id } = await enqueue(d.db, clock, send, { to: 'a' });
    behaviour = async ({ ctx }) => {
      await ctx.db.transaction().execute(async (trx) => {
        await ctx.completeIn?.(trx);
        const row = await trx.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirst();
        assert.equal(row?.status, 'done', 'done inside the transaction');
      });
    };
    assert.equal(await worker().runDue(), 1);
    const done = await getJob(d.db, id);
    assert.equal(done?.status, 'done');
    assert.equal(done?.attempts, 1);

    const { id: second } = await enqueue(d.db, clock, send, { to: 'b' });
    behaviour = async ({ ctx }) => {
      await ctx.db.transaction().execute(async (trx) => {
        await ctx.completeIn?.(trx);
        throw new Error('the effects failed');
      });
    };
    assert.equal(await worker().runDue(), 1);
    const retried = await getJob(d.db, second);
    assert.equal(retried?.status, 'pending', 'rolled back with the effects: retried');
    assert.match(retried?.last_error ?? '', /the effects failed/);
  });

  test('while most slots are busy, a new job still starts within milliseconds, not at the next poll', async () => {
    const held = deferred();
    behaviour = async ({ payload }) => {
      if (payload.to.startsWith('slow')) await held.promise;
    };
    const w = worker({ concurrency: 4, maxSleepMs: 60_000 });
    for (const to of ['slow-1', 'slow-2', 'slow-3']) await enqueue(d.db, clock, send, { to });
    await w.start();
    try {
      await waitFor(() => w.inFlight === 3, 5000, 'three jobs running');
      const started = performance.now();
      await enqueue(d.db, clock, send, { to: 'quick' });
      await waitFor(() => runs.some((r) => r.payload.to === 'quick'), 5000, 'the new job');
      assert.ok(performance.now() - started < 1000, 'claimed on the wake-up, not the minute-long poll');
    } finally {
      held.resolve();
      await w.stop();
    }
  });
});
