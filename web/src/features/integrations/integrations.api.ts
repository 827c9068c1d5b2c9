import { api } from '../../lib/api.js';
import type { Integration, IntegrationType } from '../../lib/types.js';
import type { WebhookMapping } from './webhook-mapping-model.js';

/** Integrations of one service. Keys: ['services', 'integrations', serviceId]. */
export const integrationsKey = (serviceId: string) => ['services', 'integrations', serviceId] as const;
const base = (serviceId: string): string => `/api/v1/services/${encodeURIComponent(serviceId)}/integrations`;
const one = (serviceId: string, id: string): string => `${base(serviceId)}/${encodeURIComponent(id)}`;

/** The event Keel would record, as the preview returns it. */
export interface PreviewEvent {
  action: 'trigger' | 'acknowledge' | 'resolve';
  dedupKey: string;
  summary: string;
  severity: string;
  source: string | null;
  description?: string | null;
  links: { href: string; text: string }[];
  occurredAt?: number | null;
  details?: Record<string, unknown>;
  [more: string]: unknown;
}
export type PreviewResult = { ok: true; event: PreviewEvent } | { ok: false; errors: string[] };

export const integrationsApi = {
  list: (serviceId: string) => api<{ items: Integration[] }>(base(serviceId)),
  create: (
    serviceId: string,
    body: { type: IntegrationType; name: string; config?: Record<string, unknown> },
  ) => api<Integration>(base(serviceId), { method: 'POST', body }),
  update: (
    serviceId: string,
    id: string,
    body: { name?: string; config?: Record<string, unknown>; disabled?: boolean },
  ) => api<Integration>(one(serviceId, id), { method: 'PATCH', body }),
  remove: (serviceId: string, id: string) => api<void>(one(serviceId, id), { method: 'DELETE' }),
  rotateKey: (serviceId: string, id: string) =>
    api<Integration>(`${one(serviceId, id)}/rotate-key`, { method: 'POST' }),
  preview: (mapping: WebhookMapping, sample: unknown) =>
    api<PreviewResult>('/api/v1/integrations/webhook-preview', { method: 'POST', body: { mapping, sample } }),
};

/** What each sender is, in one line, for the type picker and the cards. */
export const integrationTypeInfo: Record<IntegrationType, { label: string; help: string }> = {
  pagerduty: {
    label: 'PagerDuty Events API v2',
    help: 'Any tool that can send to PagerDuty: point it at Keel and use this integration’s key as the routing key.',
  },
  alertmanager: {
    label: 'Prometheus Alertmanager',
    help: 'A webhook receiver in alertmanager.yml; firing and resolved alerts arrive in groups.',
  },
  grafana: {
    label: 'Grafana Alerting',
    help: 'A webhook contact point in Grafana, with an optional signing secret.',
  },
  opsgenie: {
    label: 'Opsgenie Alert API',
    help: 'Alertmanager or Grafana Opsgenie receivers: set only their API URL and key to Keel’s.',
  },
  webhook: {
    label: 'Generic webhook',
    help: 'Any JSON body: map its fields to title, severity and the rest with paths.',
  },
  keel: {
    label: 'Keel JSON events',
    help: 'Keel’s own event format, for scripts and your own tools.',
  },
};
