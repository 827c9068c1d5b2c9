import { iso, isoOrNull } from '../../lib/time.js';
import { exampleRequest, integrationUrl } from './integrations.domain.js';
import type { IntegrationRow } from './integrations.repository.js';

export interface IntegrationView {
  id: string;
  serviceId: string;
  type: IntegrationRow['type'];
  name: string;
  key: string;
  url: string;
  example: string;
  config: Record<string, unknown>;
  disabled: boolean;
  isSample: boolean;
  lastEventAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Secrets in an integration's config (Grafana's signing secret) are shown only as set/not set. */
function publicConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = /secret/i.test(k) ? (v ? '(set)' : null) : v;
  return out;
}

export function presentIntegration(i: IntegrationRow, publicUrl: string): IntegrationView {
  return {
    id: i.id,
    serviceId: i.service_id,
    type: i.type,
    name: i.name,
    key: i.key,
    url: integrationUrl(publicUrl, i.key),
    example: exampleRequest(i.type, publicUrl, i.key),
    config: publicConfig(JSON.parse(i.config) as Record<string, unknown>),
    disabled: i.disabled === 1,
    isSample: i.is_sample === 1,
    lastEventAt: isoOrNull(i.last_event_at),
    createdAt: iso(i.created_at),
    updatedAt: iso(i.updated_at),
  };
}
