import type { FastifyBaseLogger } from 'fastify';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * A request's logger, made into pino's child (with the request id) only when something logs
 * through it. Most requests never do: their one line comes from the parent, with the id in it
 * (plugins/observability.ts). Building the child for every request was ~2 % of the main thread's
 * time at ingest rates (docs/benchmarks.md, bench:ingest). The level methods live on the
 * prototype (defined once below), so a request allocates this object and nothing else.
 */
export class LazyChildLogger implements FastifyBaseLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildOptions;
  #child: FastifyBaseLogger | null = null;

  declare fatal: FastifyBaseLogger['fatal'];
  declare error: FastifyBaseLogger['error'];
  declare warn: FastifyBaseLogger['warn'];
  declare info: FastifyBaseLogger['info'];
  declare debug: FastifyBaseLogger['debug'];
  declare trace: FastifyBaseLogger['trace'];
  declare silent: FastifyBaseLogger['silent'];

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  get #logger(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options));
  }

  get level(): FastifyBaseLogger['level'] {
    return this.#child?.level ?? this.#parent.level;
  }

  set level(level: FastifyBaseLogger['level']) {
    this.#logger.level = level;
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#logger.child(bindings, options);
  }

  static {
    for (const level of levels) {
      Object.defineProperty(LazyChildLogger.prototype, level, {
        value(this: LazyChildLogger, ...args: unknown[]): void {
          const logger = this.#logger;
          (logger[level] as (...a: unknown[]) => void).apply(logger, args);
        },
        writable: true,
        configurable: true,
      });
    }
  }
}
