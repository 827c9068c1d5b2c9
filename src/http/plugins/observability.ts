import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../../lib/metrics.js';
import { routeConfig } from '../route-config.js';

/**
 * Request ids (echoed as X-Request-Id), one structured log line per answered API request, and
 * request metrics labelled by route pattern (never by raw URL, so label sets stay bounded).
 */
/**
 * Path parameters that are credentials: integration keys (ingest URLs), heartbeat, calendar-feed,
 * badge and action-link tokens. A request with one is logged by its route pattern, not its URL.
 */
const secretParams = ['key', 'token', 'file'] as const;

function loggedUrl(request: FastifyRequest, route: string): string {
  const params = request.params as Record<string, unknown> | null | undefined;
  if (params && typeof params === 'object' && secretParams.some((p) => p in params)) return route;
  return request.url.length > 200 ? `${request.url.slice(0, 200)}…` : request.url;
}

export function registerObservability(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    // reply.elapsedTime is a getter that computes afresh: read once (the config: route-config.ts).
    const config = routeConfig(request);
    const route = config.url ?? 'unmatched';
    const elapsedMs = reply.elapsedTime;
    metrics.countRequest(request.method, route, reply.statusCode);
    // Probes are counted but not timed: their latency says nothing, and a histogram observation
    // is a measurable share of answering one.
    if (!config.quiet) {
      metrics.timeRequest(request.method, route, elapsedMs / 1000);
      const status = reply.statusCode;
      const level = status >= 500 ? 'error' : status < 400 && config.machineTraffic ? 'debug' : 'info';
      // Through the app's logger with the request id, not request.log: the request's own child
      // logger is then built only when something else logs (http/lazy-logger.ts). Same line.
      app.log[level](
        {
          reqId: request.id,
          method: request.method,
          route,
          url: loggedUrl(request, route),
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
