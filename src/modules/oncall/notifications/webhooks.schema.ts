import { z } from 'zod';
import { pageQuery } from '../../../lib/pagination.js';
import { attemptView } from './notifications.schema.js';
import { notificationStatuses } from './notifications.table.js';

/** Outgoing webhook subscriptions (docs/oncall.md "Outgoing webhooks"). */
export const webhookEvents = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.escalated',
  'incident.reassigned',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

// Checked in the service (http(s), not link-local), so a bad URL is one issue on `url`.
const url = z.string().min(1).max(2000).describe('An http(s) URL.');
const events = z.array(z.enum(webhookEvents)).min(1, 'name at least one event').max(20);

export const createSubscriptionBody = z.strictObject({
  url,
  serviceId: z.string().min(1).max(64).nullable().default(null).describe('null: every service.'),
  events,
  enabled: z.boolean().default(true),
  description: z.string().max(500).default(''),
});
export type CreateSubscriptionInput = z.infer<typeof createSubscriptionBody>;

export const updateSubscriptionBody = z.strictObject({
  url: url.optional(),
  serviceId: z.string().min(1).max(64).nullable().optional(),
  events: events.optional(),
  enabled: z.boolean().optional(),
  description: z.string().max(500).optional(),
});
export type UpdateSubscriptionInput = z.infer<typeof updateSubscriptionBody>;

export const subscriptionView = z.object({
  id: z.string(),
  url: z.string(),
  serviceId: z.string().nullable(),
  events: z.array(z.enum(webhookEvents)),
  enabled: z.boolean(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubscriptionView = z.infer<typeof subscriptionView>;
/** Only the answer to create: the signing secret, shown once. */
export const createdSubscriptionView = subscriptionView.extend({ secret: z.string() });

export const webhookDeliveryView = z.object({
  id: z.string(),
  event: z.string(),
  incidentId: z.string().nullable(),
  status: z.enum(notificationStatuses),
  attempts: z.number(),
  lastError: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  attemptLog: z.array(attemptView),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryView>;
export const listDeliveriesQuery = z.object(pageQuery);
