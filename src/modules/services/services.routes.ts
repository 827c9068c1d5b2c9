import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { serviceSettings } from './services.domain.js';
import { createServiceBody, listServicesQuery, serviceParams, updateServiceBody } from './services.schema.js';
import { createService, deleteService, getService, listServices, updateService } from './services.service.js';

const serviceView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  ownerTeamId: z.string().nullable(),
  tier: z.number().nullable(),
  escalationPolicyId: z.string().nullable(),
  runbookLinks: z.array(z.object({ title: z.string(), url: z.string() })),
  dependsOn: z.array(z.string()),
  settings: serviceSettings,
  isSample: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function registerServiceRoutes(app: KeelApp, ctx: ServiceContext): void {
  app.get('/api/v1/services', {
    config: { policy: 'service.read' },
    schema: {
      tags: ['services'],
      summary: 'List services',
      querystring: listServicesQuery,
      response: {
        200: z.object({ items: z.array(serviceView), nextCursor: z.string().nullable(), total: z.number() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listServices(ctx, request.query),
  });

  app.post('/api/v1/services', {
    config: { policy: 'service.create' },
    schema: {
      tags: ['services'],
      summary: 'Create a service',
      description:
        'Only `name` is required. Settings default to one incident per alert, resolved when its alerts resolve.',
      body: createServiceBody,
      response: { 201: serviceView, ...errors(400, 401, 403, 409) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createService(ctx, actorOf(request), request.body)),
  });

  app.get('/api/v1/services/:id', {
    config: { policy: 'service.read' },
    schema: {
      tags: ['services'],
      summary: 'Get a service',
      params: serviceParams,
      response: { 200: serviceView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getService(ctx, request.params.id),
  });

  app.patch('/api/v1/services/:id', {
    config: { policy: 'service.update' },
    schema: {
      tags: ['services'],
      summary: 'Change a service',
      params: serviceParams,
      body: updateServiceBody,
      response: { 200: serviceView, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request) => updateService(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete('/api/v1/services/:id', {
    config: { policy: 'service.delete' },
    schema: {
      tags: ['services'],
      summary: 'Delete a service and its integrations',
      params: serviceParams,
      response: { 204: noContent, ...errors(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteService(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });
}
