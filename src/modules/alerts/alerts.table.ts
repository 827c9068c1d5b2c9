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
  /** 1: stored and visible, but it opened or joined no incident (nothing paged). */
  suppressed: number;
  /** JSON Suppression (why it is suppressed) or null. */
  suppression: string | null;
  /** 1: it re-triggered too often (the service's flapping setting) and joined the earlier incident. */
  flapping: number;
  /** JSON array of { ruleId, name }: the routing rules that changed it. */
  routed_by: string;
  /** Its latest raw event (alert_events), the head of its chain of events; null before the first. */
  last_event_id: string | null;
}

/** What happened to one received event. */
export const eventOutcomes = [
  'opened',
  'refreshed',
  'acknowledged',
  'resolved',
  'unknown_alert',
  'already',
  /** Opened or refreshed, but suppressed by a rule, silence or maintenance window: nothing paged. */
  'suppressed',
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
  /**
   * The same alert's event before this one (its chain, from alerts.last_event_id; no index per
   * alert: see migration 0012). Null for its first event, and for events of no alert.
   */
  prev_id: string | null;
}
