import type { SourceSeverity } from './formats/index.js';

export const alertStatuses = ['triggered', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** One deduplicated signal: at most one unresolved alert per (service, dedup key). */
export interface AlertsTable {
  id: string;
  service_id: string;
  integration_id: string | null;
  dedup_key: string;
  status: AlertStatus;
  summary: string;
  source: string | null;
  severity: SourceSeverity;
  priority: string | null;
  /** JSON objects and arrays as text. */
  labels: string;
  details: string;
  links: string;
  images: string;
  /** The incident grouping key this alert was grouped under. */
  group_key: string | null;
  incident_id: string | null;
  event_count: number;
  created_at: number;
  last_event_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  updated_at: number;
}

/** What happened to one received event. */
export const eventOutcomes = [
  'opened',
  'refreshed',
  'acknowledged',
  'resolved',
  'unknown_alert',
  'already',
] as const;
export type EventOutcome = (typeof eventOutcomes)[number];

/** Every accepted event, raw, for a while (default 7 days): what was sent and what Keel did with it. */
export interface AlertEventsTable {
  id: string;
  received_at: number;
  integration_id: string | null;
  service_id: string;
  format: string;
  action: string;
  dedup_key: string;
  alert_id: string | null;
  outcome: EventOutcome;
  /** The raw request body, capped (see docs/ingest-formats.md). */
  payload: string;
  expires_at: number;
}
