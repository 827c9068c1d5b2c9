import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { openDatabase } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { EventBus } from '../lib/events.js';
import { useSharedSequence } from '../lib/ids.js';
import {
  IngestWriter,
  invalidateAlertRules,
  type FromWorker,
  type IngestTarget,
  type IngestThreadOptions,
  type ToWorker,
} from '../modules/alerts/index.js';
import { invalidatePagingInterest } from '../modules/incidents/index.js';
import { HeartbeatWriter } from '../modules/monitors/index.js';

/**
 * The writer thread (see src/modules/alerts/ingest-thread.ts): its own connection to the SQLite
 * file and the same group-commit writers the main thread would run: IngestWriter for alert events,
 * HeartbeatWriter for heartbeat pings (with its own token cache: a ping is looked up here). It never migrates (the main thread did)
 * and never checkpoints (the main connection's checkpointer does). Its clock is the main thread's:
 * every message carries the sender's `now`, so a test's fake clock holds here too.
 */
const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs only as a worker thread');
const options = workerData as IngestThreadOptions;
// Everything this thread says goes to the main thread's answers port when it gave one.
const answers = options.answers ?? port;
if (options.sequence) useSharedSequence(options.sequence);

// Query times for the main thread's /metrics: gathered here, sent with the answers of the commit
// that ran them (so a request's queries are counted by the time it is answered).
let queryTimes = new Float64Array(256);
let queryCount = 0;
const onQuery = (ms: number, failed: boolean) => {
  if (queryCount === queryTimes.length) {
    const bigger = new Float64Array(queryTimes.length * 2);
    bigger.set(queryTimes);
    queryTimes = bigger;
  }
  queryTimes[queryCount++] = failed ? -ms - 1e-9 : ms; // negative even at 0 ms
};

const database = openDatabase(options.databaseUrl, {
  sqliteSynchronous: options.sqliteSynchronous,
  sqliteCheckpointer: false,
  onQuery,
});
let now = Date.now();
const clock: Clock = { now: () => now };
const bus = new EventBus();
const out: FromWorker[] = [];
let flushing = false;
const post = (message: FromWorker) => {
  out.push(message);
  if (flushing) return;
  flushing = true;
  // What one commit produced goes back in one message as soon as the commit's callbacks have run
  // (not at the next turn of the event loop, after every queued batch: see ingest-thread.ts);
  // events before the answers they belong to.
  queueMicrotask(() => {
    flushing = false;
    if (queryCount > 0) {
      out.unshift({ t: 'queries', ms: queryTimes.slice(0, queryCount) });
      queryCount = 0;
    }
    answers.postMessage(out.splice(0));
  });
};
bus.subscribe((event) => post({ t: 'event', event }));
// Warnings only (a failed batch retried one by one): each JSON line goes to the main thread's log.
const logger = pino(
  { level: 'warn', base: { component: 'ingest-thread' } },
  {
    write: (line: string) => post({ t: 'log', line }),
  },
);
// Batches of at most 32 requests: answers flow back while the next batch is committed, so the main
// thread parses new requests meanwhile (one transaction of everything queued made the two threads
// alternate); a commit's fixed cost is small beside 32 events.
const writer = new IngestWriter(database, clock, bus, logger, {
  rawEventRetentionMs: options.rawEventRetentionMs,
  maxBatch: 32,
});

// Heartbeat pings: the same writer as on the main thread (results, rollups, state, alert events).
const heartbeats = new HeartbeatWriter(database.db, clock, bus, logger);

function serializeError(err: unknown): { name: string; message: string; code?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(typeof code === 'string' && { code }) };
  }
  return { name: 'Error', message: String(err) };
}

/** Service settings by the main thread's number for them (sent once each; see ingest-thread.ts). */
const settingsById = new Map<number, IngestTarget['settings']>();

port.on('message', (batch: ToWorker[]) => {
  for (const m of batch) {
    now = m.now;
    if (m.t === 'submit') {
      if (m.settings) {
        settingsById.set(m.settingsId, m.settings);
        // Old settings are dropped once their number is far behind (the main thread's copies
        // live seconds); a submit always finds its own: it was sent with or before it.
        if (settingsById.size > 10_000) settingsById.delete(settingsById.keys().next().value!);
      }
      const settings = settingsById.get(m.settingsId)!;
      writer.submit({ integration: m.integration, settings }, m.events, m.raw).then(
        (results) => post({ t: 'done', id: m.id, results }),
        (err: unknown) => post({ t: 'failed', id: m.id, error: serializeError(err) }),
      );
    } else if (m.t === 'ping') {
      heartbeats.ping(m.token, m.kind).then(
        () => post({ t: 'done', id: m.id, results: [] }),
        (err: unknown) => post({ t: 'failed', id: m.id, error: serializeError(err) }),
      );
    } else if (m.t === 'invalidate') {
      if (m.cache === 'alert-rules') invalidateAlertRules(database.db);
      else invalidatePagingInterest(database.db);
    } else {
      // close: finish what was submitted, then close the connection and say so.
      void Promise.all([writer.idle(), heartbeats.idle()])
        .then(() => database.close())
        .finally(() => answers.postMessage([{ t: 'closed' } satisfies FromWorker]));
    }
  }
});
answers.postMessage([{ t: 'ready' } satisfies FromWorker]);
