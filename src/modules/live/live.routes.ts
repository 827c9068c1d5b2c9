import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import { errors, type KeelApp } from '../../http/route-types.js';
import type { EventBus } from '../../lib/events.js';
import type { Logger } from '../../lib/logger.js';
import { defaultStreamLimits, LiveHub } from './live-hub.js';
import { LiveRelay } from './live-relay.js';

/** How long a browser waits before reconnecting a stream that ended. */
export const retryMs = 3000;

export interface LiveDeps {
  config: Config;
  database: Database;
  events: EventBus;
  logger: Logger;
}

const description = `Server-Sent Events (\`text/event-stream\`) telling that something changed, so a client refetches it:
\`incident.changed\` \`{"incidentId","number","status"}\`, \`alert.changed\` \`{"alertId","serviceId","status"}\`,
and \`resync\` \`{}\` when events were lost (refetch everything shown). A comment line comes every 15 s;
\`retry:\` gives the reconnect delay. A stream ends after 15 minutes (the client reconnects and is
authenticated again) and on shutdown. Changes made on any node sharing the PostgreSQL database arrive.
A user may hold KEEL_STREAMS_PER_USER streams per node (default 10), a node KEEL_STREAMS_MAX (2000); beyond, 429.`;

/**
 * GET /api/v1/stream, with its hub and relay, ended on shutdown: open streams close before the
 * server waits for connections to finish (preClose), so a graceful stop never hangs on them.
 */
export function registerLiveRoutes(app: KeelApp, deps: LiveDeps): LiveHub {
  const hub = new LiveHub({
    ...defaultStreamLimits,
    perUser: deps.config.streamsPerUser,
    max: deps.config.streamsMax,
  });
  const relay = new LiveRelay({
    database: deps.database,
    events: deps.events,
    hub,
    logger: deps.logger.child({ component: 'live' }),
    listenUrl: deps.database.kind === 'postgres' ? deps.config.databaseUrl : null,
  });
  const root = app as unknown as FastifyInstance;
  root.addHook('preClose', (done) => {
    hub.close();
    done();
  });
  root.addHook('onClose', async () => {
    await relay.close();
  });

  app.get(
    '/api/v1/stream',
    {
      config: { policy: 'stream.read' },
      exposeHeadRoute: false,
      schema: {
        tags: ['live'],
        summary: 'Live updates (Server-Sent Events)',
        description,
        response: { 200: z.string().describe('text/event-stream'), ...errors(401, 403, 429) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal) throw new AppError('unauthenticated');
      // The first stream on a node waits for its LISTEN, so once a client has the opening
      // bytes, changes on every node reach it.
      await relay.ensureListening();
      if (request.raw.destroyed) return reply.hijack();
      const stream = hub.admit(principal.user.id, reply.raw);
      const started = performance.now();
      reply.hijack();
      // Hijacked: the headers set so far (security headers, request id) are copied by hand.
      const headers: Record<string, string | number | string[]> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) headers[name] = value;
      }
      reply.raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      request.raw.socket.setTimeout(0);
      stream.open(retryMs);
      reply.raw.once('close', () => {
        request.log.info(
          { route: '/api/v1/stream', user: principal.user.id, ms: Math.round(performance.now() - started) },
          'stream closed',
        );
      });
      return reply;
    },
  );
  return hub;
}
