import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/helpers/db.js';
import { openDatabase, type Database } from '../db/database.js';
import { systemClock } from '../lib/clock.js';
import { captureLogger, waitFor } from './jobs.test-support.js';
import { enqueue } from './queue.js';
import { defineJob, JobRegistry } from './registry.js';
import { JobWorker } from './worker.js';

const jobCount = 300;

/**
 * Two workers, each with its own connection pool (as two nodes would have), polling one
 * database at once: every job must run exactly once. On SQLite the two connections share one
 * file and SQLite serialises their writes.
 */
describeEachDialect('two workers on one database', (kind) => {
  let d: TestDatabase;
  before(async () => {
    d = await createTestDatabase(kind);
  });
  after(async () => {
    await d.close();
  });

  test(`${jobCount} jobs, each run exactly once, by both workers`, async () => {
    const executions: { jobId: string; worker: string }[] = [];
    const makeDef = (worker: string) =>
      defineJob({
        name: 'test.count',
        payload: z.object({ i: z.number().int() }),
        async handler(_payload, ctx) {
          executions.push({ jobId: ctx.jobId, worker });
          // A real round trip, so the two workers' claims interleave.
          await ctx.db.selectFrom('jobs').select('id').where('id', '=', ctx.jobId).execute();
        },
      });
    const def = makeDef('enqueuer');
    const ids = new Set<string>();
    await d.db.transaction().execute(async (trx) => {
      for (let i = 0; i < jobCount; i++) ids.add((await enqueue(trx, systemClock, def, { i })).id);
    });

    const { logger } = captureLogger();
    const nodes: { database: Database; worker: JobWorker }[] = ['a', 'b'].map((name) => {
      const database = openDatabase(d.url, { poolSize: 10 });
      const registry = new JobRegistry().register(makeDef(name));
      const worker = new JobWorker({
        database,
        registry,
        clock: systemClock,
        logger,
        workerId: name,
        concurrency: 8,
        maxSleepMs: 20,
      });
      return { database, worker };
    });
    try {
      await Promise.all(nodes.map((n) => n.worker.start()));
      await waitFor(() => executions.length >= jobCount, 30_000, `${jobCount} executions`);
    } finally {
      for (const n of nodes) await n.worker.stop();
      for (const n of nodes) await n.database.close();
    }

    const perJob = new Map<string, number>();
    for (const e of executions) perJob.set(e.jobId, (perJob.get(e.jobId) ?? 0) + 1);
    const twice = [...perJob].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no job ran twice');
    assert.equal(executions.length, jobCount);
    assert.deepEqual(new Set(perJob.keys()), ids);
    const byWorker = { a: 0, b: 0 };
    for (const e of executions) byWorker[e.worker as 'a' | 'b']++;
    assert.ok(byWorker.a > 0 && byWorker.b > 0, `both workers did work: ${JSON.stringify(byWorker)}`);
    const rows = await d.db
      .selectFrom('jobs')
      .select(['status', 'attempts', (e) => e.fn.countAll<number>().as('n')])
      .groupBy(['status', 'attempts'])
      .execute();
    assert.deepEqual(
      rows.map((r) => ({ ...r, n: Number(r.n) })),
      [{ status: 'done', attempts: 1, n: jobCount }],
    );
  });
});
