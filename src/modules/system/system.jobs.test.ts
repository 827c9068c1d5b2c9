import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect, createTestDatabase } from '../../../test/helpers/db.js';
import { JobRegistry, JobWorker } from '../../jobs/index.js';
import { FakeClock } from '../../lib/clock.js';
import { createLogger } from '../../lib/logger.js';
import { ensureSystemJobs, retention, systemPurgeJob } from './system.jobs.js';

const day = 86_400_000;

describeEachDialect('system.purge retention', (kind) => {
  test('removes expired sessions, old sign-in attempts, spent reset links and old audit rows, then reschedules', async () => {
    const database = await createTestDatabase(kind);
    const clock = new FakeClock('2026-06-01T10:30:00Z');
    const now = clock.now();
    const db = database.db;
    await db
      .insertInto('users')
      .values({
        id: 'u1',
        email: 'u@example.com',
        name: 'U',
        time_zone: 'UTC',
        role: 'owner',
        password_hash: null,
        totp_secret: null,
        totp_enabled: 0,
        totp_last_step: null,
        disabled: 0,
        is_sample: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const session = (id: string, expires: number) => ({
      id,
      user_id: 'u1',
      csrf_token: 'c',
      mfa_pending: 0,
      ip: null,
      user_agent: null,
      created_at: now - day,
      last_seen_at: now - day,
      expires_at: expires,
    });
    await db
      .insertInto('sessions')
      .values([session('expired', now - 1), session('live', now + day)])
      .execute();
    await db
      .insertInto('login_attempts')
      .values([
        {
          id: 'old',
          email: 'u@example.com',
          ip: '1.2.3.4',
          success: 0,
          at: now - retention.loginAttemptsMs - 1,
        },
        { id: 'new', email: 'u@example.com', ip: '1.2.3.4', success: 0, at: now - 1000 },
      ])
      .execute();
    const audit = (id: string, at: number) => ({
      id,
      at,
      actor_user_id: null,
      actor_label: 'system',
      via: 'system' as const,
      action: 'x.y',
      resource_type: 'x',
      resource_id: null,
      before: null,
      after: null,
      ip: null,
      request_id: null,
    });
    await db
      .insertInto('audit_log')
      .values([audit('ancient', now - retention.auditMs - 1), audit('recent', now - day)])
      .execute();

    await ensureSystemJobs(db, clock);
    await ensureSystemJobs(db, clock); // idempotent: one job per hour slot
    const worker = new JobWorker({
      database,
      registry: new JobRegistry().register(systemPurgeJob),
      clock,
      logger: createLogger('silent'),
    });
    assert.equal(await worker.runDue(), 1);

    assert.deepEqual(
      (await db.selectFrom('sessions').select('id').execute()).map((r) => r.id),
      ['live'],
    );
    assert.deepEqual(
      (await db.selectFrom('login_attempts').select('id').execute()).map((r) => r.id),
      ['new'],
    );
    assert.deepEqual(
      (await db.selectFrom('audit_log').select('id').execute()).map((r) => r.id),
      ['recent'],
    );
    const next = await db
      .selectFrom('jobs')
      .select(['run_at', 'status'])
      .where('status', '=', 'pending')
      .execute();
    assert.deepEqual(next, [{ run_at: Date.parse('2026-06-01T11:00:00Z'), status: 'pending' }]);
    await database.close();
  });
});
