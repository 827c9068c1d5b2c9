import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/helpers/db.js';
import { listenChannel, notifyChannel } from '../db/dialect.js';
import { FakeClock } from '../lib/clock.js';
import { waitFor } from './jobs.test-support.js';
import { getJob } from './jobs.repository.js';
import { cancelJob, enqueue } from './queue.js';
import { defineJob } from './registry.js';
import { jobsChannel } from './signal.js';

const greet = defineJob({
  name: 'test.greet',
  payload: z.object({ name: z.string().min(1), loud: z.boolean().default(false) }),
  maxAttempts: 3,
  handler: async () => undefined,
});

describeEachDialect('enqueue', (kind) => {
  let d: TestDatabase;
  const clock = new FakeClock('2026-03-01T12:00:00Z');
  before(async () => {
    d = await createTestDatabase(kind);
  });
  after(async () => {
    await d.close();
  });
  const count = async (): Promise<number> =>
    Number(
      (
        await d.db
          .selectFrom('jobs')
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('writes a pending row with the validated, normalised payload', async () => {
    const { id, created } = await enqueue(d.db, clock, greet, { name: 'ada' }, { runAt: clock.now() + 5000 });
    assert.equal(created, true);
    const row = await getJob(d.db, id);
    assert.ok(row);
    assert.equal(row.name, 'test.greet');
    assert.deepEqual(JSON.parse(row.payload), { name: 'ada', loud: false });
    assert.equal(row.status, 'pending');
    assert.equal(row.run_at, clock.now() + 5000);
    assert.equal(row.attempts, 0);
    assert.equal(row.max_attempts, 3);
    assert.equal(row.idempotency_key, null);
  });

  test('rejects a bad payload before writing anything', async () => {
    const before = await count();
    // @ts-expect-error the payload type is checked at compile time too
    await assert.rejects(enqueue(d.db, clock, greet, { name: 42 }), z.ZodError);
    await assert.rejects(enqueue(d.db, clock, greet, { name: '' }), z.ZodError);
    assert.equal(await count(), before);
  });

  test('an idempotency key dedups: the second enqueue returns the first job', async () => {
    const first = await enqueue(d.db, clock, greet, { name: 'a' }, { idempotencyKey: 'incident:42:level:2' });
    const second = await enqueue(
      d.db,
      clock,
      greet,
      { name: 'b' },
      { idempotencyKey: 'incident:42:level:2' },
    );
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.id, first.id);
    const rows = await d.db
      .selectFrom('jobs')
      .selectAll()
      .where('idempotency_key', '=', 'incident:42:level:2')
      .execute();
    assert.equal(rows.length, 1);
    assert.deepEqual(JSON.parse(rows[0]?.payload ?? ''), { name: 'a', loud: false });
    const other = await enqueue(d.db, clock, greet, { name: 'c' }, { idempotencyKey: 'incident:42:level:3' });
    assert.equal(other.created, true);
    assert.notEqual(other.id, first.id);
  });

  test('dedups inside one transaction too', async () => {
    const ids = await d.db.transaction().execute(async (trx) => {
      const a = await enqueue(trx, clock, greet, { name: 'a' }, { idempotencyKey: 'same-trx' });
      const b = await enqueue(trx, clock, greet, { name: 'a' }, { idempotencyKey: 'same-trx' });
      return [a, b];
    });
    assert.equal(ids[0]?.id, ids[1]?.id);
    assert.deepEqual(
      ids.map((r) => r.created),
      [true, false],
    );
  });

  test('commits and rolls back with the caller’s transaction (outbox)', async () => {
    const before = await count();
    await assert.rejects(
      d.db.transaction().execute(async (trx) => {
        await enqueue(trx, clock, greet, { name: 'lost' }, { idempotencyKey: 'rolled-back' });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal(await count(), before);
    // The key was never taken: a later enqueue creates the job.
    const again = await enqueue(d.db, clock, greet, { name: 'kept' }, { idempotencyKey: 'rolled-back' });
    assert.equal(again.created, true);
    const { id } = await d.db
      .transaction()
      .execute((trx) => enqueue(trx, clock, greet, { name: 'committed' }));
    assert.equal((await getJob(d.db, id))?.status, 'pending');
  });

  test('cancelJob cancels a pending job by key, and only a pending one', async () => {
    const { id } = await enqueue(d.db, clock, greet, { name: 'x' }, { idempotencyKey: 'escalate:7:2' });
    assert.equal(await cancelJob(d.db, clock, 'escalate:7:2'), true);
    const row = await getJob(d.db, id);
    assert.equal(row?.status, 'cancelled');
    assert.equal(row?.finished_at, clock.now());
    assert.equal(await cancelJob(d.db, clock, 'escalate:7:2'), false);
    assert.equal(await cancelJob(d.db, clock, 'no-such-key'), false);
    // The key stays taken by the cancelled job.
    assert.deepEqual(await enqueue(d.db, clock, greet, { name: 'x' }, { idempotencyKey: 'escalate:7:2' }), {
      id,
      created: false,
    });
    const running = await enqueue(d.db, clock, greet, { name: 'y' }, { idempotencyKey: 'escalate:8:1' });
    await d.db.updateTable('jobs').set({ status: 'running' }).where('id', '=', running.id).execute();
    assert.equal(await cancelJob(d.db, clock, 'escalate:8:1'), false);
    assert.equal((await getJob(d.db, running.id))?.status, 'running');
  });

  test(
    'on PostgreSQL, enqueue notifies other nodes at commit and never on rollback',
    { skip: kind !== 'postgres' && 'PostgreSQL only' },
    async () => {
      const got: string[] = [];
      const listener = await listenChannel(d.url, jobsChannel, (p) => got.push(p));
      try {
        await d.db
          .transaction()
          .execute(async (trx) => {
            await enqueue(trx, clock, greet, { name: 'rolled back' });
            throw new Error('rollback');
          })
          .catch(() => undefined);
        await d.db.transaction().execute(async (trx) => {
          await enqueue(trx, clock, greet, { name: 'one' });
          await enqueue(trx, clock, greet, { name: 'two' });
          assert.equal(got.length, 0, 'nothing is delivered before commit');
        });
        // A sentinel after the commit: notifications arrive in commit order, so once it is here,
        // everything the two transactions sent is here too.
        await notifyChannel(d.db, jobsChannel, 'sentinel');
        await waitFor(() => got.includes('sentinel'), 3000, 'the sentinel notification');
        assert.deepEqual(
          got,
          ['', 'sentinel'],
          'one notification per committed transaction, none for the rollback',
        );
      } finally {
        await listener.close();
      }
    },
  );
});
