import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { importMonitors } from './monitor-import.js';
import {
  createMonitorBody,
  listMonitorsQuery,
  monitorListItem,
  monitorView,
  updateMonitorBody,
} from './monitors.schema.js';
import {
  cloneMonitor,
  createMonitor,
  deleteMonitor,
  getMonitor,
  listMonitors,
  updateMonitor,
} from './monitors.service.js';

const tags = ['monitors'];
const idParams = z.object({ id: z.string().min(1).max(64) });

export function registerMonitorRoutes(app: KeelApp, ctx: ServiceContext): void {
  const base = '/api/v1/monitors';

  app.get(base, {
    config: { policy: 'monitor.read' },
    schema: {
      tags,
      summary: 'Monitors, newest first',
      description:
        'Filters: state (or paused), type, service (id), q (name contains). Keyset paging with cursor.',
      querystring: listMonitorsQuery,
      response: {
        200: z.object({ items: z.array(monitorListItem), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listMonitors(ctx, request.query),
  });

  app.post(base, {
    config: { policy: 'monitor.create' },
    schema: {
      tags,
      summary: 'Create a monitor',
      description: 'config is validated by the type\'s checker (docs/monitors.md "Checkers").',
      body: createMonitorBody,
      response: { 201: monitorView, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createMonitor(ctx, actorOf(request), request.body)),
  });

  app.post('/api/v1/monitor-imports', {
    config: { policy: 'monitor.create' },
    schema: {
      tags,
      summary: 'Import monitors, all or nothing',
      description:
        'A JSON array of create bodies, or {"csv": "<text with a header row>"}. Any invalid row answers 400 with every row\'s issues (path starts with the row index) and nothing is created.',
      body: z.union([z.array(z.unknown()), z.strictObject({ csv: z.string().max(5_000_000) })]),
      response: { 201: z.object({ items: z.array(monitorView) }), ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.code(201).send({ items: await importMonitors(ctx, actorOf(request), request.body) }),
  });

  app.get(`${base}/:id`, {
    config: { policy: 'monitor.read' },
    schema: {
      tags,
      summary: 'A monitor',
      params: idParams,
      response: { 200: monitorView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getMonitor(ctx, request.params.id),
  });

  app.patch(`${base}/:id`, {
    config: { policy: 'monitor.update' },
    schema: {
      tags,
      summary: 'Change a monitor',
      params: idParams,
      body: updateMonitorBody,
      response: { 200: monitorView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => updateMonitor(ctx, actorOf(request), request.params.id, request.body),
  });

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(`${base}/:id/${action}`, {
      config: { policy: 'monitor.update' },
      schema: {
        tags,
        summary: `${action === 'pause' ? 'Pause' : 'Resume'} a monitor`,
        params: idParams,
        response: { 200: monitorView, ...errors(401, 403, 404) },
      },
      handler: async (request) => updateMonitor(ctx, actorOf(request), request.params.id, { paused }),
    });
  }

  app.post(`${base}/:id/clone`, {
    config: { policy: 'monitor.create' },
    schema: {
      tags,
      summary: 'Copy a monitor (new id, badge token, state pending)',
      params: idParams,
      body: z.strictObject({ name: z.string().trim().min(1).max(200).optional() }).nullish(),
      response: { 201: monitorView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await cloneMonitor(ctx, actorOf(request), request.params.id, request.body?.name)),
  });

  app.delete(`${base}/:id`, {
    config: { policy: 'monitor.delete' },
    schema: {
      tags,
      summary: 'Delete a monitor and its results',
      params: idParams,
      response: { 204: noContent, ...errors(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteMonitor(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });
}
