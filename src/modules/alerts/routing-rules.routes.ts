import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { idParams } from './alert-rules.input.js';
import {
  createRuleBody,
  listRulesQuery,
  reorderBody,
  ruleView,
  updateRuleBody,
} from './routing-rules.schema.js';
import {
  createRule,
  deleteRule,
  getRule,
  listRules,
  reorderRules,
  updateRule,
} from './routing-rules.service.js';

const tags = ['routing rules'];
const list = z.object({ items: z.array(ruleView) });

/**
 * `/routing-rules/reorder` is a POST route; other methods on that path would reach the `:id`
 * routes with the id "reorder". They answer as unrouted methods do (404 route_not_found).
 */
async function notReorder(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if ((request.params as { id?: string }).id !== 'reorder') return undefined;
  reply.callNotFound();
  return reply;
}

export function registerRoutingRuleRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/routing-rules';

  app.get(base, {
    config: { policy: 'routing_rule.read' },
    schema: {
      tags,
      summary: 'Routing rules in evaluation order',
      description:
        'Global rules run first and may route an alert to another service; then that service’s rules. In each, the first matching rule applies and evaluation stops, unless the rule says continue.',
      querystring: listRulesQuery,
      response: { 200: list, ...errors(400, 401, 403) },
    },
    handler: async (request) => listRules(ctx, request.query.service),
  });

  app.post(base, {
    config: { policy: 'routing_rule.create' },
    schema: {
      tags,
      summary: 'Create a routing rule',
      body: createRuleBody,
      response: { 201: ruleView, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createRule(ctx, actorOf(request), request.body)),
  });

  app.post(`${base}/reorder`, {
    config: { policy: 'routing_rule.update' },
    schema: {
      tags,
      summary: 'Put one scope’s rules in a new order',
      body: reorderBody,
      response: { 200: list, ...errors(400, 401, 403) },
    },
    handler: async (request) => reorderRules(ctx, actorOf(request), request.body),
  });

  app.get(`${base}/:id`, {
    onRequest: notReorder,
    config: { policy: 'routing_rule.read' },
    schema: {
      tags,
      summary: 'A routing rule',
      params: idParams,
      response: { 200: ruleView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getRule(ctx, request.params.id),
  });

  app.patch(`${base}/:id`, {
    onRequest: notReorder,
    config: { policy: 'routing_rule.update' },
    schema: {
      tags,
      summary: 'Change a routing rule',
      params: idParams,
      body: updateRuleBody,
      response: { 200: ruleView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => updateRule(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete(`${base}/:id`, {
    onRequest: notReorder,
    config: { policy: 'routing_rule.delete' },
    schema: {
      tags,
      summary: 'Delete a routing rule',
      params: idParams,
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await deleteRule(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });
}
