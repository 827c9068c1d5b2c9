import { api } from '../../lib/api.js';
import type { Attempt, NotificationStatus } from '../deliveries/deliveries.api.js';

/** Outgoing webhook subscriptions (docs/oncall.md "Outgoing webhooks"). Query keys start with 'webhooks'. */
export const webhooksKey = 'webhooks';

export const webhookEvents = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.escalated',
  'incident.reassigned',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export interface Subscription {
  id: string;
  url: string;
  serviceId: string | null;
  events: WebhookEvent[];
  enabled: boolean;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionInput {
  url: string;
  serviceId: string | null;
  events: WebhookEvent[];
  enabled: boolean;
  description: string;
}

export interface WebhookTest {
  delivery: { ok: boolean; status: number | null; latencyMs: number; error?: string };
  deliveryId?: string;
}

/** One delivery of a subscription (an event or a test ping) with its attempts. */
export interface WebhookDelivery {
  id: string;
  event: string;
  incidentId: string | null;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: string;
  finishedAt: string | null;
  attemptLog: Attempt[];
}

/** The query key (prefix) of one subscription's delivery log. */
export const webhookDeliveriesKey = (id: string): string => `${webhooksKey}-deliveries-${id}`;

const base = '/api/v1/webhook-subscriptions';
const one = (id: string): string => `${base}/${encodeURIComponent(id)}`;

export const webhooksApi = {
  list: () => api<{ items: Subscription[] }>(base),
  /** The answer carries the signing secret, once. */
  create: (body: SubscriptionInput) => api<Subscription & { secret: string }>(base, { method: 'POST', body }),
  update: (id: string, body: Partial<SubscriptionInput>) =>
    api<Subscription>(one(id), { method: 'PATCH', body }),
  remove: (id: string) => api<void>(one(id), { method: 'DELETE' }),
  test: (id: string) => api<WebhookTest>(`${one(id)}/test`, { method: 'POST' }),
};
