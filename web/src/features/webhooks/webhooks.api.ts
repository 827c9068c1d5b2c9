import { api } from '../../lib/api.js';

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
