import { z } from 'zod';
import { actorOf } from '../../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../../http/route-types.js';
import type { ServiceContext } from '../../../lib/context.js';
import {
  createPolicyBody,
  pagingView,
  policyParams,
  policyView,
  updatePolicyBody,
} from './escalation.schema.js';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  updatePolicyById,
} from './escalation.service.js';
import { servicePaging } from './paging.service.js';

export function registerEscalationRoutes(app: KeelApp, ctx: ServiceContext): void {
  app.get('/api/v1/escalation-policies', {
    config: { policy: 'escalation_policy.read' },
    schema: {
      tags: ['escalation'],
      summary: 'List escalation policies',
      response: { 200: z.object({ items: z.array(policyView) }), ...errors(401, 403) },
    },
    handler: async () => listPolicies(ctx),
  });

  app.post('/api/v1/escalation-policies', {
    config: { policy: 'escalation_policy.create' },
    schema: {
      tags: ['escalation'],
      summary: 'Create an escalation policy',
      description:
        'Targets must exist; a level may hand over to one other policy; hand-offs that loop are refused with `policy_loop`. The first policy becomes the default unless `isDefault` says otherwise.',
      body: createPolicyBody,
      response: { 201: policyView, ...errors(400, 401, 403, 409) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createPolicy(ctx, actorOf(request), request.body)),
  });

  app.get('/api/v1/escalation-policies/:id', {
    config: { policy: 'escalation_policy.read' },
    schema: {
      tags: ['escalation'],
      summary: 'Get an escalation policy',
      params: policyParams,
      response: { 200: policyView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getPolicy(ctx, request.params.id),
  });

  app.patch('/api/v1/escalation-policies/:id', {
    config: { policy: 'escalation_policy.update' },
    schema: {
      tags: ['escalation'],
      summary: 'Change an escalation policy',
      params: policyParams,
      body: updatePolicyBody,
      response: { 200: policyView, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request) => updatePolicyById(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete('/api/v1/escalation-policies/:id', {
    config: { policy: 'escalation_policy.delete' },
    schema: {
      tags: ['escalation'],
      summary: 'Delete an escalation policy no service or policy uses',
      params: policyParams,
      response: { 204: noContent, ...errors(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deletePolicy(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  app.get('/api/v1/services/:id/paging', {
    config: { policy: 'service.read' },
    schema: {
      tags: ['escalation'],
      summary: 'Who an incident of this service would page now',
      description: '`wouldPage: false` with a `reason` is the "nobody would be paged" warning.',
      params: policyParams,
      response: { 200: pagingView, ...errors(401, 403, 404) },
    },
    handler: async (request) => servicePaging(ctx, request.params.id),
  });
}
