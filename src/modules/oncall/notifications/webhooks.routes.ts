import { z } from 'zod';
import { actorOf } from '../../../http/actor.js';
import { errors, noContent, type KeelApp } from '../../../http/route-types.js';
import type { NotificationsContext } from './notifications.context.js';
import { deliveryResultView, idParams } from './notifications.schema.js';
import {
  createdSubscriptionView,
  createSubscriptionBody,
  listDeliveriesQuery,
  subscriptionView,
  updateSubscriptionBody,
  webhookDeliveryView,
} from './webhooks.schema.js';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  listWebhookDeliveries,
  testSubscription,
  updateSubscription,
} from './webhooks.service.js';

const tags = ['webhooks'];
const base = '/api/v1/webhook-subscriptions';

/** Outgoing webhook subscriptions (admins). docs/oncall.md "Outgoing webhooks". */
export function registerWebhookRoutes(app: KeelApp, ctx: NotificationsContext): void {
  app.get(base, {
    config: { policy: 'webhook_subscription.read' },
    schema: {
      tags,
      summary: 'Outgoing webhook subscriptions',
      response: { 200: z.object({ items: z.array(subscriptionView) }), ...errors(401, 403) },
    },
    handler: async () => listSubscriptions(ctx),
  });

  app.post(base, {
    config: { policy: 'webhook_subscription.write' },
    schema: {
      tags,
      summary: 'Subscribe a URL to incident events',
      description:
        'Answers the signing secret once (`secret`); it is stored encrypted and never shown again. serviceId null: every service.',
      body: createSubscriptionBody,
      response: { 201: createdSubscriptionView, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createSubscription(ctx, actorOf(request), request.body)),
  });

  app.get(`${base}/:id`, {
    config: { policy: 'webhook_subscription.read' },
    schema: {
      tags,
      summary: 'A subscription',
      params: idParams,
      response: { 200: subscriptionView, ...errors(401, 403, 404) },
    },
    handler: async (request) => getSubscription(ctx, request.params.id),
  });

  app.patch(`${base}/:id`, {
    config: { policy: 'webhook_subscription.write' },
    schema: {
      tags,
      summary: 'Change a subscription (URL, service, events, enabled)',
      params: idParams,
      body: updateSubscriptionBody,
      response: { 200: subscriptionView, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => updateSubscription(ctx, actorOf(request), request.params.id, request.body),
  });

  app.delete(`${base}/:id`, {
    config: { policy: 'webhook_subscription.write' },
    schema: {
      tags,
      summary: 'Delete a subscription',
      params: idParams,
      response: { 204: noContent, ...errors(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await deleteSubscription(ctx, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  app.post(`${base}/:id/test`, {
    config: { policy: 'webhook_subscription.write', rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Send a signed `ping` event now',
      params: idParams,
      response: {
        200: z.object({ delivery: deliveryResultView, deliveryId: z.string() }),
        ...errors(401, 403, 404, 429),
      },
    },
    handler: async (request) => testSubscription(ctx, request.params.id),
  });

  app.get(`${base}/:id/deliveries`, {
    config: { policy: 'webhook_subscription.read' },
    schema: {
      tags,
      summary: "A subscription's delivery log",
      description: 'Newest first, each delivery with its attempts (status code, latency, error).',
      params: idParams,
      querystring: listDeliveriesQuery,
      response: {
        200: z.object({ items: z.array(webhookDeliveryView), nextCursor: z.string().nullable() }),
        ...errors(400, 401, 403, 404),
      },
    },
    handler: async (request) => listWebhookDeliveries(ctx, request.params.id, request.query),
  });
}
