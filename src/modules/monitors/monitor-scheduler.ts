import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { inClaimSubquery, kindOfDb } from '../../db/dialect.js';
import { prepared } from '../../db/prepared.js';
import type { Clock } from '../../lib/clock.js';
import type { EventBus } from '../../lib/events.js';
import type { Logger } from '../../lib/logger.js';
import { checkerFor, degradeIfSlow, type CheckResult, type TargetPolicy } from './checkers/index.js';
import { elapsedMs, errorText } from './checkers/checker.js';
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
  /**
   * How often due monitors are claimed while checks are running (default 200 ms): one claim per
   * tick takes everything due by then, instead of a claim per finished check.
   */
  claimEveryMs?: number;
  /** Results are committed in batches gathered for at most this long (default 100 ms)… */
  writeEveryMs?: number;
  /** …or as soon as this many wait (default 500). */
  writeBatch?: number;
  nodeId?: string;
}

/** Claims due, unleased, unpaused monitors (oldest due first) for this node; built once (prepared). */
const claimDue = prepared((db, p: { nodeId: string; leaseMs: number; now: number; limit: number }) =>
  db
    .updateTable('monitors')
    .set({
      locked_by: p.nodeId,
      // bigint on both sides: PostgreSQL would type a bare parameter beside an integer as integer.
      locked_until: sql<number>`timeout_ms + cast(${p.leaseMs} as bigint)`,
    })
    .where((eb) =>
      eb.and([
        inClaimSubquery(
          kindOfDb(db),
          eb,
          'id',
          eb
            .selectFrom('monitors')
            .select('id')
            .where('paused', '=', 0)
            .where('next_check_at', '<=', p.now)
            .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', p.now)]))
            .orderBy('next_check_at')
            .limit(p.limit),
        ),
        // Re-checked against a row another node claimed and committed meanwhile (PostgreSQL).
        eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', p.now)]),
      ]),
    )
    .returningAll(),
);

const earliestDue = prepared((db, p: { paused: number }) =>
  db
    .selectFrom('monitors')
    .select((eb) => eb.fn.min('next_check_at').as('next'))
    .where('paused', '=', p.paused),
);

interface InFlight {
  /** After this (performance.now()), the check is given up as down (a checker that never settles). */
  giveUpAt: number;
  settle(result: CheckResult): void;
}

export class MonitorScheduler {
  readonly nodeId: string;
  readonly #o: Required<Omit<MonitorSchedulerOptions, 'nodeId'>>;
  #inFlight = 0;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  /** The loop waits for free concurrency: a finished check wakes it once half the slots are free. */
  #held = false;
  readonly #abort = new AbortController();
  readonly #checks = new Set<Promise<void>>();
  readonly #watch = new Set<InFlight>();
  #watchdog: NodeJS.Timeout | null = null;
  #pending: CheckOutcome[] = [];
  #flushing: Promise<void> | null = null;
  #flushTimer: NodeJS.Timeout | null = null;
  /**
   * Parsed config per monitor, kept while its stored JSON is unchanged: the checker registry
   * validates a config object once (by identity), so a fresh JSON.parse per check would
   * re-validate it every time.
   */
  readonly #configs = new Map<string, { raw: string; parsed: unknown }>();

  constructor(options: MonitorSchedulerOptions) {
    this.nodeId = options.nodeId ?? `monitors-${randomUUID()}`;
    this.#o = {
      concurrency: 200,
      batchSize: 200,
      leaseMarginMs: 30_000,
      maxSleepMs: 1000,
      claimEveryMs: 200,
      writeEveryMs: 100,
      writeBatch: 500,
      ...options,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#watchdog = setInterval(() => this.#giveUpOverdue(), 1000);
    this.#watchdog.unref();
    this.#loop = this.#run();
  }

