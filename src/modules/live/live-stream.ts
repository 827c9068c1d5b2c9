import { coalesceKey, sseFrame, type LiveEvent } from './live-events.js';

/** The part of an HTTP response a stream writes to (a ServerResponse; a fake in unit tests). */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  once(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface LiveStreamLimits {
  /** Distinct things waiting to be sent before the backlog is dropped for one `resync`. */
  maxPending: number;
  /** A client whose socket has not drained for this long is cut off. */
  stallMs: number;
  /** The stream ends after this long, so the client reconnects and authenticates again. */
  maxAgeMs: number;
}

/**
 * One open event stream. Memory per connection is bounded whatever the client does: frames go
 * to the socket only while it drains; meanwhile events wait in a map keyed by what they are
 * about (latest wins), and when that holds more than `maxPending` keys it is replaced by a single
 * `resync`, which tells the client to refetch everything. Real time (not the injected clock)
 * paces heartbeats and limits: they are about the connection, not about domain time.
 */
export class LiveStream {
  readonly userId: string;
  readonly #sink: SseSink;
  readonly #limits: LiveStreamLimits;
  readonly #now: () => number;
  readonly #openedAt: number;
  readonly #pending = new Map<string, LiveEvent>();
  #blockedSince: number | null = null;
  #closed = false;
  #onClose: (() => void) | null = null;

  /** `now` is a monotonic millisecond clock (performance.now; a fake in unit tests). */
  constructor(userId: string, sink: SseSink, limits: LiveStreamLimits, now: () => number) {
    this.userId = userId;
    this.#sink = sink;
    this.#limits = limits;
    this.#now = now;
    this.#openedAt = now();
    sink.once('close', () => this.#finish());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Events waiting for the socket to drain (for tests and metrics). */
  get backlog(): number {
    return this.#pending.size;
  }

  /** Called once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void {
    this.#onClose = listener;
  }

  /** Writes the opening of the stream: the reconnect delay and a first comment. */
  open(retryMs: number): void {
    this.#write(`retry: ${retryMs}\n: connected\n\n`);
  }

  send(event: LiveEvent): void {
    if (this.#closed) return;
    const key = coalesceKey(event);
    this.#pending.delete(key);
    this.#pending.set(key, event);
    if (this.#pending.size > this.#limits.maxPending) {
      this.#pending.clear();
      this.#pending.set('resync', { type: 'resync', data: {} });
    }
    this.#flush();
  }

  /**
   * The periodic check: a comment line keeps proxies from timing the connection out; a stream
   * past its age ends; a client that stopped reading is cut off.
   */
  tick(): void {
    if (this.#closed) return;
    const now = this.#now();
    if (this.#blockedSince !== null) {
      if (now - this.#blockedSince > this.#limits.stallMs) this.close();
      return;
    }
    if (now - this.#openedAt >= this.#limits.maxAgeMs) this.close();
    else this.#write(': heartbeat\n\n');
  }

  /** Ends the response; the client reconnects after its retry delay. */
  close(): void {
    if (this.#closed) return;
    this.#sink.end();
    this.#finish();
  }

  #flush(): void {
    for (const [key, event] of this.#pending) {
      if (this.#blockedSince !== null || this.#closed) return;
      this.#pending.delete(key);
      this.#write(sseFrame(event));
    }
  }

  #write(chunk: string): void {
    if (this.#closed || this.#blockedSince !== null) return;
    if (this.#sink.write(chunk)) return;
    this.#blockedSince = this.#now();
    this.#sink.once('drain', () => {
      this.#blockedSince = null;
      this.#flush();
    });
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending.clear();
    this.#onClose?.();
  }
}
