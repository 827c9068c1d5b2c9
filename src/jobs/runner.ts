import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { defaultBackoff } from './backoff.js';
import { complete, extendLease, fail, type Claim } from './jobs.repository.js';
import { PermanentJobError, type JobContext, type JobDefinition, type JobRegistry } from './registry.js';

export interface RunnerDeps {
  db: Db;
  registry: JobRegistry;
  clock: Clock;
  logger: Logger;
  /** The lease the claim was taken with; a job whose own leaseMs differs is re-leased at once. */
  claimLeaseMs: number;
  /** Aborted when the worker gives up waiting at stop: the attempt is abandoned to its lease. */
  shutdown: AbortSignal;
}

export type RunOutcome = 'done' | 'retry' | 'dead' | 'lost' | 'abandoned';

class Abandon extends Error {
  constructor(
    readonly outcome: 'lost' | 'timeout' | 'abandoned',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs one claimed job to an outcome and records it. Never throws and never rejects: an unknown
 * name, an invalid payload, a handler error or a database error all end as a logged outcome, so
 * no job can crash the worker. Real timers here measure how long a handler has run (heartbeat,
 * timeout); when a job is due is decided by the injected clock alone.
 */
export async function runClaim(deps: RunnerDeps, claim: Claim): Promise<RunOutcome> {
  const log = deps.logger.child({ job: claim.name, jobId: claim.id, attempt: claim.attempt });
  const def = deps.registry.get(claim.name);
  try {
    // An unknown name is retried with backoff, not dropped: during a rolling deploy an old node
    // can claim a job only the new code knows. So is a payload that fails today's schema.
    if (!def) return await failed(deps, claim, log, 'unknown job name', defaultBackoff(claim.attempt));
    const parsed = parsePayload(def, claim.payload);
    const retryIn = retryDelay(def, claim.attempt);
    if (!parsed.ok) return await failed(deps, claim, log, `invalid payload: ${parsed.error}`, retryIn);
    return await execute(deps, def, claim, parsed.value, log);
  } catch (err) {
    // Only the database can land here (down, or the connection lost). The lease then expires
    // and the job runs again: at least once.
    log.error({ err }, 'job bookkeeping failed; it runs again when its lease expires');
    return 'lost';
  }
}

function parsePayload(
  def: JobDefinition,
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  const r = def.payload.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error.message };
}

async function execute(
  deps: RunnerDeps,
  def: JobDefinition,
  claim: Claim,
  payload: unknown,
  log: Logger,
): Promise<RunOutcome> {
  const { db, clock } = deps;
  const controller = new AbortController();
  let settled = false;
  let abandon: (reason: Abandon) => void = () => undefined;
  const abandoned = new Promise<never>((_, reject) => {
    abandon = (reason) => {
      if (!controller.signal.aborted) controller.abort(reason);
      reject(reason);
    };
  });
  abandoned.catch(() => undefined);

  if (def.leaseMs !== deps.claimLeaseMs) {
    if (!(await extendLease(db, claim, clock.now() + def.leaseMs, clock.now()))) {
      log.warn('lease lost before the handler started');
      return 'lost';
    }
  }
  // Set by ctx.completeIn: whether the handler's transaction marked the row done (false: the
  // claim no longer owned it).
  let completedIn: boolean | null = null;
  const heartbeat = setInterval(
    () => {
      extendLease(db, claim, clock.now() + def.leaseMs, clock.now()).then(
        (ok) => {
          if (!ok && !settled && completedIn === null)
            abandon(new Abandon('lost', 'lease lost to another worker'));
        },
        (err: unknown) => log.warn({ err }, 'heartbeat failed; will retry'),
      );
    },
    Math.max(10, Math.floor(def.leaseMs / 3)),
  );
  const timeout = setTimeout(
    () => abandon(new Abandon('timeout', `timed out after ${def.timeoutMs} ms`)),
    def.timeoutMs,
  );
  const onShutdown = (): void =>
    abandon(new Abandon('abandoned', 'worker stopped before the handler finished'));
  deps.shutdown.addEventListener('abort', onShutdown);

  const ctx: JobContext = {
    jobId: claim.id,
    jobName: claim.name,
    attempt: claim.attempt,
    maxAttempts: claim.maxAttempts,
    key: `${claim.name}:${claim.id}`,
    attemptKey: `job:${claim.id}:attempt:${claim.attempt}`,
    clock,
    logger: log,
    db,
    signal: controller.signal,
    completeIn: async (trx) => {
      completedIn = await complete(trx, claim, clock.now());
    },
  };
  let failure: { err: unknown } | null = null;
  try {
    // Promise.resolve().then: a handler that throws synchronously is an ordinary failure.
    const run = Promise.resolve().then(() => def.handler(payload, ctx));
    run.catch(() => undefined); // if abandoned, its late rejection must not crash the process
    await Promise.race([run, abandoned]);
  } catch (err) {
    failure = { err };
  } finally {
    settled = true;
    clearInterval(heartbeat);
    clearTimeout(timeout);
    deps.shutdown.removeEventListener('abort', onShutdown);
  }

  if (failure === null) {
    if (completedIn ?? (await complete(db, claim, clock.now()))) {
      log.debug('job done');
      return 'done';
    }
    log.warn('job finished but its lease was taken over; result dropped (the job ran twice)');
    return 'lost';
  }
  const { err } = failure;
  if (err instanceof Abandon) {
    if (err.outcome === 'timeout')
      return failed(deps, claim, log, err.message, retryDelay(def, claim.attempt));
    log.warn(err.message);
    return err.outcome;
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return failed(deps, claim, log, message, retryDelay(def, claim.attempt), err instanceof PermanentJobError);
}

async function failed(
  deps: RunnerDeps,
  claim: Claim,
  log: Logger,
  error: string,
  retryInMs: number,
  permanent = false,
): Promise<RunOutcome> {
  const outcome = await fail(deps.db, claim, { now: deps.clock.now(), error, retryInMs, permanent });
  if (outcome === 'dead') log.error({ error }, 'job failed for good; moved to the dead letter');
  else if (outcome === 'retry') log.warn({ error, retryInMs }, 'job failed; will retry');
  else log.warn({ error }, 'job failed but its lease was taken over; outcome dropped');
  return outcome;
}

/** The definition's backoff, guarded: a throwing or non-finite backoff falls back to the default. */
function retryDelay(def: JobDefinition, attempt: number): number {
  try {
    const ms = def.backoff(attempt);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  } catch {
    // fall through
  }
  return defaultBackoff(attempt);
}
