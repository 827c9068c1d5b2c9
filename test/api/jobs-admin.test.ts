import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { defineJob, enqueue, JobRegistry, JobWorker, type JobDefinition } from '../../src/jobs/index.js';
import type { AuditRecord } from '../../src/modules/audit/index.js';
import {
  assertApiError,
  assertStatus,
  injectWritingNothing,
  signedIn,
  startApi,
  type Api,
} from '../helpers/api-fixtures.js';
import { describeEachDialect } from '../helpers/db.js';
import { as } from '../helpers/server.js';

/** /api/v1/jobs: the queue and its dead letter for admins, and re-driving a dead job. */
interface JobView {
  id: string;
  name: string;
  status: string;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  idempotencyKey: string | null;
  lastError: string | null;
  payload: unknown;
  createdAt: string;
  finishedAt: string | null;
}
const jobViewKeys = [
  'attempts',
  'createdAt',
  'finishedAt',
  'id',
  'idempotencyKey',
  'lastError',
  'maxAttempts',
  'name',
  'payload',
  'runAt',
  'status',
];

const payload = z.object({ n: z.number().int() });
const failing = defineJob({
  name: 'test.always_fails',
  payload,
  maxAttempts: 5,
  handler: () => Promise.reject(new Error('the receiver said no')),
});
const healed = defineJob({ name: 'test.always_fails', payload, handler: () => Promise.resolve() });
const works = defineJob({ name: 'test.works', payload, handler: () => Promise.resolve() });

