import type { Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
import { notFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { EventBus } from '../../lib/events.js';
import type { Logger } from '../../lib/logger.js';
import type { CheckResult } from './checkers/index.js';
import { writeResults, type CheckOutcome } from './monitor-writer.js';
import type { MonitorRow } from './monitors.repository.js';

export type PingKind = 'success' | 'start' | 'fail';

/** Where heartbeat routes hand pings: a HeartbeatWriter here, or the writer thread (IngestThread). */
export interface HeartbeatSink {
  /** Resolves after the ping is committed; rejects with not_found (404) for an unknown token. */
  ping(token: string, kind: PingKind): Promise<void>;
}

interface Pending {
  monitor: MonitorRow;
  kind: PingKind;
  at: number;
  resolve(): void;
  reject(err: unknown): void;
}

/** How long a token lookup (found or not) is reused; a new or deleted monitor shows within it. */
const cacheMs = 5_000;

/**
 * The heartbeat fast path: token lookups served from a short cache, pings handed to one writer
 * that commits whatever has queued in one transaction (group commit) and then answers each
 * request, so every 200 is after its commit. Success and fail go through the same writer as
 * checks (result, rollups, state, alert events); start only records when the run began, and the
 * success after it measures the run's duration as the result's latency.
 */
export class HeartbeatWriter implements HeartbeatSink {
  readonly #cache = new Map<string, { row: MonitorRow | null; until: number }>();
  #queue: Pending[] = [];
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  async #lookup(token: string): Promise<MonitorRow | null> {
    const now = this.clock.now();
    const hit = this.#cache.get(token);
    if (hit && hit.until > now) return hit.row;
    const row =
      (await this.db
        .selectFrom('monitors')
        .selectAll()
        .where('heartbeat_token', '=', token)
        .where('type', '=', 'heartbeat')
        .executeTakeFirst()) ?? null;
    if (this.#cache.size > 50_000) this.#cache.clear();
    this.#cache.set(token, { row, until: now + cacheMs });
    return row;
  }

  /** Records a ping; throws not_found (404) for a token no heartbeat monitor has. */
  async ping(token: string, kind: PingKind): Promise<void> {
    const monitor = token.length >= 10 && token.length <= 64 ? await this.#lookup(token) : null;
    if (!monitor) throw notFound('Heartbeat');
    return new Promise((resolve, reject) => {
      this.#queue.push({ monitor, kind, at: this.clock.now(), resolve, reject });
      this.#flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.#drain());
    });
  }

  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length) {
        const batch = this.#queue.splice(0, 1000);
        try {
          await this.#commit(batch);
          for (const p of batch) p.resolve();
        } catch (err) {
          this.logger.error({ err, size: batch.length }, 'heartbeat batch failed');
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.#flushing = null;
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    for (const s of batch) {
      if (s.kind !== 'start') continue;
      await recordStart(this.db, { id: s.monitor.id, at: s.at });
      s.monitor.last_start_at = s.at; // the cached row: the next success measures from it
    }
    const ends = batch.filter((p) => p.kind !== 'start');
    if (ends.length === 0) return;
    // The run's duration is measured from the row's last_start_at when the writer writes it (the
    // latest start recorded before, on any node, or earlier in this batch).
    const outcomes: CheckOutcome[] = ends.map((p) => ({
      monitor: p.monitor,
      at: p.at,
      ping: true,
      result: runResult(p.kind, p.at, null),
      resultFor: (startedAt) => runResult(p.kind, p.at, startedAt),
    }));
    await writeResults(this.db, this.clock, this.events, 'heartbeat', outcomes);
  }
}

const recordStart = prepared((db, p: { id: string; at: number }) =>
  db.updateTable('monitors').set({ last_start_at: p.at }).where('id', '=', p.id),
);

/** A success or fail ping as a result; latency is the run's duration when a start preceded it. */
function runResult(kind: PingKind, at: number, startedAt: number | null): CheckResult {
  const duration = startedAt !== null && startedAt <= at ? at - startedAt : 0;
  return kind === 'fail'
    ? { status: 'down', latencyMs: duration, message: 'the job reported failure (/fail)' }
    : { status: 'up', latencyMs: duration, message: duration ? `ran ${duration} ms` : 'ping' };
}
