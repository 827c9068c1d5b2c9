import { hostname } from 'node:os';
import type { Database } from '../db/database.js';
import { listenChannel, type ChannelListener } from '../db/dialect.js';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { claimDue, nextRunAt, type Claim } from './jobs.repository.js';
import type { JobRegistry } from './registry.js';
import { runClaim, type RunOutcome } from './runner.js';
import { jobsChannel, onJobEnqueued } from './signal.js';

export interface JobWorkerOptions {
  database: Database;
  registry: JobRegistry;
  clock: Clock;
  logger: Logger;
  /** Unique per process; default `<host>:<pid>:<random>`. Recorded in locked_by. */
  workerId?: string;
  /** Jobs run at once; default 4. */
  concurrency?: number;
  /** Longest sleep between polls; default 1000 ms (the lateness bound when no wake arrives). */
  maxSleepMs?: number;
  /** Lease taken at claim; default 60 000 ms. A job with its own leaseMs is re-leased at start. */
  leaseMs?: number;
  /**
   * PostgreSQL only: the database URL for a dedicated LISTEN connection, so a job enqueued on
   * another node wakes this one at once instead of at its next poll. Without it, polling only.
   */
  listenUrl?: string;
}

/** How long a wake-up waits, while most slots are busy, to claim several jobs at once. */
const gatherMs = 3;

/** How often claims also sweep expired final attempts to the dead letter. */
const sweepEveryMs = 1000;

export interface StopOptions {
  /**
   * Give up waiting for running handlers after this long; their jobs are abandoned to their
   * leases and run again elsewhere. Default: wait as long as they take.
   */
  timeoutMs?: number;
}

/**
 * Claims due jobs and runs them. Due-ness always comes from the injected clock; real timers
 * only pace the sleep between polls. The loop sleeps until the earliest run_at, capped at
 * maxSleepMs, and wakes early on wake(), on an enqueue in this process, on a PostgreSQL NOTIFY
 * from another node, and when a slot frees. Several workers (processes or nodes) may share a
 * database: claims are leased, so each job runs once per claim and a dead worker's jobs are
 * claimed again when their leases expire.
 */
export class JobWorker {
  readonly workerId: string;
  readonly #o: Required<Omit<JobWorkerOptions, 'workerId' | 'listenUrl'>> & { listenUrl?: string };
  readonly #inFlight = new Set<Promise<RunOutcome>>();
  #shutdown = new AbortController();
  #loop: Promise<void> | null = null;
  #stopping = false;
  #sleep: { wakeAt: number; done: () => void } | null = null;
  #wakePending = false;
  #unsubscribe: (() => void) | null = null;
  #listener: ChannelListener | null = null;
  /** A wake-up put off to gather freed slots and new jobs into one claim (see #wakeSoon). */
  #gather: NodeJS.Timeout | null = null;
  /** When the last claim swept expired final attempts to the dead letter (see claimDue). */
  #sweptAt = -Infinity;