  /** Stops claiming, aborts checks in flight and waits for their results to be written. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#abort.abort();
    if (this.#watchdog) clearInterval(this.#watchdog);
    this.#watchdog = null;
    await this.idle();
  }

  /** Resolves when every started check has finished and its result is committed. */
  async idle(): Promise<void> {
    while (this.#checks.size || this.#flushing || this.#pending.length) {
      await Promise.all([...this.#checks]);
      if (this.#pending.length) this.#flush();
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
    const { rows } = await claimDue(database.db, {
      nodeId: this.nodeId,
      leaseMs: now + this.#o.leaseMarginMs,
      now,
      limit,
    });
    return rows;
  }

  #start(m: MonitorRow): void {
    this.#inFlight++;
    const p = this.#check(m)
      .then((result) => {
        this.#pending.push({ monitor: m, result, at: this.#o.clock.now() });
        this.#scheduleFlush();
      })
      .finally(() => {
        this.#inFlight--;
        this.#checks.delete(p);
        if (this.#held && this.#inFlight <= this.#o.concurrency / 2) this.#wake?.();
      });
    this.#checks.add(p);
  }

  #config(m: MonitorRow): unknown {
    let c = this.#configs.get(m.id);
    if (c?.raw !== m.config) {
      if (this.#configs.size >= 100_000) this.#configs.clear();
      c = { raw: m.config, parsed: JSON.parse(m.config) };
      this.#configs.set(m.id, c);
    }
    return c.parsed;
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
    // Each checker keeps its own timeout; a check still running a second past it is given up by
    // the watchdog (a checker bug must not hold a slot for ever). Shutdown aborts them all.
    const started = performance.now();
    const result = await new Promise<CheckResult>((resolve) => {
      const entry: InFlight = {
        giveUpAt: started + m.timeout_ms + 1000,
        settle: (r) => {
          this.#watch.delete(entry);
          resolve(r);
        },
      };
      this.#watch.add(entry);
      checker
        .check(this.#config(m), {
          timeoutMs: m.timeout_ms,
          signal: this.#abort.signal,
          now: () => this.#o.clock.now(),
          targets: this.#o.targets,
        })
        .then(entry.settle, (err: unknown) =>
          entry.settle({ status: 'down', latencyMs: elapsedMs(started), message: errorText(err) }),
        );
    });
    return degradeIfSlow(result, m.degraded_above_ms ?? undefined);
  }

  #giveUpOverdue(): void {
    const now = performance.now();
    for (const entry of this.#watch) {
      if (entry.giveUpAt <= now)
        entry.settle({
          status: 'down',
          latencyMs: 0,
          message: 'the check did not finish within its timeout',
        });
    }
  }

  #scheduleFlush(): void {
    if (this.#flushing) return; // the drain picks them up when it finishes
    if (this.#pending.length >= this.#o.writeBatch) this.#flush();
    else this.#flushTimer ??= setTimeout(() => this.#flush(), this.#o.writeEveryMs);
  }

  #flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#flushing ??= this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length) {
        const batch = this.#pending.splice(0, this.#o.writeBatch);
        try {
          await writeResults(this.#o.database.db, this.#o.clock, this.#o.events, this.nodeId, batch);
        } catch (err) {
          // The leases expire and the checks run again; nothing is half written (one transaction).
          this.#o.logger.error({ err, size: batch.length }, 'monitor results batch failed');
        }
        // A short queue waits to gather more (the next timer); a full one is written at once.
        if (this.#pending.length < this.#o.writeBatch) break;
      }
    } finally {
      this.#flushing = null;
      if (this.#pending.length) this.#scheduleFlush();
    }
  }

  async #run(): Promise<void> {
    const { concurrency, batchSize, claimEveryMs, maxSleepMs } = this.#o;
    while (this.#running) {
      const free = Math.min(batchSize, concurrency - this.#inFlight);
      let claimed = 0;
      try {
        claimed = await this.tick();
      } catch (err) {
        this.#o.logger.error({ err }, 'monitor claim failed');
      }
      if (!this.#running) break;
      // A full claim with slots to spare: more may be due, claim again at once.
      if (free > 0 && claimed === free && this.#inFlight < concurrency) continue;
      let sleep: number;
      if (free <= 0 || claimed === free) {
        // Held by the concurrency limit: a finished check wakes the loop once half are free.
        this.#held = true;
        sleep = maxSleepMs;
      } else if (claimed > 0) sleep = claimEveryMs;
      else sleep = await this.#untilNextDue();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, sleep);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#wake = done;
      });
      this.#wake = null;
      this.#held = false;
    }
  }

  /**
   * Nothing was due: milliseconds until the earliest unpaused monitor is, at least claimEveryMs (a
   * due monitor still leased by a check in flight would otherwise make it 0) and at most maxSleepMs.
   */
  async #untilNextDue(): Promise<number> {
    const { claimEveryMs, maxSleepMs } = this.#o;
    try {
      const { rows } = await earliestDue(this.#o.database.db, { paused: 0 });
      const next = rows[0]?.next == null ? Infinity : Number(rows[0].next);
      return Math.max(claimEveryMs, Math.min(maxSleepMs, next - this.#o.clock.now()));
    } catch {
      return maxSleepMs;
    }
  }
}
