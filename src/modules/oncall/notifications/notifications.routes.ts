import { z } from 'zod';
import { actorOf } from '../../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../../http/route-types.js';
import {
  changeMethod,
  createMethod,
  listMethods,
  removeMethod,
  sendTest,
} from './contact-methods.service.js';
import { incidentNotifications, listNotifications } from './deliveries.service.js';
import type { NotificationsContext } from './notifications.context.js';
import {
  createMethodBody,
  idParams,
  listNotificationsQuery,
  methodParams,
  methodView,
  notificationView,
  rulesBody,
  rulesView,
  testResultView,
  updateMethodBody,
  userParams,
} from './notifications.schema.js';
import { getRules, putRules } from './rules.service.js';

const tags = ['notifications'];

/** Contact methods, notification rules and the delivery log (docs/oncall.md). */
export function registerNotificationRoutes(app: KeelApp, ctx: NotificationsContext): void {
  const methods = '/api/v1/users/:id/contact-methods';

  app.get(methods, {
    config: { policy: 'contact_method.read' },
    schema: {
      tags,
      summary: "A user's contact methods (`me` for yourself)",
      description:
        '`config` holds only the settings safe to show (an address, a phone number, a server URL); secrets are never returned. `description` says where messages go without secrets.',
      params: userParams,
      response: { 200: z.object({ items: z.array(methodView) }), ...errors(401, 403, 404) },
    },
    handler: async (request) => ({ items: await listMethods(ctx, actorOf(request), request.params.id) }),
  });

  app.post(methods, {
    config: { policy: 'contact_method.write' },
    schema: {
      tags,
      summary: 'Add a contact method',
      description: "`config` is validated by the channel's schema; URLs to link-local addresses are refused.",
      params: userParams,
      body: createMethodBody,
      response: { 201: methodView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createMethod(ctx, actorOf(request), request.params.id, request.body)),
  });

  app.patch(`${methods}/:methodId`, {
    config: { policy: 'contact_method.write' },
    schema: {
      tags,
      summary: 'Change a contact method (label, or part of the config)',
      description: '`config` is merged over the stored settings: secrets left out are kept.',
      params: methodParams,
      body: updateMethodBody,
      response: { 200: methodView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) =>
      changeMethod(ctx, actorOf(request), request.params.id, request.params.methodId, request.body),
  });

  app.delete(`${methods}/:methodId`, {
    config: { policy: 'contact_method.write' },
    schema: {
      tags,
      summary: 'Delete a contact method',
      params: methodParams,
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await removeMethod(ctx, actorOf(request), request.params.id, request.params.methodId);
      return reply.code(204).send();
    },
  });

  app.post(`${methods}/:methodId/test`, {
    config: { policy: 'contact_method.write', rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Send a test notification now',
      description: 'Sends once (no retries), records it in the delivery log and answers the outcome.',
      params: methodParams,
      response: { 200: testResultView, ...errors(401, 403, 404, 429) },
    },
    handler: async (request) => sendTest(ctx, actorOf(request), request.params.id, request.params.methodId),
  });

  const rules = '/api/v1/users/:id/notification-rules';
  app.get(rules, {
    config: { policy: 'notification_rule.read' },
    schema: {
      tags,
      summary: "A user's notification rules per urgency",
      description: 'isDefault: the user has set none, and these are the defaults over their contact methods.',
      params: userParams,
      response: { 200: rulesView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getRules(ctx, actorOf(request), request.params.id),
  });

  app.put(rules, {
    config: { policy: 'notification_rule.write' },
    schema: {
      tags,
      summary: "Replace a user's notification rules",
      description: "Each rule: one of the user's contact methods and a delay in minutes (0–1440).",
      params: userParams,
      body: rulesBody,
      response: { 200: rulesView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => putRules(ctx, actorOf(request), request.params.id, request.body),
  });

  app.get('/api/v1/notifications', {
    config: { policy: 'notification.read' },
    schema: {
      tags,
      summary: 'The delivery log (admins)',
      description:
        'Newest first, each notification with its attempts; filter by status, incident id, user id, channel type and creation time (since inclusive, until exclusive).',
      querystring: listNotificationsQuery,
      response: {
        200: z.object({ items: z.array(notificationView), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
    handler: async (request) => listNotifications(ctx, request.query),
  });

  app.get('/api/v1/incidents/:id/notifications', {
    config: { policy: 'incident_notification.read' },
    schema: {
      tags,
      summary: "An incident's notifications, with attempts",
      params: idParams,
      response: { 200: z.object({ items: z.array(notificationView) }), ...errors(401, 403, 404) },
    },
    handler: async (request) => incidentNotifications(ctx, request.params.id),
  });
}
