import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { z } from 'zod';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/helpers/db.js';
import { FakeClock } from '../lib/clock.js';
import {
  claimDue,
  complete,
  extendLease,
  fail,
  getJob,
  listJobs,
  nextRunAt,
  purgeFinished,
  retryDead,
  stats,
  type Claim,
} from './jobs.repository.js';
import { enqueue } from './queue.js';
import { defineJob } from './registry.js';

const ping = defineJob({
  name: 'test.ping',
  payload: z.object({ n: z.number() }),
  maxAttempts: 3,
  handler: async () => undefined,
});
const lease = 30_000;

describeEachDialect('jobs repository', (kind) => {
  let d: TestDatabase;
  let clock: FakeClock;
  before(async () => {
    d = await createTestDatabase(kind);
  });
  after(async () => {
    await d.close();
  });
  beforeEach(async () => {
    await d.db.deleteFrom('jobs').execute();
    clock = new FakeClock('2026-03-01T12:00:00Z');
  });
  const claim = (workerId: string, limit = 10): Promise<Claim[]> =>
    claimDue(d.db, kind, { workerId, now: clock.now(), limit, leaseMs: lease });
  const only = (claims: Claim[]): Claim => {
    assert.equal(claims.length, 1);
    return claims[0] as Claim;
  };

  test('claims due pending jobs oldest first, within the limit, under a lease', async () => {
    const t = clock.now();
    const late = await enqueue(d.db, clock, ping, { n: 1 }, { runAt: t - 1000 });
    const early = await enqueue(d.db, clock, ping, { n: 2 }, { runAt: t - 5000 });
    const now = await enqueue(d.db, clock, ping, { n: 3 });
    await enqueue(d.db, clock, ping, { n: 4 }, { runAt: t + 1 });
    const first = await claim('w1', 2);
    assert.deepEqual(
      first.map((c) => c.id),
      [early.id, late.id],
    );
    assert.deepEqual(
      first.map((c) => c.attempt),
      [1, 1],
    );
    const row = await getJob(d.db, early.id);
    assert.equal(row?.status, 'running');
    assert.equal(row?.locked_by, 'w1');
    assert.equal(row?.locked_until, t + lease);
    assert.equal(row?.attempts, 1);
    assert.deepEqual(
      (await claim('w2')).map((c) => c.id),
      [now.id],
      'running jobs under a live lease are not claimable',
    );
    assert.deepEqual(await claim('w2'), []);
    clock.advance(1);
    assert.equal((await claim('w2')).length, 1, 'a job becomes claimable at its run_at');
  });

  test('a job whose lease expired is claimed again, and the old owner can no longer finish it', async () => {
    const { id } = await enqueue(d.db, clock, ping, { n: 1 });
    const a = only(await claim('worker-a'));
    clock.advance(lease);
    assert.deepEqual(await claim('worker-b'), [], 'not before the lease has expired');
    clock.advance(1);
    const b = only(await claim('worker-b'));
    assert.equal(b.id, id);
    assert.equal(b.attempt, 2);
    assert.equal(await complete(d.db, a, clock.now()), false, 'the dead worker’s late completion is refused');
    assert.equal(await fail(d.db, a, { now: clock.now(), error: 'late', retryInMs: 0 }), 'lost');
    assert.equal(await extendLease(d.db, a, clock.now() + lease, clock.now()), false);
    let row = await getJob(d.db, id);
    assert.equal(row?.status, 'running');
    assert.equal(row?.locked_by, 'worker-b');
    assert.equal(await complete(d.db, b, clock.now()), true);
    row = await getJob(d.db, id);
    assert.equal(row?.status, 'done');
    assert.equal(row?.finished_at, clock.now());
  });

  test('the attempt is part of the fence: a worker re-claiming its own expired job cannot finish it twice', async () => {
    await enqueue(d.db, clock, ping, { n: 1 });
    const first = only(await claim('w'));
    clock.advance(lease + 1);
    const second = only(await claim('w'));
    assert.equal(await complete(d.db, first, clock.now()), false);
    assert.equal(await complete(d.db, second, clock.now()), true);
  });

  test('a lease that expires on the final attempt sends the job to the dead letter', async () => {
    const { id } = await enqueue(d.db, clock, ping, { n: 1 }, { maxAttempts: 2 });
    only(await claim('w'));
    clock.advance(lease + 1);
    only(await claim('w'));
    clock.advance(lease + 1);
    assert.deepEqual(await claim('w'), []);
    const row = await getJob(d.db, id);
    assert.equal(row?.status, 'dead');
    assert.match(row?.last_error ?? '', /lease expired/);
    assert.equal(row?.attempts, 2);
  });

  test('without the sweep, a lease expired on the final attempt is still never claimed again', async () => {
    const { id } = await enqueue(d.db, clock, ping, { n: 1 }, { maxAttempts: 1 });
    only(await claim('w'));
    clock.advance(lease + 1);
    const opts = { workerId: 'w2', now: clock.now(), limit: 10, leaseMs: lease };
    assert.deepEqual(await claimDue(d.db, kind, { ...opts, sweepExpired: false }), []);
    assert.equal((await getJob(d.db, id))?.status, 'running', 'left for the next sweep');
    assert.deepEqual(await claimDue(d.db, kind, opts), []);
    assert.equal((await getJob(d.db, id))?.status, 'dead');
  });

  test('extendLease keeps a job from being claimed by others', async () => {
    await enqueue(d.db, clock, ping, { n: 1 });
    const c = only(await claim('w1'));
    clock.advance(lease - 1);
    assert.equal(await extendLease(d.db, c, clock.now() + lease, clock.now()), true);
    clock.advance(lease - 1);
    assert.deepEqual(await claim('w2'), []);
    clock.advance(2);
    assert.equal((await claim('w2')).length, 1);
  });

  test('fail reschedules with the backoff until the attempts are used up, then dead', async () => {
    const { id } = await enqueue(d.db, clock, ping, { n: 1 });
    let c = only(await claim('w'));
    assert.equal(await fail(d.db, c, { now: clock.now(), error: 'boom 1', retryInMs: 1000 }), 'retry');
    let row = await getJob(d.db, id);
    assert.equal(row?.status, 'pending');
    assert.equal(row?.run_at, clock.now() + 1000);
    assert.equal(row?.locked_by, null);
    assert.equal(row?.last_error, 'boom 1');
    assert.deepEqual(await claim('w'), []);
    clock.advance(1000);
    c = only(await claim('w'));
    assert.equal(await fail(d.db, c, { now: clock.now(), error: 'boom 2', retryInMs: 2000 }), 'retry');
    clock.advance(2000);
    c = only(await claim('w'));
    assert.equal(c.attempt, 3);
    assert.equal(await fail(d.db, c, { now: clock.now(), error: 'boom 3', retryInMs: 4000 }), 'dead');
    row = await getJob(d.db, id);
    assert.equal(row?.status, 'dead');
    assert.equal(row?.last_error, 'boom 3');
    assert.equal(row?.finished_at, clock.now());
    clock.advance(86_400_000);
    assert.deepEqual(await claim('w'), []);
  });

  test('a permanent failure goes to the dead letter at once', async () => {
    const { id } = await enqueue(d.db, clock, ping, { n: 1 });
    const c = only(await claim('w'));
    assert.equal(
      await fail(d.db, c, { now: clock.now(), error: 'gone', retryInMs: 1000, permanent: true }),
      'dead',
    );
    assert.equal((await getJob(d.db, id))?.attempts, 1);
  });

  test('retryDead re-drives a dead job with fresh attempts, and only a dead one', async () => {
    const { id } = await enqueue(d.db, clock, ping, { n: 1 }, { maxAttempts: 1 });
    const c = only(await claim('w'));
    await fail(d.db, c, { now: clock.now(), error: 'boom', retryInMs: 0 });
    clock.advance(60_000);
    assert.equal(await retryDead(d.db, id, clock.now()), true);
    const row = await getJob(d.db, id);
    assert.equal(row?.status, 'pending');
    assert.equal(row?.attempts, 0);
    assert.equal(row?.run_at, clock.now());
    assert.equal(row?.finished_at, null);
    assert.equal(await retryDead(d.db, id, clock.now()), false);
    const again = only(await claim('w'));
    assert.equal(again.attempt, 1);
  });

  test('nextRunAt is the earliest pending run_at', async () => {
    assert.equal(await nextRunAt(d.db), null);
    await enqueue(d.db, clock, ping, { n: 1 }, { runAt: clock.now() + 500 });
    await enqueue(d.db, clock, ping, { n: 2 }, { runAt: clock.now() + 200 });
    assert.equal(await nextRunAt(d.db), clock.now() + 200);
    clock.advance(200);
    only(await claim('w'));
    assert.equal(await nextRunAt(d.db), clock.now() + 300);
  });

  test('stats: depth and lag of due jobs, running, dead', async () => {
    assert.deepEqual(await stats(d.db, clock.now()), { depth: 0, lagMs: 0, running: 0, dead: 0 });
    const t = clock.now();
    await enqueue(d.db, clock, ping, { n: 1 }, { runAt: t - 7000 });
    await enqueue(d.db, clock, ping, { n: 2 }, { runAt: t - 3000 });
    await enqueue(d.db, clock, ping, { n: 3 }, { runAt: t - 1000 });
    await enqueue(d.db, clock, ping, { n: 4 }, { runAt: t + 60_000 });
    await enqueue(d.db, clock, ping, { n: 5 }, { maxAttempts: 1, runAt: t - 9000 });
    const [dies] = await claim('w', 1);
    assert.ok(dies);
    await fail(d.db, dies, { now: t, error: 'x', retryInMs: 0 });
    only(await claim('w', 1));
    assert.deepEqual(await stats(d.db, t), { depth: 2, lagMs: 3000, running: 1, dead: 1 });
  });

  test('listJobs pages newest first and filters by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await enqueue(d.db, clock, ping, { n: i })).id);
      clock.advance(1);
    }
    const p1 = await listJobs(d.db, { limit: 2 });
    assert.deepEqual(
      p1.jobs.map((j) => j.id),
      [ids[4], ids[3]],
    );
    assert.ok(p1.nextCursor);
    const p2 = await listJobs(d.db, { limit: 2, cursor: p1.nextCursor });
    assert.deepEqual(
      p2.jobs.map((j) => j.id),
      [ids[2], ids[1]],
    );
    const p3 = await listJobs(d.db, { limit: 2, cursor: p2.nextCursor ?? '' });
    assert.deepEqual(
      p3.jobs.map((j) => j.id),
      [ids[0]],
    );
    assert.equal(p3.nextCursor, null);
    await claim('w', 1);
    assert.deepEqual(
      (await listJobs(d.db, { status: 'running', limit: 10 })).jobs.map((j) => j.id),
      [ids[0]],
    );
    assert.equal((await listJobs(d.db, { status: 'pending', name: 'test.ping', limit: 10 })).jobs.length, 4);
  });

  test('purgeFinished deletes final rows past retention, in batches, and keeps everything else', async () => {
    const day = 86_400_000;
    const t = clock.now();
    const make = async (
      status: 'done' | 'dead' | 'cancelled' | 'pending',
      ageDays: number,
    ): Promise<string> => {
      const { id } = await enqueue(d.db, clock, ping, { n: 0 });
      await d.db
        .updateTable('jobs')
        .set({ status, finished_at: status === 'pending' ? null : t - ageDays * day })
        .where('id', '=', id)
        .execute();
      return id;
    };
    const gone = [
      await make('done', 8),
      await make('done', 9),
      await make('done', 10),
      await make('cancelled', 8),
      await make('dead', 31),
    ];
    const kept = [
      await make('done', 6),
      await make('cancelled', 6),
      await make('dead', 29),
      await make('pending', 0),
    ];
    assert.equal(await purgeFinished(d.db, t, undefined, 2), gone.length);
    const left = (await d.db.selectFrom('jobs').select('id').execute()).map((r) => r.id).sort();
    assert.deepEqual(left, [...kept].sort());
  });
});
