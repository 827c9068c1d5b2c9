import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Metrics } from '../../lib/metrics.js';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;

/**
 * Request ids (echoed as X-Request-Id), one structured log line per answered API request, and
 * request metrics labelled by route pattern (never by raw URL, so label sets stay bounded).
 */
export function registerObservability(app: FastifyInstance, metrics: Metrics): void {
  // Quiet routes (probes, /metrics) write no request line, so their per-request logger is made
  // only if something does log (a 5xx): see LazyRequestLogger.
  app.addHook('onRoute', (route) => {
    if (route.config?.quiet) route.childLoggerFactory ??= lazyRequestLogger;
  });
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    // request.routeOptions and reply.elapsedTime are getters that compute afresh: read each once.
    const { url, config } = request.routeOptions;
    const route = url ?? 'unmatched';
    const elapsedMs = reply.elapsedTime;
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, elapsedMs / 1000);
    if (!config.quiet) {
      const level = reply.statusCode >= 500 ? 'error' : 'info';
      request.log[level](
        {
          method: request.method,
          route,
          url: request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url,
          status: reply.statusCode,
          ms: Math.round(elapsedMs * 10) / 10,
          user: request.principal?.user.id,
        },
        'request',
      );
    }
    done();
  });
}

function lazyRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options);
}

/**
 * A request logger that becomes the usual pino child (the one carrying the request id) the first
 * time it is used. Fastify makes that child for every request, and with the redaction rules it
 * costs more than answering a probe; quiet routes rarely log, so they mostly never pay for it,
 * and when they do the line still has its request id.
 */
class LazyRequestLogger implements FastifyBaseLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildLoggerOptions;
  #logger: FastifyBaseLogger | null = null;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #real(): FastifyBaseLogger {
    return (this.#logger ??= this.#parent.child(this.#bindings, this.#options));
  }

  get level(): string {
    return this.#real().level;
  }
  set level(level: string) {
    this.#real().level = level;
  }
  fatal(...args: unknown[]): void {
    const real = this.#real();
    Reflect.apply(real.fatal, real, args);
  }
  error(...args: unknown[]): void {
    const real = this.#real();
    Reflect.apply(real.error, real, args);
  }
  warn(...args: unknown[]): void {
    const real = this.#real();
    Reflect.apply(real.warn, real, args);
  }
  info(...args: unknown[]): void {
    const real = this.#real();
    Reflect.apply(real.info, real, args);
  }
  debug(...args: unknown[]): void {
    const real = this.#real();
    Reflect.apply(real.debug, real, args);
  }
  trace(...args: unknown[]): void {
    const real = this.#real();
    Reflect.apply(real.trace, real, args);
  }
  silent(...args: unknown[]): void {
    const real = this.#real();
    Reflect.apply(real.silent, real, args);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
}
