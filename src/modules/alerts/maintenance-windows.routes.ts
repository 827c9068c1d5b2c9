import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { idParams } from './alert-rules.input.js';
import {
  createWindowBody,
  listWindowsQuery,
  updateWindowBody,
  windowView,
} from './maintenance-windows.schema.js';
import {
  createWindow,
  deleteWindow,
  getWindow,
  listWindows,
  updateWindow,
} from './maintenance-windows.service.js';

const tags = ['maintenance windows'];

export function registerMaintenanceWindowRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/maintenance-windows';

  app.get(base, {
    config: { policy: 'maintenance_window.read' },
    schema: {
      tags,
      summary: 'Maintenance windows, newest first',
      description:
        'state: scheduled, in_progress or completed, decided now (recurring windows included). nextStartsAt/nextEndsAt: the occurrence under way, else the next one.',
      querystring: listWindowsQuery,
      response: {
        200: z.object({ items: z.array(windowView), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listWindows(ctx, request.query),
  });

  app.post(base, {
    config: { policy: 'maintenance_window.create' },
    schema: {
      tags,
      summary: 'Schedule a maintenance window',
      description:
        'During an occurrence, alerts of its services are stored as in maintenance and page nobody. A recurrence repeats the first occurrence at the same local wall-clock time in timeZone.',
      body: createWindowBody,
      response: { 201: windowView, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createWindow(ctx, actorOf(request), request.body)),
  });

  app.get(`${base}/:id`, {
    config: { policy: 'maintenance_window.read' },
    schema: {
      tags,
      summary: 'A maintenance window',
      params: idParams,
      response: { 200: windowView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getWindow(ctx, request.params.id),
  });

  app.patch(`${base}/:id`, {
    config: { policy: 'maintenance_window.update' },
    schema: {
      tags,
      summary: 'Change a maintenance window',
      params: idParams,
      body: updateWindowBody,
      response: { 200: windowView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => updateWindow(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete(`${base}/:id`, {
    config: { policy: 'maintenance_window.delete' },
    schema: {
      tags,
      summary: 'Delete a maintenance window',
      params: idParams,
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await deleteWindow(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });
}
