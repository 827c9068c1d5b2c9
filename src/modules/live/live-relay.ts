import type { Database } from '../../db/database.js';
import { listenChannel, notifyChannel, type ChannelListener } from '../../db/dialect.js';
import type { EventBus } from '../../lib/events.js';
import { randomToken } from '../../lib/ids.js';
import type { Logger } from '../../lib/logger.js';
import { coalesceKey, liveEventOf, liveEventSchema, type LiveEvent } from './live-events.js';
import type { LiveHub } from './live-hub.js';

/** The PostgreSQL channel live events travel on between nodes. */
export const liveChannel = 'keel_live';
/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more; stay well under. */
const maxPayloadChars = 7000;
/** Distinct events waiting for NOTIFY before they collapse into one `resync`. */
const maxQueued = 1000;

export interface LiveRelayOptions {
  database: Database;
  events: EventBus;
  hub: LiveHub;
  logger: Logger;
  /** PostgreSQL URL for the LISTEN connection; null on SQLite (one process, the bus suffices). */
  listenUrl: string | null;
}

/**
 * Carries live events from the bus to this node's streams and, on PostgreSQL, to every other
 * node's. The bus publishes after commit, so the NOTIFY sent from here (outside any
 * transaction) announces only committed changes. Events of one tick go in one NOTIFY, so a burst
 * of ingest costs a query per batch, not per event. A node LISTENs only once it has a stream to
 * feed, and ignores its own notifications (its streams had those from the bus).
 */
export class LiveRelay {
  readonly nodeId = randomToken(9);
  readonly #o: LiveRelayOptions;
  readonly #queue = new Map<string, LiveEvent>();
  readonly #unsubscribe: () => void;
  #flushing: Promise<void> | null = null;
  #listening: Promise<void> | null = null;
  #listener: ChannelListener | null = null;
  #closed = false;

  constructor(options: LiveRelayOptions) {
    this.#o = options;
    this.#unsubscribe = options.events.subscribe((event) => {
      const live = liveEventOf(event);
      options.hub.broadcast(live);
      if (options.database.kind === 'postgres') this.#enqueue(live);
    });
  }

  /**
   * Resolves once this node LISTENs (at once on SQLite). A failed LISTEN is logged and tried
   * again by the next stream; meanwhile streams carry this node's changes only.
   */
  ensureListening(): Promise<void> {
    const url = this.#o.listenUrl;
    if (!url || this.#closed) return Promise.resolve();
    this.#listening ??= listenChannel(
      url,
      liveChannel,
      (payload) => this.#received(payload),
      (err) => this.#o.logger.warn({ err }, 'live LISTEN connection failed; reconnecting'),
    ).then(
      async (listener) => {
        if (this.#closed) await listener.close();
        else this.#listener = listener;
      },
      (err: unknown) => {
        this.#o.logger.warn({ err }, 'could not LISTEN for live events from other nodes');
        this.#listening = null;
      },
    );
    return this.#listening;
  }

  /** Stops relaying; notifications already queued are still sent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    while (this.#flushing) await this.#flushing;
    await this.#listening;
    await this.#listener?.close();
    this.#listener = null;
  }

  #received(payload: string): void {
    // '' comes after a reconnect: whatever was sent meanwhile is lost.
    if (payload === '') {
      this.#o.hub.broadcast({ type: 'resync', data: {} });
      return;
    }
    let message: { n?: unknown; e?: unknown };
    try {
      message = JSON.parse(payload) as { n?: unknown; e?: unknown };
    } catch {
      return;
    }
    if (message.n === this.nodeId || !Array.isArray(message.e)) return;
    for (const raw of message.e) {
      const parsed = liveEventSchema.safeParse(raw);
      if (parsed.success) this.#o.hub.broadcast(parsed.data);
    }
  }

  #enqueue(event: LiveEvent): void {
    const key = coalesceKey(event);
    this.#queue.delete(key);
    this.#queue.set(key, event);
    if (this.#queue.size > maxQueued) {
      this.#queue.clear();
      this.#queue.set('resync', { type: 'resync', data: {} });
    }
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushing) return;
    this.#flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#flush())
      .finally(() => {
        this.#flushing = null;
        if (this.#queue.size > 0) this.#scheduleFlush();
      });
  }

  async #flush(): Promise<void> {
    while (this.#queue.size > 0) {
      const events = [...this.#queue.values()];
      this.#queue.clear();
      for (const payload of payloadsOf(this.nodeId, events)) {
        try {
          await notifyChannel(this.#o.database.db, liveChannel, payload);
        } catch (err) {
          this.#o.logger.warn({ err }, 'could not NOTIFY other nodes of live events');
        }
      }
    }
  }
}

/** `{"n":node,"e":[events]}` messages, each under PostgreSQL's payload limit. */
export function payloadsOf(nodeId: string, events: LiveEvent[]): string[] {
  const head = `{"n":${JSON.stringify(nodeId)},"e":[`;
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = head.length + 2;
  for (const event of events) {
    const json = JSON.stringify(event);
    if (parts.length > 0 && size + json.length + 1 > maxPayloadChars) {
      payloads.push(`${head}${parts.join(',')}]}`);
      parts = [];
      size = head.length + 2;
    }
    parts.push(json);
    size += json.length + 1;
  }
  if (parts.length > 0) payloads.push(`${head}${parts.join(',')}]}`);
  return payloads;
}