  constructor(options: JobWorkerOptions) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomToken(4)}`;
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be ≥ 1');
    this.#o = {
      database: options.database,
      registry: options.registry,
      clock: options.clock,
      logger: options.logger.child({ component: 'jobs', workerId: this.workerId }),
      concurrency,
      maxSleepMs: options.maxSleepMs ?? 1000,
      leaseMs: options.leaseMs ?? 60_000,
      ...(options.listenUrl ? { listenUrl: options.listenUrl } : {}),
    };
  }

  /** Jobs currently running in this worker. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** True while the loop sleeps with nothing running (for health checks and tests). */
  get idle(): boolean {
    return this.#sleep !== null && this.#inFlight.size === 0;
  }

  /** Starts the polling loop (and LISTEN on PostgreSQL when listenUrl is set). */
  async start(): Promise<void> {
    if (this.#loop) throw new Error('worker already started');
    this.#stopping = false;
    this.#shutdown = new AbortController();
    this.#unsubscribe = onJobEnqueued((runAt) => this.#onEnqueued(runAt));
    const { database, listenUrl, logger } = this.#o;
    if (database.kind === 'postgres' && listenUrl) {
      try {
        this.#listener = await listenChannel(
          listenUrl,
          jobsChannel,
          () => this.wake(),
          (err) => logger.warn({ err }, 'job LISTEN connection failed; reconnecting, polling meanwhile'),
        );
      } catch (err) {
        logger.warn({ err }, 'could not LISTEN for jobs; polling only');
      }
    }
    this.#loop = this.#run();
  }

  /**
   * Graceful stop: claims nothing more, waits for running handlers to record their outcome,
   * then resolves. Safe to call twice, and without start().
   */
  async stop(options: StopOptions = {}): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    this.#loop = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await this.#listener?.close();
    this.#listener = null;
    const all = Promise.all(this.#inFlight);
    if (options.timeoutMs === undefined) {
      await all;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.#o.logger.warn(
        { running: this.#inFlight.size },
        'stop timed out; abandoning running jobs to their leases',
      );
      this.#shutdown.abort();
      await all;
    }
  }

  /**
   * One claim-and-run round for the free slots, awaiting the handlers. Returns how many jobs
   * ran. Tests drive a worker with a FakeClock through this, without start().
   */
  async runDue(): Promise<number> {
    const claims = await this.#claim();
    await Promise.all(claims.map((c) => this.#launch(c)));
    return claims.length;
  }

  /** Ends the current sleep now (or the next one at once, if the loop is busy). */
  wake(): void {
    if (this.#gather) {
      clearTimeout(this.#gather);
      this.#gather = null;
    }
    const sleep = this.#sleep;
    if (sleep) {
      this.#sleep = null;
      sleep.done();
    } else {
      this.#wakePending = true;
    }
  }

  #onEnqueued(runAt: number): void {
    // A job due after the planned wake-up changes nothing; that wake-up re-reads nextRunAt.
    if (this.#sleep && runAt >= this.#sleep.wakeAt) return;
    this.#wakeSoon();
  }

  /**
   * Wakes the loop for a freed slot or a new job: at once while at least half the slots are free
   * (or nothing runs), else after gatherMs, so that in a burst the slots freed and the jobs
   * enqueued meanwhile are claimed together, one claim statement for several jobs rather than one
   * each. The delay is a few milliseconds and only while the worker is busy anyway.
   */
  #wakeSoon(): void {
    const running = this.#inFlight.size;
    if (running === 0 || (this.#o.concurrency - running) * 2 >= this.#o.concurrency) {
      this.wake();
      return;
    }
    this.#gather ??= setTimeout(() => {
      this.#gather = null;
      this.wake();
    }, gatherMs);
  }

  async #claim(): Promise<Claim[]> {
    const free = this.#o.concurrency - this.#inFlight.size;
    if (free <= 0 || this.#stopping) return [];
    const { database, clock, leaseMs } = this.#o;
    const now = clock.now();
    // The sweep is a statement of its own; a burst of claims needs it once, not per claim.
    const sweep = now - this.#sweptAt >= sweepEveryMs || now < this.#sweptAt;
    const claims = await claimDue(database.db, database.kind, {
      workerId: this.workerId,
      now,
      limit: free,
      leaseMs,
      sweepExpired: sweep,
    });
    if (sweep) this.#sweptAt = now;
    return claims;
  }

  /** Runs a claim in a slot; the slot frees (and wakes the loop) when its outcome is recorded. */
  #launch(claim: Claim): Promise<RunOutcome> {
    const { database, registry, clock, logger, leaseMs } = this.#o;
    const p = runClaim(
      { db: database.db, registry, clock, logger, claimLeaseMs: leaseMs, shutdown: this.#shutdown.signal },
      claim,
    ).finally(() => {
      this.#inFlight.delete(p);
      this.#wakeSoon();
    });
    this.#inFlight.add(p);
    return p;
  }

  async #run(): Promise<void> {
    const { maxSleepMs, logger, clock, database } = this.#o;
    let failures = 0;
    while (!this.#stopping) {
      let sleepMs = maxSleepMs;
      try {
        const claims = await this.#claim();
        for (const c of claims) void this.#launch(c);
        failures = 0;
        if (claims.length > 0) continue; // more may be due; the next round finds out
        if (this.#inFlight.size < this.#o.concurrency) {
          const next = await nextRunAt(database.db);
          // A due job we could not claim is being claimed elsewhere: re-poll soon, not in a spin.
          if (next !== null) sleepMs = Math.min(maxSleepMs, Math.max(10, next - clock.now()));
        }
      } catch (err) {
        failures++;
        sleepMs = Math.min(30_000, maxSleepMs * 2 ** Math.min(failures, 5));
        logger.error({ err, retryInMs: sleepMs }, 'job polling failed');
      }
      await this.#sleepFor(sleepMs);
    }
  }

  #sleepFor(ms: number): Promise<void> {
    if (this.#wakePending || this.#stopping) {
      this.#wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleep = null;
        resolve();
      }, ms);
      this.#sleep = {
        wakeAt: this.#o.clock.now() + ms,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }
}
