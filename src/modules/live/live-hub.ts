import { AppError } from '../../http/errors.js';
import type { LiveEvent } from './live-events.js';
import { LiveStream, type LiveStreamLimits, type SseSink } from './live-stream.js';

export interface LiveHubOptions extends LiveStreamLimits {
  /** Streams one user may hold on this node (KEEL_STREAMS_PER_USER). */
  perUser: number;
  /** Streams this node holds in all (KEEL_STREAMS_MAX). */
  max: number;
  /** Heartbeat and limit checks, every this many ms. */
  heartbeatMs: number;
  now?: () => number;
}

export const defaultStreamLimits = {
  heartbeatMs: 15_000,
  maxPending: 256,
  stallMs: 60_000,
  maxAgeMs: 15 * 60_000,
} as const;

/**
 * This node's open streams: admits them within the caps, fans events out to them, and ends them
 * all on shutdown. One timer serves every stream's heartbeat, whatever their number.
 */
export class LiveHub {
  readonly #options: LiveHubOptions;
  readonly #now: () => number;
  readonly #streams = new Set<LiveStream>();
  readonly #perUser = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;
  #closing = false;

  constructor(options: LiveHubOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.#streams.size;
  }

  /**
   * Registers a stream for `userId`, or throws `rate_limited` (429) when the user or the node
   * holds as many as allowed; `unavailable` once the hub is closing.
   */
  admit(userId: string, sink: SseSink): LiveStream {
    if (this.#closing) throw new AppError('unavailable', 'Keel is shutting down.');
    const { perUser, max } = this.#options;
    const mine = this.#perUser.get(userId) ?? 0;
    if (mine >= perUser) {
      throw new AppError(
        'rate_limited',
        `You already have ${mine} live streams open on this server (at most ${perUser}). Close other Keel tabs.`,
        { limit: perUser, scope: 'user' },
        { 'retry-after': '30' },
      );
    }
    if (this.#streams.size >= max) {
      throw new AppError(
        'rate_limited',
        `This server holds its maximum of ${max} live streams.`,
        { limit: max, scope: 'node' },
        { 'retry-after': '30' },
      );
    }
    const stream = new LiveStream(userId, sink, this.#options, this.#now);
    this.#streams.add(stream);
    this.#perUser.set(userId, mine + 1);
    stream.onClose(() => this.#forget(stream));
    this.#startTimer();
    return stream;
  }

  broadcast(event: LiveEvent): void {
    for (const stream of this.#streams) stream.send(event);
  }

  /** Ends every stream and admits no more (graceful shutdown). */
  close(): void {
    this.#closing = true;
    for (const stream of [...this.#streams]) stream.close();
    this.#stopTimer();
  }

  #forget(stream: LiveStream): void {
    if (!this.#streams.delete(stream)) return;
    const left = (this.#perUser.get(stream.userId) ?? 1) - 1;
    if (left > 0) this.#perUser.set(stream.userId, left);
    else this.#perUser.delete(stream.userId);
    if (this.#streams.size === 0) this.#stopTimer();
  }

  #startTimer(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      for (const stream of [...this.#streams]) stream.tick();
    }, this.#options.heartbeatMs);
    this.#timer.unref();
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
