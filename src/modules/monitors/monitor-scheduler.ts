import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { inClaimSubquery } from '../../db/dialect.js';
import type { Clock } from '../../lib/clock.js';
import type { EventBus } from '../../lib/events.js';
import type { Logger } from '../../lib/logger.js';
import { checkerFor, degradeIfSlow, type CheckResult, type TargetPolicy } from './checkers/index.js';
import { writeResults, type CheckOutcome } from './monitor-writer.js';
import type { MonitorRow } from './monitors.repository.js';

/**
 * Runs due checks (docs/monitors.md "Scheduling"). The monitor row is the durable timer:
 * `next_check_at` says when it is due; a claim sets `locked_by`/`locked_until` (on PostgreSQL
 * with FOR UPDATE SKIP LOCKED, so several nodes share the work without overlap). Results go to a
 * group-commit writer that records results, rollups, the new state and the alert events of any
 * transition in one transaction per batch and releases the lease. A node that dies mid-check
 * leaves a lease that expires; another node then claims the monitor. No job row per check.
 */

export interface MonitorSchedulerOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  targets: TargetPolicy;
  /** Checks in flight at once on this node (default 200). */
  concurrency?: number;
  /** Monitors claimed per query (default 200). */
  batchSize?: number;
  /** Lease beyond the check's own timeout (default 30 s). */
  leaseMarginMs?: number;
  /** Longest sleep between claims (default 1 s). */
  maxSleepMs?: number;
  nodeId?: string;
}

export class MonitorScheduler {
  readonly nodeId: string;
  readonly #o: Required<Omit<MonitorSchedulerOptions, 'nodeId'>>;
  #inFlight = 0;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  readonly #abort = new AbortController();
  readonly #checks = new Set<Promise<void>>();
  #pending: CheckOutcome[] = [];
  #flushing: Promise<void> | null = null;

  constructor(options: MonitorSchedulerOptions) {
    this.nodeId = options.nodeId ?? `monitors-${randomUUID()}`;
    this.#o = { concurrency: 200, batchSize: 200, leaseMarginMs: 30_000, maxSleepMs: 1000, ...options };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops claiming, aborts checks in flight and waits for their results to be written. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#abort.abort();
    await this.idle();
  }

  /** Resolves when every started check has finished and its result is committed. */
  async idle(): Promise<void> {
    while (this.#checks.size || this.#flushing || this.#pending.length) {
      await Promise.all([...this.#checks]);
      if (this.#pending.length && !this.#flushing) this.#flush();
      await this.#flushing;
    }
  }

  /**
   * Claims what is due now (up to the free concurrency) and starts those checks; returns how many.
   * Tests call it with a fake clock, then `idle()`.
   */
  async tick(): Promise<number> {
    const free = Math.min(this.#o.batchSize, this.#o.concurrency - this.#inFlight);
    if (free <= 0) return 0;
    const claimed = await this.#claim(free);
    for (const m of claimed) this.#start(m);
    return claimed.length;
  }

  async #claim(limit: number): Promise<MonitorRow[]> {
    const { database, clock } = this.#o;
    const now = clock.now();
    const db = database.db;
    return db
      .updateTable('monitors')
      .set({
        locked_by: this.nodeId,
        // bigint on both sides: PostgreSQL would type a bare parameter beside an integer as integer.
        locked_until: sql<number>`timeout_ms + cast(${now + this.#o.leaseMarginMs} as bigint)`,
      })
      .where((eb) =>
        eb.and([
          inClaimSubquery(
            database.kind,
            eb,
            'id',
            eb
              .selectFrom('monitors')
              .select('id')
              .where('paused', '=', 0)
              .where('next_check_at', '<=', now)
              .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', now)]))
              .orderBy('next_check_at')
              .limit(limit),
          ),
          // Re-checked against a row another node claimed and committed meanwhile (PostgreSQL).
          eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]),
        ]),
      )
      .returningAll()
      .execute();
  }

  #start(m: MonitorRow): void {
    this.#inFlight++;
    const p = this.#check(m)
      .then((result) => {
        this.#pending.push({ monitor: m, result, at: this.#o.clock.now() });
        this.#flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.#drain());
      })
      .finally(() => {
        this.#inFlight--;
        this.#checks.delete(p);
        this.#wake?.();
      });
    this.#checks.add(p);
  }

  async #check(m: MonitorRow): Promise<CheckResult> {
    if (m.type === 'heartbeat') {
      // Claimed only once its deadline passed without a ping (a ping moves next_check_at).
      const since =
        m.last_ping_at === null
          ? 'no ping yet'
          : `last ping ${new Date(Number(m.last_ping_at)).toISOString()}`;
      return { status: 'down', latencyMs: 0, message: `heartbeat late: ${since}` };
    }
    const checker = checkerFor(m.type);
    if (!checker) return { status: 'down', latencyMs: 0, message: `no checker for type ${m.type}` };
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(m.timeout_ms + 1000)]);
    const result = await checker.check(JSON.parse(m.config), {
      timeoutMs: m.timeout_ms,
      signal,
      now: () => this.#o.clock.now(),
      targets: this.#o.targets,
    });
    return degradeIfSlow(result, m.degraded_above_ms ?? undefined);
  }

  #flush(): void {
    this.#flushing ??= this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length) {
        const batch = this.#pending.splice(0, 500);
        try {
          await writeResults(this.#o.database.db, this.#o.clock, this.#o.events, this.nodeId, batch);
        } catch (err) {
          // The leases expire and the checks run again; nothing is half written (one transaction).
          this.#o.logger.error({ err, size: batch.length }, 'monitor results batch failed');
        }
      }
    } finally {
      this.#flushing = null;
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let claimed = 0;
      try {
        claimed = await this.tick();
      } catch (err) {
        this.#o.logger.error({ err }, 'monitor claim failed');
      }
      if (claimed > 0 && this.#inFlight < this.#o.concurrency) continue;
      const sleep = claimed > 0 ? this.#o.maxSleepMs : await this.#untilNextDue();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, sleep);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#wake = done;
      });
      this.#wake = null;
    }
  }

  /** Milliseconds until the earliest unpaused monitor is due, capped at maxSleepMs. */
  async #untilNextDue(): Promise<number> {
    try {
      const row = await this.#o.database.db
        .selectFrom('monitors')
        .select((eb) => eb.fn.min('next_check_at').as('next'))
        .where('paused', '=', 0)
        .executeTakeFirst();
      const next = row?.next == null ? Infinity : Number(row.next);
      return Math.max(5, Math.min(this.#o.maxSleepMs, next - this.#o.clock.now()));
    } catch {
      return this.#o.maxSleepMs;
    }
  }
}
