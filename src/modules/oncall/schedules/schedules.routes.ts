import { z } from 'zod';
import { actorOf } from '../../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../../http/route-types.js';
import type { ServiceContext } from '../../../lib/context.js';
import { getOnCall, getTimeline, onCallNow } from './oncall.service.js';
import {
  createScheduleBody,
  idParams,
  listSchedulesQuery,
  onCallNowView,
  onCallQuery,
  onCallView,
  scheduleView,
  timelineQuery,
  timelineView,
  updateScheduleBody,
} from './schedules.schema.js';
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  updateSchedule,
} from './schedules.service.js';

const tags = ['schedules'];

/** Schedules: CRUD, who is on call at an instant, the timeline of a range, everyone on call now. */
export function registerScheduleRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/schedules';

  app.get(base, {
    config: { policy: 'schedule.read' },
    schema: {
      tags,
      summary: 'Schedules, by name',
      querystring: listSchedulesQuery,
      response: {
        200: z.object({ items: z.array(scheduleView), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listSchedules(ctx, request.query),
  });

  app.post(base, {
    config: { policy: 'schedule.create' },
    schema: {
      tags,
      summary: 'Create a schedule',
      description:
        'Layers are listed bottom-up (a later layer wins where it covers). Instants are ISO 8601 with an offset; hand-offs and restrictions are read in timeZone. Members must be existing users.',
      body: createScheduleBody,
      response: { 201: scheduleView, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createSchedule(ctx, actorOf(request), request.body)),
  });

  app.get(`${base}/:id`, {
    config: { policy: 'schedule.read' },
    schema: {
      tags,
      summary: 'A schedule',
      params: idParams,
      response: { 200: scheduleView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getSchedule(ctx, request.params.id),
  });

  app.patch(`${base}/:id`, {
    config: { policy: 'schedule.update' },
    schema: {
      tags,
      summary: 'Change a schedule',
      description: "layers, when sent, replaces every layer; send a layer's id to keep it.",
      params: idParams,
      body: updateScheduleBody,
      response: { 200: scheduleView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => updateSchedule(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete(`${base}/:id`, {
    config: { policy: 'schedule.delete' },
    schema: {
      tags,
      summary: 'Delete a schedule',
      description: 'Its overrides, cover requests and calendar feeds go with it.',
      params: idParams,
      response: { 204: noContent, ...errors(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteSchedule(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  app.get(`${base}/:id/oncall`, {
    config: { policy: 'schedule.read' },
    schema: {
      tags,
      summary: 'Who is on call at an instant',
      description: 'source is {overrideId} or {layerId}; user and source are null when nobody is.',
      params: idParams,
      querystring: onCallQuery,
      response: { 200: onCallView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => getOnCall(ctx, request.params.id, request.query.at),
  });

  app.get(`${base}/:id/timeline`, {
    config: { policy: 'schedule.read' },
    schema: {
      tags,
      summary: 'Layers, overrides and the final schedule over a range',
      description:
        'final covers [since, until) end to end; a gap has userId and source null. At most 93 days.',
      params: idParams,
      querystring: timelineQuery,
      response: { 200: timelineView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => getTimeline(ctx, request.params.id, request.query),
  });

  app.get('/api/v1/oncall/now', {
    config: { policy: 'schedule.read' },
    schema: {
      tags,
      summary: 'Everyone on call now, per schedule',
      response: { 200: onCallNowView, ...errors(401, 403) },
    },
    handler: async () => onCallNow(ctx),
  });
}
