import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface JobStats {
  depth: number;
  lagMs: number;
  running: number;
  dead: number;
}

/**
 * Keel's own metrics, on a registry per process (never prom-client's global one, so several
 * apps in one test process do not collide).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly dbDuration: Histogram<'outcome'>;
  #jobStats: (() => Promise<JobStats>) | null = null;

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'keel_' });
    this.httpRequests = new Counter({
      name: 'keel_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'keel_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.dbDuration = new Histogram({
      name: 'keel_db_query_duration_seconds',
      help: 'Database query time, by outcome.',
      labelNames: ['outcome'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
      registers: [this.registry],
    });
    const stats = async (): Promise<JobStats | null> =>
      this.#jobStats ? this.#jobStats().catch(() => null) : null;
    const gauge = (name: string, help: string, pick: (s: JobStats) => number): void => {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const s = await stats();
          if (s) this.set(pick(s));
        },
      });
    };
    gauge('keel_jobs_queue_depth', 'Jobs due now and not yet claimed.', (s) => s.depth);
    gauge('keel_jobs_lag_seconds', 'How late the oldest due job is.', (s) => s.lagMs / 1000);
    gauge('keel_jobs_running', 'Jobs claimed and running.', (s) => s.running);
    gauge('keel_jobs_dead', 'Jobs that failed every attempt (dead letter).', (s) => s.dead);
  }

  // prom-client hashes a label object on every call (keys sorted, joined); a labelled child made
  // once per label set skips that, which shows on the ingest path (one request, several queries).
  readonly #requestCounters = new Map<string, { inc(): void }>();
  readonly #requestTimers = new Map<string, { observe(v: number): void }>();
  #queryTimers: { ok: { observe(v: number): void }; error: { observe(v: number): void } } | null = null;

  /** One answered request (route: the pattern, never the raw URL, so label sets stay bounded). */
  countRequest(method: string, route: string, status: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.#requestCounters.get(key);
    if (!child) {
      child = this.httpRequests.labels(method, route, String(status));
      this.#requestCounters.set(key, child);
    }
    child.inc();
  }

  timeRequest(method: string, route: string, seconds: number): void {
    const key = `${method} ${route}`;
    let child = this.#requestTimers.get(key);
    if (!child) {
      child = this.httpDuration.labels(method, route);
      this.#requestTimers.set(key, child);
    }
    child.observe(seconds);
  }

  observeQuery = (durationMs: number, failed: boolean): void => {
    this.#queryTimers ??= { ok: this.dbDuration.labels('ok'), error: this.dbDuration.labels('error') };
    (failed ? this.#queryTimers.error : this.#queryTimers.ok).observe(durationMs / 1000);
  };

  setJobStatsSource(source: () => Promise<JobStats>): void {
    this.#jobStats = source;
  }
}
