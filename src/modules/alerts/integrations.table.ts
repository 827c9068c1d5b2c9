/** Integrations: a service's inbound alert endpoints, one per sender format. */
export const integrationTypes = [
  'pagerduty',
  'alertmanager',
  'grafana',
  'opsgenie',
  'webhook',
  'keel',
] as const;
export type IntegrationType = (typeof integrationTypes)[number];

export interface IntegrationsTable {
  id: string;
  service_id: string;
  type: IntegrationType;
  name: string;
  /**
   * The routing key senders put in the URL or payload. Stored as is, like PagerDuty's
   * integration keys: it only lets its holder send events to this one service, and people need
   * to read it again to configure senders.
   */
  key: string;
  /** JSON: per-type settings (webhook field mapping, Grafana signing secret). */
  config: string;
  disabled: number;
  is_sample: number;
  last_event_at: number | null;
  created_at: number;
  updated_at: number;
}
