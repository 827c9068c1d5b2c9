import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import type { Database } from '../../db/database.js';
import type { ServiceContext } from '../../lib/context.js';
import type { Metrics } from '../../lib/metrics.js';
import { setupBody } from '../auth/auth.schema.js';
import { createSession } from '../auth/index.js';
import { presentUser, userSchemas } from '../users/index.js';
import { loadSampleData, removeSampleData, sampleDataStatus } from './sample-data.service.js';
import { createFirstOwner, needsSetup } from './setup.service.js';

/** Probes, metrics, first-run setup and sample data. */
export function registerSystemRoutes(
  app: KeelApp,
  ctx: ServiceContext,
  database: Database,
  metrics: Metrics,
): void {
  // The liveness probe does no I/O and skips the security headers: it is polled constantly.
  app.get(
    '/healthz',
    { config: { public: true, quiet: true }, helmet: false, schema: { hide: true } },
    (_request, reply) => {
      void reply.header('content-type', 'application/json; charset=utf-8').send('{"status":"ok"}');
    },
  );

  app.get(
    '/readyz',
    { config: { public: true, quiet: true }, schema: { hide: true } },
    async (_request, reply) => {
      try {
        await database.ping();
        return { status: 'ok', database: 'ok' };
      } catch (err) {
        return reply.code(503).send({
          error: {
            code: 'unavailable',
            message: 'The database does not answer.',
            details: { reason: (err as Error).message },
          },
        });
      }
    },
  );

  app.get(
    '/metrics',
    { config: { public: true, quiet: true }, schema: { hide: true } },
    async (_request, reply) => {
      void reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );

  app.get('/api/v1/setup', {
    config: { public: true },
    schema: {
      tags: ['setup'],
      summary: 'Whether Keel still needs its first owner',
      response: { 200: z.object({ needsSetup: z.boolean() }) },
    },
    handler: async () => ({ needsSetup: await needsSetup(ctx) }),
  });

  app.post('/api/v1/setup', {
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['setup'],
      summary: 'Create the first owner (only while there are no users) and sign in',
      body: setupBody,
      response: {
        201: z.object({ user: userSchemas.userView, csrfToken: z.string() }),
        ...errors(400, 409, 429),
      },
    },
    handler: async (request, reply) => {
      const { loadSampleData: withSample, ...input } = request.body;
      const user = await createFirstOwner(ctx, input, { ip: request.ip, requestId: request.id });
      const session = await createSession(
        ctx,
        user,
        { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        false,
      );
      if (withSample) {
        const actor = {
          userId: user.id,
          role: user.role,
          label: `${user.name} <${user.email}>`,
          via: 'session' as const,
          ip: request.ip,
          requestId: request.id,
        };
        await loadSampleData(ctx, actor);
      }
      setSessionCookie(reply, ctx.config, session.token, session.expiresAt, ctx.clock.now());
      return reply.code(201).send({ user: presentUser(user), csrfToken: session.csrfToken });
    },
  });

  const status = z.object({ loaded: z.boolean(), counts: z.record(z.string(), z.number()) });
  app.get('/api/v1/sample-data', {
    config: { policy: 'sample_data.read' },
    schema: {
      tags: ['sample data'],
      summary: 'Whether sample data is loaded',
      response: { 200: status, ...errors(401, 403) },
    },
    handler: async () => sampleDataStatus(ctx),
  });

  app.post('/api/v1/sample-data', {
    config: { policy: 'sample_data.manage' },
    schema: {
      tags: ['sample data'],
      summary: 'Load sample data (marked "Sample", removable)',
      response: { 201: status, ...errors(401, 403) },
    },
    handler: async (request, reply) => {
      await loadSampleData(ctx, actorOf(request));
      return reply.code(201).send(await sampleDataStatus(ctx));
    },
  });

  app.delete('/api/v1/sample-data', {
    config: { policy: 'sample_data.manage' },
    schema: {
      tags: ['sample data'],
      summary: 'Remove all sample data',
      response: { 204: noContent, ...errors(401, 403) },
    },
    handler: async (request, reply) => {
      await removeSampleData(ctx, actorOf(request));
      return reply.code(204).send();
    },
  });
}
