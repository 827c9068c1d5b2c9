import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../test/helpers/db.js';
import { FakeClock } from '../lib/clock.js';
import { captureLogger } from './jobs.test-support.js';
import { getJob } from './jobs.repository.js';
import { ensureMaintenanceJobs, maintenanceJobs, nextHourSlot, purgeKey } from './maintenance.js';
import { JobRegistry } from './registry.js';
import { JobWorker } from './worker.js';

const day = 86_400_000;
const hour = 3_600_000;

describeEachDialect('jobs.purge maintenance job', (kind) => {
  let d: TestDatabase;
  let clock: FakeClock;
  let worker: JobWorker;
  before(async () => {
    d = await createTestDatabase(kind);
  });
  after(async () => {
    await d.close();
  });
  beforeEach(async () => {
    await d.db.deleteFrom('jobs').execute();
    clock = new FakeClock('2026-03-01T12:34:56Z');
    const registry = new JobRegistry();
    for (const def of maintenanceJobs) registry.register(def);
    worker = new JobWorker({ database: d, registry, clock, logger: captureLogger().logger });
  });

  const finishedJob = async (status: 'done' | 'dead', finishedAt: number): Promise<string> => {
    const id = `old-${status}-${finishedAt}`;
    await d.db
      .insertInto('jobs')
      .values({
        id,
        name: 'test.old',
        payload: '{}',
        status,
        run_at: 0,
        attempts: 1,
        max_attempts: 1,
        created_at: 0,
        updated_at: 0,
        finished_at: finishedAt,
      })
      .execute();
    return id;
  };

  test('ensureMaintenanceJobs seeds one purge per hour slot, however often it is called', async () => {
    const first = await ensureMaintenanceJobs(d.db, clock);
    assert.equal(first.created, true);
    clock.advance(10 * 60_000); // a restart in the same hour
    const again = await ensureMaintenanceJobs(d.db, clock);
    assert.deepEqual(again, { id: first.id, created: false });
    const row = await getJob(d.db, first.id);
    assert.equal(row?.idempotency_key, purgeKey(Date.parse('2026-03-01T12:00:00Z')));
  });

  test('the purge deletes past retention, keeps the rest, and schedules the next hour', async () => {
    const now = clock.now();
    const gone = [await finishedJob('done', now - 8 * day), await finishedJob('dead', now - 31 * day)];
    const kept = [await finishedJob('done', now - 6 * day), await finishedJob('dead', now - 29 * day)];
    const seeded = await ensureMaintenanceJobs(d.db, clock);
    assert.equal(await worker.runDue(), 1);
    for (const id of gone) assert.equal(await getJob(d.db, id), undefined, `${id} purged`);
    for (const id of kept) assert.ok(await getJob(d.db, id), `${id} kept`);
    assert.equal((await getJob(d.db, seeded.id))?.status, 'done');

    const slot = nextHourSlot(now);
    const next = await d.db
      .selectFrom('jobs')
      .selectAll()
      .where('idempotency_key', '=', purgeKey(slot))
      .executeTakeFirst();
    assert.equal(next?.status, 'pending');
    assert.equal(next?.run_at, Date.parse('2026-03-01T13:00:00Z'));
    assert.equal(await worker.runDue(), 0, 'not before 13:00');
    clock.set(slot);
    assert.equal(await worker.runDue(), 1);
    assert.ok(
      await d.db
        .selectFrom('jobs')
        .select('id')
        .where('idempotency_key', '=', purgeKey(slot + hour))
        .executeTakeFirst(),
    );
  });

  test('after a long outage it runs once and resumes hourly, without one run per missed hour', async () => {
    await ensureMaintenanceJobs(d.db, clock);
    assert.equal(await worker.runDue(), 1);
    clock.advance(3 * day);
    assert.equal(await worker.runDue(), 1, 'the overdue slot runs once');
    assert.equal(await worker.runDue(), 0, 'and the next one is in the future');
    const pending = await d.db.selectFrom('jobs').select('run_at').where('status', '=', 'pending').execute();
    assert.deepEqual(
      pending.map((r) => r.run_at),
      [nextHourSlot(clock.now())],
    );
  });
});
