import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { DB } from '../db/database.js';
import { inClaimSubquery, type DialectKind } from '../db/dialect.js';
import type { JobStatus, JobsTable } from './jobs.table.js';

/**
 * The job rows, and the only code that writes them after enqueue.
 *
 * Lease invariant: a running row belongs to (locked_by, attempts). A claim sets both; complete,
 * fail and extendLease succeed only while the row is still running with that same pair. The
 * pair, not locked_by alone, is the fence: a worker that re-claims its own expired job must
 * not let its first, abandoned attempt finish the second one.
 */

export type JobRow = Selectable<JobsTable>;

/** A job a worker holds: what it needs to run it and to prove ownership afterwards. */
export interface Claim {
  id: string;
  name: string;
  /** JSON text, validated by the handler's schema before it runs. */
  payload: string;
  /** The attempt this claim is (1-based); also the fencing token. */
  attempt: number;
  maxAttempts: number;
  runAt: number;
  workerId: string;
}

export interface ClaimOptions {
  workerId: string;
  now: number;
  limit: number;
  leaseMs: number;
  /**
   * Move running rows whose lease expired on their final attempt to the dead letter first
   * (default true). Skipping it is always safe — such rows are never claimed again — and saves
   * a statement per claim; the worker sweeps at most once a second.
   */
  sweepExpired?: boolean;
}

const maxErrorLength = 4000;

/**
 * Claims up to `limit` due jobs, oldest run_at first: pending rows with run_at ≤ now, and
 * running rows whose lease expired (their worker died or hung) — that is how a dead process's
 * job is retried. One UPDATE … RETURNING: on PostgreSQL its subquery takes row locks with
 * SKIP LOCKED so concurrent nodes claim disjoint rows, and the outer WHERE repeats the due
 * condition so a row another node claimed and committed meanwhile is re-checked and dropped.
 * On SQLite the statement is its own write transaction (SQLite has one writer at a time).
 *
 * Before that, a running row whose lease expired on its final attempt goes to the dead letter
 * instead of running once more than allowed.
 */
export async function claimDue(db: Kysely<DB>, kind: DialectKind, opts: ClaimOptions): Promise<Claim[]> {
  const { workerId, now, limit, leaseMs } = opts;
  if (limit <= 0) return [];
  if (opts.sweepExpired !== false) await sweepExpired(db, now);
  return claimRows(db, kind, workerId, now, limit, leaseMs);
}

/** Running rows whose lease expired on their final attempt → dead (see claimDue). */
export async function sweepExpired(db: Kysely<DB>, now: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: 'dead',
      locked_until: null,
      last_error: 'lease expired on the final attempt (worker died or hung)',
      finished_at: now,
      updated_at: now,
    })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .execute();
}

async function claimRows(
  db: Kysely<DB>,
  kind: DialectKind,
  workerId: string,
  now: number,
  limit: number,
  leaseMs: number,
): Promise<Claim[]> {
  const rows = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: workerId,
      locked_until: now + leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where((eb) =>
      eb.and([
        inClaimSubquery(
          kind,
          eb,
          'id',
          eb
            .selectFrom('jobs')
            .select('id')
            .where((w) => dueCondition(w, now))
            .orderBy('run_at')
            .orderBy('id')
            .limit(limit),
        ),
        dueCondition(eb, now),
      ]),
    )
    .returning(['id', 'name', 'payload', 'attempts', 'max_attempts', 'run_at'])
    .execute();

  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      payload: r.payload,
      attempt: r.attempts,
      maxAttempts: r.max_attempts,
      runAt: r.run_at,
      workerId,
    }))
    .sort((a, b) => a.runAt - b.runAt || (a.id < b.id ? -1 : 1));
}

/**
 * Due: pending and its time has come, or running under a lease that has expired with attempts
 * left (one without is the dead letter's, whether or not the sweep has moved it yet).
 */
function dueCondition(eb: ExpressionBuilder<DB, 'jobs'>, now: number): Expression<SqlBool> {
  return eb.or([
    eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
    eb.and([
      eb('status', '=', 'running'),
      eb('locked_until', '<', now),
      eb('attempts', '<', eb.ref('max_attempts')),
    ]),
  ]);
}

/** The WHERE that proves `claim` still owns its row (see the lease invariant above). */
function owned(claim: Claim) {
  return (eb: ExpressionBuilder<DB, 'jobs'>): Expression<SqlBool> =>
    eb.and([
      eb('id', '=', claim.id),
      eb('status', '=', 'running'),
      eb('locked_by', '=', claim.workerId),
      eb('attempts', '=', claim.attempt),
    ]);
}

/**
 * Marks the job done, only if the claim still owns it. A claim whose lease expired but that
 * nobody re-claimed still owns the row and may finish it (the work was done; re-running it
 * would only repeat it). Returns false when the job was taken over: the result is dropped.
 */
