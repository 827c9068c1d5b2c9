import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import {
  createIntegrationBody,
  integrationParams,
  serviceIdParams,
  updateIntegrationBody,
} from './integrations.schema.js';
import { formats } from './formats/index.js';
import { integrationTypes } from './integrations.table.js';
import {
  createIntegration,
  deleteIntegration,
  listIntegrations,
  rotateIntegrationKey,
  updateIntegration,
} from './integrations.service.js';

const integrationView = z.object({
  id: z.string(),
  serviceId: z.string(),
  type: z.enum(integrationTypes),
  name: z.string(),
  key: z.string(),
  url: z.string().describe('The address to paste into the sender.'),
  example: z.string().describe('A request or configuration snippet for this sender.'),
  config: z.record(z.string(), z.unknown()),
  disabled: z.boolean(),
  isSample: z.boolean(),
  lastEventAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function registerIntegrationRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/services/:id/integrations';
  app.get(base, {
    config: { policy: 'integration.read' },
    schema: {
      tags: ['integrations'],
      summary: 'A service’s integrations',
      params: serviceIdParams,
      response: { 200: z.object({ items: z.array(integrationView) }), ...errors(401, 403, 404) },
    },
    handler: async (request) => ({ items: await listIntegrations(ctx, request.params.id) }),
  });

  app.post(base, {
    config: { policy: 'integration.create' },
    schema: {
      tags: ['integrations'],
      summary: 'Add an integration (an inbound alert endpoint) to a service',
      description: 'Answers the `key` and the `url` to paste into the sender, with an `example` request.',
      params: serviceIdParams,
      body: createIntegrationBody,
      response: { 201: integrationView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createIntegration(ctx, actorOf(request), request.params.id, request.body)),
  });

  app.patch(`${base}/:integrationId`, {
    config: { policy: 'integration.update' },
    schema: {
      tags: ['integrations'],
      summary: 'Rename, reconfigure, disable or enable an integration',
      params: integrationParams,
      body: updateIntegrationBody,
      response: { 200: integrationView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) =>
      updateIntegration(ctx, actorOf(request), request.params.id, request.params.integrationId, request.body),
  });

  app.post(`${base}/:integrationId/rotate-key`, {
    config: { policy: 'integration.update' },
    schema: {
      tags: ['integrations'],
      summary: 'Replace the key (the old URL stops working at once)',
      params: integrationParams,
      response: { 200: integrationView, ...errors(401, 403, 404) },
    },
    handler: async (request) =>
      rotateIntegrationKey(ctx, actorOf(request), request.params.id, request.params.integrationId),
  });

  app.delete(`${base}/:integrationId`, {
    config: { policy: 'integration.delete' },
    schema: {
      tags: ['integrations'],
      summary: 'Remove an integration',
      params: integrationParams,
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await deleteIntegration(ctx, actorOf(request), request.params.id, request.params.integrationId);
      return reply.code(204).send();
    },
  });

  app.post('/api/v1/integrations/webhook-preview', {
    config: { policy: 'integration.read' },
    schema: {
      tags: ['integrations'],
      summary: 'Try a generic-webhook field mapping against a sample payload',
      body: z.strictObject({ mapping: z.unknown(), sample: z.unknown() }),
      response: {
        200: z.object({
          ok: z.boolean(),
          event: z.unknown().optional(),
          errors: z.array(z.string()).optional(),
        }),
        ...errors(400, 401),
      },
    },
    handler: async (request) => formats.webhook.preview(request.body.mapping, request.body.sample),
  });
}