describeEachDialect('jobs admin API', (kind) => {
  let api: Api;
  const workerWith = (...defs: JobDefinition<{ n: number }>[]) => {
    const registry = new JobRegistry();
    for (const d of defs) registry.register(d);
    return new JobWorker({
      database: api.server.keel.database,
      registry,
      clock: api.clock,
      logger: api.server.keel.logger,
    });
  };
  before(async () => {
    api = await startApi(kind);
  });
  after(async () => {
    await api.close();
  });

  const list = async (query = '') => {
    const res = await api.app.inject({ url: `/api/v1/jobs${query}`, headers: as(api.owner) });
    assertStatus(res, 200);
    return res.json<{ items: JobView[]; nextCursor: string | null }>();
  };
  const retry = (id: string, headers = as(api.owner)) =>
    api.app.inject({ method: 'POST', url: `/api/v1/jobs/${id}/retry`, headers });

  /** A job that failed its only attempt: enqueued with maxAttempts 1 and run through a worker. */
  const deadJob = async (n: number): Promise<string> => {
    api.clock.advance(1000);
    const { id } = await enqueue(api.db, api.clock, failing, { n }, { maxAttempts: 1 });
    assert.equal(await workerWith(failing).runDue(), 1);
    return id;
  };

  test('status=dead lists the dead letter; retry re-drives it and is audited', async () => {
    const deadId = await deadJob(1);
    api.clock.advance(1000);
    const doneId = (await enqueue(api.db, api.clock, works, { n: 2 })).id;
    assert.equal(await workerWith(works).runDue(), 1);
    api.clock.advance(1000);
    const pendingId = (
      await enqueue(
        api.db,
        api.clock,
        works,
        { n: 3 },
        { runAt: api.clock.now() + 3_600_000, idempotencyKey: 'later' },
      )
    ).id;

    const dead = await list('?status=dead');
    assert.deepEqual(
      dead.items.map((j) => j.id),
      [deadId],
    );
    const job = dead.items[0]!;
    assert.deepEqual(Object.keys(job).sort(), jobViewKeys);
    assert.equal(job.name, 'test.always_fails');
    assert.equal(job.status, 'dead');
    assert.equal(job.attempts, 1);
    assert.equal(job.maxAttempts, 1);
    assert.deepEqual(job.payload, { n: 1 });
    assert.match(job.lastError ?? '', /the receiver said no/);
    assert.equal(job.finishedAt, new Date(api.clock.now() - 2000).toISOString());
    assert.equal(dead.nextCursor, null);

    assert.deepEqual(
      (await list()).items.map((j) => [j.id, j.status]),
      [
        [pendingId, 'pending'],
        [doneId, 'done'],
        [deadId, 'dead'],
      ],
      'newest first',
    );
    assert.deepEqual(
      (await list('?status=pending')).items.map((j) => [j.id, j.idempotencyKey]),
      [[pendingId, 'later']],
    );
    assert.deepEqual(
      (await list('?name=test.works&status=done')).items.map((j) => j.id),
      [doneId],
    );

    api.clock.advance(1000);
    const res = await retry(deadId);
    assertStatus(res, 200);
    const retried = res.json<JobView>();
    assert.equal(retried.id, deadId);
    assert.equal(retried.status, 'pending');
    assert.equal(retried.attempts, 0);
    assert.equal(retried.runAt, new Date(api.clock.now()).toISOString());
    assert.equal(retried.finishedAt, null);
    assert.match(
      retried.lastError ?? '',
      /the receiver said no/,
      'why it died stays visible until the next failure',
    );
    assert.deepEqual((await list('?status=dead')).items, []);

    const log = await api.app.inject({
      url: `/api/v1/audit?action=job.retried&resourceId=${deadId}`,
      headers: as(api.owner),
    });
    const entries = log.json<{ items: AuditRecord[] }>().items;
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.resourceType, 'job');
    assert.deepEqual(entries[0]?.before, { status: 'dead' });
    assert.equal(entries[0]?.actor.id, api.owner.userId);

    // Not dead any more: 409, and nothing recorded.
    const again = await injectWritingNothing(api, {
      method: 'POST',
      url: `/api/v1/jobs/${deadId}/retry`,
      headers: as(api.owner),
    });
    assert.match(assertApiError(again, 409, 'conflict').message, /pending/);
    assertApiError(
      await injectWritingNothing(api, {
        method: 'POST',
        url: `/api/v1/jobs/${doneId}/retry`,
        headers: as(api.owner),
      }),
      409,
      'conflict',
    );
    assertApiError(
      await injectWritingNothing(api, {
        method: 'POST',
        url: `/api/v1/jobs/${pendingId}/retry`,
        headers: as(api.owner),
      }),
      409,
      'conflict',
    );

    // The re-driven job really runs again: with a handler that now works, it is done.
    assert.equal(await workerWith(healed).runDue(), 1);
    const after = (await list()).items.find((j) => j.id === deadId)!;
    assert.equal(after.status, 'done');
    assert.equal(after.attempts, 1);
  });

  test('a re-driven job that fails again is dead again and can be retried again', async () => {
    const id = await deadJob(7);
    assertStatus(await retry(id), 200);
    assert.equal(await workerWith(failing).runDue(), 1);
    const dead = (await list('?status=dead')).items.find((j) => j.id === id);
    assert.equal(dead?.attempts, 1);
    assertStatus(await retry(id), 200);
    assert.equal(await workerWith(healed).runDue(), 1);
  });

  test('unknown or malformed ids', async () => {
    const unknown = await injectWritingNothing(api, {
      method: 'POST',
      url: '/api/v1/jobs/01000000-0000-7000-8000-000000000000/retry',
      headers: as(api.owner),
    });
    assert.deepEqual(assertApiError(unknown, 404, 'not_found').details, {
      id: '01000000-0000-7000-8000-000000000000',
    });
    assertApiError(await retry('x'.repeat(65)), 400, 'validation_failed');
    assertApiError(
      await api.app.inject({ url: '/api/v1/jobs?status=zombie', headers: as(api.owner) }),
      400,
      'validation_failed',
    );
    assertApiError(
      await api.app.inject({ url: '/api/v1/jobs?limit=0', headers: as(api.owner) }),
      400,
      'validation_failed',
    );
  });

  test('dead jobs page by cursor, newest first, each once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await deadJob(100 + i));
    const all = (await list('?status=dead&limit=500')).items.map((j) => j.id);
    assert.deepEqual(all.slice(0, 5), [...ids].reverse());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?status=dead&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, all);
  });

  test('only owners and admins list and retry jobs', async () => {
    const id = await deadJob(42);
    const admin = await signedIn(api, 'admin');
    assertStatus(await api.app.inject({ url: '/api/v1/jobs?status=dead', headers: as(admin) }), 200);
    for (const role of ['responder', 'stakeholder', 'viewer'] as const) {
      const s = await signedIn(api, role);
      assertApiError(
        await api.app.inject({ url: '/api/v1/jobs?status=dead', headers: as(s) }),
        403,
        'forbidden',
      );
      assertApiError(
        await injectWritingNothing(api, { method: 'POST', url: `/api/v1/jobs/${id}/retry`, headers: as(s) }),
        403,
        'forbidden',
      );
    }
    assertApiError(await api.app.inject({ url: '/api/v1/jobs' }), 401, 'unauthenticated');
    assertApiError(
      await injectWritingNothing(api, { method: 'POST', url: `/api/v1/jobs/${id}/retry` }),
      401,
      'unauthenticated',
    );
    assert.ok(
      (await list('?status=dead')).items.some((j) => j.id === id),
      'still dead',
    );
    assertStatus(await retry(id, as(admin)), 200);
  });
});
