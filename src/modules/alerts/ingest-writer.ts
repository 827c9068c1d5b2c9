import type { Database, Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { PendingEvents, type EventBus } from '../../lib/events.js';
import type { Logger } from '../../lib/logger.js';
import type { AlertEventsTable } from './alerts.table.js';
import type { NormalizedEvent } from './formats/index.js';
import { touchGranularityMs } from '../incidents/index.js';
import { insertAlertEvents } from './alert-event-chain.js';
import { alertRulesFor } from './alert-rules.cache.js';
import { refreshRepeats } from './batch-refresh.js';
import { applyEvents, touchIntegrations, type EventResult, type IngestTarget } from './pipeline.js';

interface Item {
  target: IngestTarget;
  events: readonly NormalizedEvent[];
  raw: string;
  resolve(results: EventResult[]): void;
  reject(err: unknown): void;
}

/** Where ingest routes hand their events: this in-process writer, or the writer thread (ingest-thread.ts). */
export interface IngestSink {
  submit(target: IngestTarget, events: readonly NormalizedEvent[], raw: string): Promise<EventResult[]>;
  transact: IngestWriter['transact'];
  idle(): Promise<void>;
}

/**
 * Group commit for ingest: requests hand their events here, and one writer commits whatever has
 * queued (up to maxBatch requests) in one transaction, then answers each request. Every 2xx is
 * therefore sent after its events are committed. If a batch fails, its requests are retried one
 * by one, so one bad request cannot fail the others.
 */
export class IngestWriter implements IngestSink {
  readonly #queue: Item[] = [];
  #flushing: Promise<void> | null = null;
  readonly #maxBatch: number;
  readonly #retentionMs: number | undefined;
  /** When this writer last recorded each integration's last event (committed). */
  readonly #touched = new Map<string, number>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    opts: { maxBatch?: number; rawEventRetentionMs?: number } = {},
  ) {
    this.#maxBatch = opts.maxBatch ?? 256;
    this.#retentionMs = opts.rawEventRetentionMs;
  }

  submit(target: IngestTarget, events: readonly NormalizedEvent[], raw: string): Promise<EventResult[]> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ target, events, raw, resolve, reject });
      this.#flushing ??= new Promise<void>((done) => setImmediate(done)).then(() => this.#drain());
    });
  }

  /**
   * Runs `work` in a transaction of its own, beside the batches, and publishes its domain events
   * after the commit: for rare ingest writes that are no NormalizedEvent (Opsgenie's updates).
   */
  async transact<T>(
    work: (w: { db: Db; now: number; pending: PendingEvents; retentionMs: number | undefined }) => Promise<T>,
  ): Promise<T> {
    const now = this.clock.now();
    const pending = new PendingEvents();
    const out = await this.database.db
      .transaction()
      .execute((db) => work({ db, now, pending, retentionMs: this.#retentionMs }));
    pending.publishTo(this.bus, now);
    return out;
  }

  /** Resolves when everything submitted so far is committed (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        try {
          await this.#commit(batch);
        } catch (err) {
          this.logger.warn(
            { err, size: batch.length },
            'ingest batch failed; retrying its requests one by one',
          );
          for (const item of batch) await this.#commit([item]).catch((e: unknown) => item.reject(e));
        }
      }
    } finally {
      this.#flushing = null;
    }
  }

  async #commit(batch: Item[]): Promise<void> {
    const now = this.clock.now();
    const pending = new PendingEvents();
    // integrations.last_event_at to within a second, like an incident's (touchGranularityMs): an
    // integration this writer recorded less than a second ago is not written again.
    const stale = new Set<string>();
    for (const item of batch) {
      const id = item.target.integration.id;
      const since = now - (this.#touched.get(id) ?? -Infinity);
      if (!(since >= 0 && since < touchGranularityMs)) stale.add(id);
    }
    // PostgreSQL: the batch's raw events in one statement at the end (a round trip each otherwise).
    const rawEvents: AlertEventsTable[] | undefined = this.database.kind === 'postgres' ? [] : undefined;
    const results = await this.database.db.transaction().execute(async (trx) => {
      const out: EventResult[][] = [];
      // PostgreSQL: the batch's repeated triggers in two statements, not one or two each.
      const prepass = rawEvents ? await refreshRepeats(trx, now, await alertRulesFor(trx, now), batch) : [];
      for (const [i, item] of batch.entries())
        out.push(
          await applyEvents(
            trx,
            now,
            pending,
            item.target,
            item.events,
            item.raw,
            this.#retentionMs,
            rawEvents,
            prepass[i],
          ),
        );
      if (rawEvents) await insertAlertEvents(trx, rawEvents);
      await touchIntegrations(trx, now, stale);
      return out;
    });
    for (const id of stale) this.#touched.set(id, now);
    pending.publishTo(this.bus, now);
    batch.forEach((item, i) => item.resolve(results[i]!));
  }
}
