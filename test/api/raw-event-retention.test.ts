import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConfigError, testConfig } from '../../src/config/config.js';
import { JobWorker } from '../../src/jobs/index.js';
import { ensureSystemJobs } from '../../src/modules/system/index.js';
import { describeEachDialect } from '../helpers/db.js';
import { startIngestApi, type IngestApi } from '../helpers/ingest.js';

/**
 * KEEL_RAW_EVENT_RETENTION_DAYS: where the raw event is stored (its expiry) and by the hourly
 * system.purge, which also brings in the expiry of events stored under a longer retention.
 */
const day = 86_400_000;

test('KEEL_RAW_EVENT_RETENTION_DAYS: 7 days by default, fractions allowed, at least an hour', () => {
  assert.equal(testConfig().rawEventRetentionMs, 7 * day);
  assert.equal(testConfig({ KEEL_RAW_EVENT_RETENTION_DAYS: '0.5' }).rawEventRetentionMs, day / 2);
  for (const bad of ['0', '0.01', '-1', 'week', '4000']) {
    assert.throws(() => testConfig({ KEEL_RAW_EVENT_RETENTION_DAYS: bad }), ConfigError, bad);
  }
});

describeEachDialect('raw event retention', (kind) => {
  let api: IngestApi;
  let worker: JobWorker;
  // On-call's outbox jobs (escalation steps, incident changes) are not this test's subject: set
  // them aside, so the counts below are of this test's own jobs.
  const runDue = async () => {
    await api.db
      .updateTable('jobs')
      .set({ status: 'cancelled' })
      .where('name', 'in', ['oncall.escalate', 'incidents.changed'])
      .where('status', '=', 'pending')
      .execute();
    return worker.runDue();
  };
  before(async () => {
    api = await startIngestApi(kind, { env: { KEEL_RAW_EVENT_RETENTION_DAYS: '1' } });
    const { keel } = api.server;
    worker = new JobWorker({
      database: keel.database,
      registry: keel.registry,
      clock: api.clock,
      logger: keel.logger,
    });
  });
  after(() => api.close());

  const events = () =>
    api.db
      .selectFrom('alert_events')
      .select(['dedup_key', 'received_at', 'expires_at'])
      .orderBy('received_at')
      .execute();
  const send = (dedupKey: string) =>
    api.send(`/api/v1/ingest/${api.keys.keel}`, { action: 'trigger', dedupKey, summary: dedupKey });

  test('stored with the configured expiry, purged by system.purge once past it', async () => {
    assert.equal((await send('r-1')).statusCode, 202);
    const [stored] = await events();
    assert.equal(stored!.expires_at - stored!.received_at, day, 'one day, as configured');

    // An event stored while the retention was the default 7 days.
    api.clock.advance(3_600_000);
    assert.equal((await send('r-old')).statusCode, 202);
    await api.db
      .updateTable('alert_events')
      .set((eb) => ({ expires_at: eb('received_at', '+', 7 * day) }))
      .where('dedup_key', '=', 'r-old')
      .execute();

    api.clock.advance(day - 3_600_000 - 1);
    await ensureSystemJobs(api.db, api.clock);
    assert.equal(await runDue(), 1);
    assert.deepEqual(
      (await events()).map((e) => e.dedup_key),
      ['r-1', 'r-old'],
      'nothing is past a day yet',
    );
    const old = (await events()).find((e) => e.dedup_key === 'r-old')!;
    assert.equal(old.expires_at, old.received_at + day, 'its expiry brought in to the configured day');

    api.clock.set(stored!.expires_at + 3_600_000); // the next hourly run
    assert.equal(await runDue(), 1);
    assert.deepEqual(
      (await events()).map((e) => e.dedup_key),
      ['r-old'],
    );
    api.clock.set(old.expires_at + 3_600_000);
    assert.equal(await runDue(), 1);
    assert.deepEqual(await events(), []);
  });
});
