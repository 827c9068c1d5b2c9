import type { MessagePort } from 'node:worker_threads';
import type { CacheName } from '../../lib/cache-invalidation.js';
import type { DomainEvent } from '../../lib/events.js';
import type { NormalizedEvent } from './formats/index.js';
import type { EventResult, IngestTarget } from './pipeline.js';

/** What the main thread gives the writer thread (src/main/ingest-worker.ts) when it starts. */
export interface IngestThreadOptions {
  databaseUrl: string;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  rawEventRetentionMs: number | undefined;
  /** The main thread's id sequence (ids.ts, sequencedId), so timeline order holds across threads. */
  sequence?: SharedArrayBuffer;
  /**
   * Where the thread sends everything it says (FromWorker), instead of its parent port: the main
   * thread reads this port between requests too (ingest-thread.ts), not only when its event loop
   * gets to the message.
   */
  answers?: MessagePort;
}

/** Messages travel in arrays: everything one tick produced, in order. Each carries the sender's clock. */
export type ToWorker =
  | {
      t: 'submit';
      now: number;
      id: number;
      integration: IngestTarget['integration'];
      /** The service settings' number; the settings themselves the first time this thread sees them. */
      settingsId: number;
      settings?: IngestTarget['settings'];
      events: readonly NormalizedEvent[];
      raw: string;
    }
  /** A heartbeat ping by its token (answered `done` with no results, or `failed` with not_found). */
  | { t: 'ping'; now: number; id: number; token: string; kind: 'success' | 'start' | 'fail' }
  | { t: 'invalidate'; now: number; cache: CacheName }
  | { t: 'close'; now: number };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'event'; event: DomainEvent }
  | { t: 'done'; id: number; results: EventResult[] }
  | { t: 'failed'; id: number; error: { name: string; message: string; code?: string } }
  | { t: 'log'; line: string }
  /**
   * The durations (ms) of the queries the thread ran since it last said, a failed one negative:
   * the main thread adds them to /metrics' query histogram (keel_db_query_duration_seconds).
   */
  | { t: 'queries'; ms: Float64Array }
  | { t: 'closed' };