export async function complete(db: Kysely<DB>, claim: Claim, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'done', locked_until: null, finished_at: now, updated_at: now })
    .where(owned(claim))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export interface FailOptions {
  now: number;
  error: string;
  /** Delay before the next attempt. */
  retryInMs: number;
  /** Skip the remaining attempts (the handler said retrying cannot help). */
  permanent?: boolean;
}

export type FailOutcome = 'retry' | 'dead' | 'lost';

/**
 * Records a failed attempt: back to pending at now + retryInMs, or to the dead letter when the
 * attempts are used up (or the failure is permanent). 'lost' when the claim no longer owns
 * the job, in which case nothing changes.
 */
export async function fail(db: Kysely<DB>, claim: Claim, opts: FailOptions): Promise<FailOutcome> {
  const { now } = opts;
  const dead = opts.permanent === true || claim.attempt >= claim.maxAttempts;
  const lastError = opts.error.slice(0, maxErrorLength);
  const r = await db
    .updateTable('jobs')
    .set(
      dead
        ? { status: 'dead', locked_until: null, last_error: lastError, finished_at: now, updated_at: now }
        : {
            status: 'pending',
            run_at: now + Math.max(0, Math.round(opts.retryInMs)),
            locked_by: null,
            locked_until: null,
            last_error: lastError,
            updated_at: now,
          },
    )
    .where(owned(claim))
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) return 'lost';
  return dead ? 'dead' : 'retry';
}

/** Pushes the claim's lease to `until` (heartbeat). False when the claim lost the job. */
export async function extendLease(
  db: Kysely<DB>,
  claim: Claim,
  until: number,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ locked_until: until, updated_at: now })
    .where(owned(claim))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** The earliest run_at of a pending job (possibly in the past), or null: how long to sleep. */
export async function nextRunAt(db: Kysely<DB>): Promise<number | null> {
  const r = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r?.next ?? null;
}

export interface JobStats {
  /** Pending jobs that are due now. */
  depth: number;
  /** now − the oldest due run_at, 0 when nothing is due: how late the queue runs. */
  lagMs: number;
  running: number;
  dead: number;
}

/** Queue health for metrics. Reads only the status-led indexes, never finished rows. */
export async function stats(db: Kysely<DB>, now: number): Promise<JobStats> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.min('run_at').as('oldest')])
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['running', 'dead']),
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
      ]),
    )
    .groupBy('status')
    .execute();
  const out: JobStats = { depth: 0, lagMs: 0, running: 0, dead: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.status === 'pending') {
      out.depth = n;
      out.lagMs = r.oldest === null ? 0 : Math.max(0, now - Number(r.oldest));
    } else if (r.status === 'running') out.running = n;
    else if (r.status === 'dead') out.dead = n;
  }
  return out;
}

export interface ListJobsOptions {
  status?: JobStatus;
  name?: string;
  limit: number;
  /** The last id of the previous page. */
  cursor?: string;
}

/** Newest first (ids are time-ordered), keyset-paginated by id: e.g. the dead-letter view. */
export async function listJobs(
  db: Kysely<DB>,
  opts: ListJobsOptions,
): Promise<{ jobs: JobRow[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('jobs')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(opts.limit + 1);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.name) q = q.where('name', '=', opts.name);
  if (opts.cursor) q = q.where('id', '<', opts.cursor);
  const rows = await q.execute();
  const more = rows.length > opts.limit;
  const jobs = more ? rows.slice(0, opts.limit) : rows;
  return { jobs, nextCursor: more ? (jobs[jobs.length - 1]?.id ?? null) : null };
}

export async function getJob(db: Kysely<DB>, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Re-drives a dead job: pending now, with a fresh set of attempts. last_error is kept until the
 * next failure, so people can still see why it died. False when the job is not dead.
 */
export async function retryDead(db: Kysely<DB>, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({
      status: 'pending',
      run_at: now,
      attempts: 0,
      locked_by: null,
      locked_until: null,
      finished_at: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export interface Retention {
  /** done and cancelled rows; default 7 days. */
  finishedMs: number;
  /** dead rows, kept longer so people can see and re-drive them; default 30 days. */
  deadMs: number;
}

export const defaultRetention: Retention = Object.freeze({
  finishedMs: 7 * 86_400_000,
  deadMs: 30 * 86_400_000,
});

/**
 * Deletes final rows past retention, in batches so no statement holds the table for long.
 * Served by the (status, finished_at) index. Returns how many rows went.
 */
export async function purgeFinished(
  db: Kysely<DB>,
  now: number,
  retention: Retention = defaultRetention,
  batchSize = 1000,
): Promise<number> {
  const rules: [JobStatus, number][] = [
    ['done', now - retention.finishedMs],
    ['cancelled', now - retention.finishedMs],
    ['dead', now - retention.deadMs],
  ];
  let total = 0;
  for (const [status, before] of rules) {
    for (;;) {
      const r = await db
        .deleteFrom('jobs')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where('status', '=', status)
            .where('finished_at', '<', before)
            .limit(batchSize),
        )
        .executeTakeFirst();
      const n = Number(r.numDeletedRows);
      total += n;
      if (n < batchSize) break;
    }
  }
  return total;
}
