import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import {
  categoryParams,
  categoryView,
  createCategoryBody,
  listCategoriesQuery,
  reorderCategoriesBody,
  updateCategoryBody,
} from './incident-categories.schema.js';
import {
  createCategory,
  listCategories,
  reorderCategories,
  updateCategoryDetails,
} from './incident-categories.service.js';

const tags = ['incident categories'];
const list = z.object({ items: z.array(categoryView) });

/**
 * `/incident-categories/reorder` is a POST route; PATCH on that path would reach the `:id` route
 * with the id "reorder" (which no category can have). It answers as unrouted methods do.
 */
async function notReorder(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if ((request.params as { id?: string }).id !== 'reorder') return undefined;
  reply.callNotFound();
  return reply;
}

/** Incident categories: everyone reads them, admins manage them; never deleted, archived instead. */
export function registerIncidentCategoryRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/incident-categories';

  app.get(base, {
    config: { policy: 'incident_category.read' },
    schema: {
      tags,
      summary: 'Incident categories in display order',
      description: 'Without includeArchived, only the categories that can be chosen for an incident.',
      querystring: listCategoriesQuery,
      response: { 200: list, ...errors(400, 401, 403) },
    },
    handler: async (request) => listCategories(ctx, request.query.includeArchived === 'true'),
  });

  app.post(base, {
    config: { policy: 'incident_category.create' },
    schema: {
      tags,
      summary: 'Add a category (last)',
      description: 'Labels are unique (case and accents ignored). 409 already_exists for a used id or label.',
      body: createCategoryBody,
      response: { 201: categoryView, ...errors(400, 401, 403, 409) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createCategory(ctx, actorOf(request), request.body)),
  });

  app.post(`${base}/reorder`, {
    config: { policy: 'incident_category.update' },
    schema: {
      tags,
      summary: 'Put every category in a new order',
      body: reorderCategoriesBody,
      response: { 200: list, ...errors(400, 401, 403) },
    },
    handler: async (request) => reorderCategories(ctx, actorOf(request), request.body.ids),
  });

  app.patch(`${base}/:id`, {
    onRequest: notReorder,
    config: { policy: 'incident_category.update' },
    schema: {
      tags,
      summary: 'Rename, describe, archive or unarchive a category',
      description: 'The id never changes. There is no delete: archive a category instead.',
      params: categoryParams,
      body: updateCategoryBody,
      response: { 200: categoryView, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request) => updateCategoryDetails(ctx, actorOf(request), request.params.id, request.body),
  });
}
