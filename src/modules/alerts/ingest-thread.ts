import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { onCacheInvalidated } from '../../lib/cache-invalidation.js';
import { notFound } from '../../http/errors.js';
import { shareSequence } from '../../lib/ids.js';
import type { Clock } from '../../lib/clock.js';
import type { EventBus } from '../../lib/events.js';
import type { Logger } from '../../lib/logger.js';
import type { NormalizedEvent } from './formats/index.js';
import type { IngestSink, IngestWriter } from './ingest-writer.js';
import type { FromWorker, IngestThreadOptions, ToWorker } from './ingest-thread.protocol.js';
import type { EventResult, IngestTarget } from './pipeline.js';

/**
 * The worker's entry: dist/server/ingest-worker.js beside the server bundle when built; under tsx
 * (tests, development) src/main/ingest-worker.ts, loaded through tsx's loader, which a worker
 * thread does not inherit from `--import tsx`. (The entry lives in src/main because it also runs
 * the monitors module's heartbeat writer, and the monitors module depends on this one.)
 */
function newWorker(options: IngestThreadOptions, answers: MessagePort): Worker {
  const here = import.meta.url;
  const workerData: IngestThreadOptions = { ...options, answers };
  const transferList = [answers];
  if (!here.endsWith('.ts'))
    return new Worker(new URL('./ingest-worker.js', here), { workerData, transferList });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('../../main/ingest-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData, transferList });
}

type PingKind = Extract<ToWorker, { t: 'ping' }>['kind'];

interface Waiting {
  resolve(results: EventResult[]): void;
  reject(err: Error): void;
}

/**
 * Ingest on SQLite with the writes on a thread of their own (src/main/ingest-worker.ts), so that a machine's
 * second core commits events while the first parses and answers HTTP: on the 2-core benchmark
 * machine the whole pipeline on one thread topped out near half the target rate (docs/benchmarks.md,
 * bench:ingest). The main thread keeps everything else: HTTP, the integration-key lookup, every
 * other write (its own connection; both begin their transactions IMMEDIATE, see sqlite-dialect.ts).
 *
 * The contract is the in-process IngestWriter's: `submit` resolves only after the thread has
 * committed the events; domain events are published on this thread's bus, before the answers of
 * the batch that produced them; routing-rule and paging-interest caches marked stale here are
 * marked stale there before any later submit is applied. If the thread dies, what was in flight
 * is rejected (its commit may or may not have happened: the sender's retry is harmless, dedup) and
 * the next submit starts a new thread. `transact` (Opsgenie's rare updates) runs on this thread.
 *
 * Heartbeat pings take the same road (`ping`): the thread looks the token up, commits the ping
 * with the monitors module's HeartbeatWriter, and answers; an unknown token is not_found (404).
 */
export class IngestThread implements IngestSink {
  readonly #options: IngestThreadOptions;
  readonly #clock: Clock;
  readonly #bus: EventBus;
  readonly #logger: Logger;
  readonly #local: IngestWriter;
  readonly #onQuery: ((durationMs: number, failed: boolean) => void) | undefined;
  readonly #waiting = new Map<number, Waiting>();
  readonly #idle = new Set<() => void>();
  readonly #unsubscribe: () => void;
  #worker: Worker | null = null;
  /** The current thread's answers (FromWorker), read by 'message' events and by #poll(). */
  #answers: MessagePort | null = null;
  #started: () => void = () => undefined;
  #ready: Promise<void> | null = null;
  #closed: (() => void) | null = null;
  #outbox: ToWorker[] = [];
  #scheduled = false;
  #nextId = 1;
  #closing = false;
  // Settings objects are shared and frozen (ingest-targets.ts keeps one per integration for up to
  // 2 s): each gets a number, and travels to the thread once, not with every event.
  readonly #settingsIds = new WeakMap<object, number>();
  #nextSettingsId = 1;
  /** Settings numbers the current thread has received. */
  #sentSettings = new Set<number>();

  constructor(deps: {
    options: IngestThreadOptions;
    clock: Clock;
    bus: EventBus;
    logger: Logger;
    /** The in-process writer on the main connection, for transact(). */
    local: IngestWriter;
    /** Where the thread's query times go (the database's onQuery on this thread: /metrics). */
    onQuery?: (durationMs: number, failed: boolean) => void;
  }) {
    this.#options = { ...deps.options, sequence: shareSequence() };
    this.#clock = deps.clock;
    this.#bus = deps.bus;
    this.#logger = deps.logger;
    this.#local = deps.local;
    this.#onQuery = deps.onQuery;
    this.#unsubscribe = onCacheInvalidated((cache) => {
      if (this.#worker) this.#send({ t: 'invalidate', now: this.#clock.now(), cache });
    });
  }

  /** Starts the thread and waits until its connection is open (fails start-up if it cannot). */
  start(): Promise<void> {
    this.#spawn();
    return this.#ready!;
  }

  submit(target: IngestTarget, events: readonly NormalizedEvent[], raw: string): Promise<EventResult[]> {
    if (this.#closing) return Promise.reject(new Error('ingest is shutting down'));
    if (!this.#worker) this.#spawn();
    this.#poll();
    const id = this.#nextId++;
    const { id: integrationId, service_id, type, name } = target.integration;
    let settingsId = this.#settingsIds.get(target.settings);
    if (settingsId === undefined) {
      settingsId = this.#nextSettingsId++;
      this.#settingsIds.set(target.settings, settingsId);
    }
    const first = !this.#sentSettings.has(settingsId);
    if (first) this.#sentSettings.add(settingsId);
    return new Promise<EventResult[]>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#send({
        t: 'submit',
        now: this.#clock.now(),
        id,
        integration: { id: integrationId, service_id, type, name },
        settingsId,
        ...(first && { settings: target.settings }),
        events,
        raw,
      });
    });
  }

  transact: IngestWriter['transact'] = (work) => this.#local.transact(work);

  /** A heartbeat ping, committed by the thread; rejects with not_found for a token nobody has. */
  ping(token: string, kind: PingKind): Promise<void> {
    if (this.#closing) return Promise.reject(new Error('ingest is shutting down'));
    if (!this.#worker) this.#spawn();
    this.#poll();
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(id, {
        resolve: () => resolve(),
        reject: (err) =>
          reject((err as { code?: unknown }).code === 'not_found' ? notFound('Heartbeat') : err),
      });
      this.#send({ t: 'ping', now: this.#clock.now(), id, token, kind });
    });
  }

  /** Resolves when everything submitted so far has been answered. */
  async idle(): Promise<void> {
    await this.#local.idle();
    if (this.#waiting.size === 0) return;
    await new Promise<void>((done) => this.#idle.add(done));
  }

  /** Waits for what is in flight, then closes the thread's connection and stops it. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#unsubscribe();
    await this.idle();
    const worker = this.#worker;
    if (!worker) return;
    await new Promise<void>((done) => {
      this.#closed = done;
      this.#send({ t: 'close', now: this.#clock.now() });
    });
    this.#worker = null;
    await worker.terminate();
    this.#answers?.close();
    this.#answers = null;
  }

  /**
   * Takes the answers that have arrived without waiting for the event loop to deliver them: called
   * before each request is handed over, so that while the main thread reads a turn's requests the
   * answers of the last commit are sent at once rather than after them all (the answers sat 0.5–8
   * ms in the port under load; docs/benchmarks.md, bench:ingest). Order is kept: 'message' events
   * and this read the same queue.
   */
  #poll(): void {
    const port = this.#answers;
    if (!port) return;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port))
      for (const message of m.message as FromWorker[]) this.#receive(message);
  }

  #spawn(): void {
    const channel = new MessageChannel();
    const worker = newWorker(this.#options, channel.port2);
    this.#worker = worker;
    this.#answers?.close();
    this.#answers = channel.port1;
    this.#sentSettings = new Set();
    let failed!: (err: Error) => void;
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#started = resolve;
      failed = reject;
    });
    this.#ready.catch(() => undefined);
    channel.port1.on('message', (batch: FromWorker[]) => {
      for (const m of batch) this.#receive(m);
    });
    worker.on('error', (err) => {
      this.#logger.error({ err }, 'ingest writer thread failed');
      failed(err);
    });
    worker.on('exit', (code) => {
      // What the thread said before it stopped is taken first (its port does not wait for 'exit').
      for (let m = receiveMessageOnPort(channel.port1); m; m = receiveMessageOnPort(channel.port1))
        for (const message of m.message as FromWorker[]) this.#receive(message);
      channel.port1.close();
      if (this.#answers === channel.port1) this.#answers = null;
      if (this.#worker === worker) this.#worker = null;
      this.#closed?.();
      failed(new Error(`ingest writer thread exited (${code})`));
      this.#failAll(new Error('the ingest writer thread stopped before answering'));
    });
  }

  #receive(m: FromWorker): void {
    switch (m.t) {
      case 'ready':
        this.#started();
        break;
      case 'event':
        this.#bus.publish(m.event.name, m.event.payload as never, m.event.at);
        break;
      case 'done':
        this.#settle(m.id)?.resolve(m.results);
        break;
      case 'failed':
        this.#settle(m.id)?.reject(Object.assign(new Error(m.error.message), m.error));
        break;
      case 'queries':
        if (this.#onQuery) for (const ms of m.ms) this.#onQuery(Math.abs(ms), ms < 0);
        break;
      case 'log': {
        const record = JSON.parse(m.line) as { msg?: string; err?: unknown; size?: number };
        this.#logger.warn({ thread: 'ingest', err: record.err, size: record.size }, record.msg ?? '');
        break;
      }
      case 'closed':
        this.#closed?.();
        break;
    }
  }

  #settle(id: number): Waiting | undefined {
    const waiting = this.#waiting.get(id);
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) {
      for (const done of this.#idle) done();
      this.#idle.clear();
    }
    return waiting;
  }

  #failAll(err: Error): void {
    for (const id of [...this.#waiting.keys()]) this.#settle(id)?.reject(err);
  }

  #send(message: ToWorker): void {
    this.#outbox.push(message);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Everything queued in this turn of the event loop (every request read from the sockets that
    // were ready) goes in one message, after the turn's I/O. Sent at the end of each task instead
    // (queueMicrotask: a message per request), the thread woke for each and committed batches of
    // one or two as they came; one message per turn gives it fuller batches for the same latency:
    // 135.6 against 156.4 µs of server CPU per event, 9,622 against 9,378 events/s (bench:ingest,
    // same run, six rounds; docs/benchmarks.md). The thread still commits at most 32 requests a
    // transaction (ingest-worker.ts), so a large turn does not make the two threads take turns.
    setImmediate(() => {
      this.#scheduled = false;
      const batch = this.#outbox;
      this.#outbox = [];
      if (this.#worker) this.#worker.postMessage(batch);
      else
        for (const m of batch)
          if (m.t === 'submit' || m.t === 'ping') this.#settle(m.id)?.reject(new Error('no ingest thread'));
    });
  }
}
