import { z } from 'zod';
import { actorOf } from '../../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../../http/route-types.js';
import type { ServiceContext } from '../../../lib/context.js';
import {
  acceptCoverRequest,
  cancelCoverRequest,
  createCoverRequest,
  listCoverRequests,
} from './cover-requests.service.js';
import { createOverride, deleteOverride, listOverrides } from './overrides.service.js';
import {
  coverRequestView,
  createCoverRequestBody,
  createOverrideBody,
  idParams,
  listCoverRequestsQuery,
  listOverridesQuery,
  overrideParams,
  overrideView,
} from './schedules.schema.js';

const tags = ['schedules'];

/** Overrides and cover requests of a schedule. */
export function registerOverrideRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/schedules/:id';

  app.get(`${base}/overrides`, {
    config: { policy: 'schedule.read' },
    schema: {
      tags,
      summary: 'Overrides of a schedule',
      params: idParams,
      querystring: listOverridesQuery,
      response: { 200: z.object({ items: z.array(overrideView) }), ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => listOverrides(ctx, request.params.id, request.query),
  });

  app.post(`${base}/overrides`, {
    config: { policy: 'schedule_override.create' },
    schema: {
      tags,
      summary: 'Add an override (someone covers a span)',
      description:
        'Responders add overrides for themselves; owners and admins for anyone. An override overlapping another of the schedule is refused with 409 conflict naming both.',
      params: idParams,
      body: createOverrideBody,
      response: { 201: overrideView, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createOverride(ctx, actorOf(request), request.params.id, request.body)),
  });

  app.delete(`${base}/overrides/:overrideId`, {
    config: { policy: 'schedule_override.delete' },
    schema: {
      tags,
      summary: 'Remove an override',
      description: "Responders remove their own; owners and admins anyone's.",
      params: overrideParams,
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await deleteOverride(ctx, actorOf(request), request.params.id, request.params.overrideId);
      return reply.code(204).send();
    },
  });

  app.get(`${base}/cover-requests`, {
    config: { policy: 'schedule.read' },
    schema: {
      tags,
      summary: 'Cover requests of a schedule, by start',
      params: idParams,
      querystring: listCoverRequestsQuery,
      response: { 200: z.object({ items: z.array(coverRequestView) }), ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => listCoverRequests(ctx, request.params.id, request.query.status),
  });

  app.post(`${base}/cover-requests`, {
    config: { policy: 'cover_request.create' },
    schema: {
      tags,
      summary: 'Ask for cover for a span',
      params: idParams,
      body: createCoverRequestBody,
      response: { 201: coverRequestView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createCoverRequest(ctx, actorOf(request), request.params.id, request.body)),
  });

  app.post('/api/v1/cover-requests/:id/accept', {
    config: { policy: 'cover_request.act' },
    schema: {
      tags,
      summary: 'Cover a request yourself',
      description:
        "Creates your override for the request's span (from now, if it has begun) and marks it accepted, in one transaction. 409 when it is no longer open, has ended, is your own, or overlaps an override.",
      params: idParams,
      response: { 200: coverRequestView, ...errors(401, 403, 404, 409) },
    },
    handler: async (request) => acceptCoverRequest(ctx, actorOf(request), request.params.id),
  });

  app.post('/api/v1/cover-requests/:id/cancel', {
    config: { policy: 'cover_request.act' },
    schema: {
      tags,
      summary: 'Cancel an open cover request',
      description: 'The person who asked, or an owner or admin.',
      params: idParams,
      response: { 200: coverRequestView, ...errors(401, 403, 404, 409) },
    },
    handler: async (request) => cancelCoverRequest(ctx, actorOf(request), request.params.id),
  });
}
