import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/database.js';
import { notifyChannel } from '../db/dialect.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { JobDefinition } from './registry.js';
import { jobsChannel, signalJobEnqueued } from './signal.js';

export interface EnqueueOptions {
  /** Epoch ms; default now. A time in the past means "due now". */
  runAt?: number;
  /**
   * Names one logical job for as long as its row exists (done and cancelled rows are purged
   * after 7 days, dead ones after 30): enqueueing the same key again does nothing and returns
   * the existing job, whatever its status. Use a new key for a new occurrence.
   */
  idempotencyKey?: string;
  /** Overrides the definition's maxAttempts for this job. */
  maxAttempts?: number;
}

export interface EnqueueResult {
  id: string;
  /** false when a job with the same idempotency key already existed. */
  created: boolean;
}

/**
 * Writes a job row. Pass the caller's transaction so the job commits or rolls back with the
 * change that caused it (the outbox pattern); never enqueue from a callback after a commit.
 * The payload is validated (and normalised) by the definition's schema: a bad payload throws
 * here, in the caller's request, not later in a worker.
 */
export async function enqueue<P, I>(
  db: Kysely<DB> | Transaction<DB>,
  clock: Clock,
  def: JobDefinition<P, I>,
  payload: I,
  opts: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const parsed = def.payload.parse(payload);
  const now = clock.now();
  const runAt = opts.runAt ?? now;
  const maxAttempts = opts.maxAttempts ?? def.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts must be ≥ 1');
  const id = newId(now);
  const key = opts.idempotencyKey ?? null;
  const inserted = await db
    .insertInto('jobs')
    .values({
      id,
      name: def.name,
      payload: JSON.stringify(parsed),
      status: 'pending',
      run_at: runAt,
      attempts: 0,
      max_attempts: maxAttempts,
      idempotency_key: key,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    // Only a key conflict skips the insert, so the key is set and its row exists.
    const existing = await db
      .selectFrom('jobs')
      .select('id')
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }
  await notifyChannel(db, jobsChannel);
  signalJobEnqueued(runAt);
  return { id, created: true };
}

/**
 * Cancels the pending job with this idempotency key (e.g. the next escalation step once an
 * alert is acknowledged). A running job is not interrupted: handlers re-check their
 * preconditions. Returns whether a pending job was cancelled. The key stays taken.
 */
export async function cancelJob(db: Kysely<DB>, clock: Clock, idempotencyKey: string): Promise<boolean> {
  const now = clock.now();
  const result = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: now, updated_at: now })
    .where('idempotency_key', '=', idempotencyKey)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
