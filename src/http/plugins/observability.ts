import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../lib/metrics.js';

/**
 * Request ids (echoed as X-Request-Id), one structured log line per answered API request, and
 * request metrics labelled by route pattern (never by raw URL, so label sets stay bounded).
 */
export function registerObservability(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    // request.routeOptions and reply.elapsedTime are getters that compute afresh: read each once.
    const { url, config } = request.routeOptions;
    const route = url ?? 'unmatched';
    const elapsedMs = reply.elapsedTime;
    metrics.countRequest(request.method, route, reply.statusCode);
    // Probes are counted but not timed: their latency says nothing, and a histogram observation
    // is a measurable share of answering one.
    if (!config.quiet) {
      metrics.timeRequest(request.method, route, elapsedMs / 1000);
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
