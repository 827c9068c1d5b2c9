import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { apiKeyScopes } from './auth.table.js';
import { createApiKey, createApiKeyBody, listApiKeys, revokeApiKey } from './api-keys.service.js';

const apiKeyView = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(apiKeyScopes)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export function registerApiKeyRoutes(app: KeelApp, ctx: ServiceContext): void {
  app.get('/api/v1/api-keys', {
    config: { policy: 'api_key.read' },
    schema: {
      tags: ['api keys'],
      summary: 'Your API keys (owners and admins: everyone’s with all=true)',
      querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
      response: { 200: z.object({ items: z.array(apiKeyView) }), ...errors(401, 403) },
    },
    handler: async (request) => ({
      items: await listApiKeys(ctx, actorOf(request), request.query.all === 'true'),
    }),
  });

  app.post('/api/v1/api-keys', {
    config: { policy: 'api_key.create' },
    schema: {
      tags: ['api keys'],
      summary: 'Create an API key',
      description:
        'The key is in the answer once and never again: only its hash is stored. Send it as `Authorization: Bearer <key>`.',
      body: createApiKeyBody,
      response: { 201: apiKeyView.extend({ key: z.string() }), ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await createApiKey(ctx, actorOf(request), request.body, request.principal!.scopes)),
  });

  app.delete('/api/v1/api-keys/:id', {
    config: { policy: 'api_key.revoke' },
    schema: {
      tags: ['api keys'],
      summary: 'Revoke an API key (takes effect at once)',
      params: z.object({ id: z.string().min(1).max(64) }),
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await revokeApiKey(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });
}
