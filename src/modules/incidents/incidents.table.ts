import type {
  Impact,
  IncidentSeverity,
  IncidentStatus,
  Priority,
  TimelineKind,
  Urgency,
} from './incidents.domain.js';

/**
 * Named counters (e.g. `incident_number`): one row each, incremented with one
 * `UPDATE … RETURNING` inside the transaction that uses the value, so a rolled-back transaction
 * leaves no gap and two transactions never get the same value.
 */
export interface CountersTable {
  name: string;
  value: number;
}

/** Row shape of an incident. Times are epoch milliseconds; flags 0/1 integers. */
export interface IncidentsTable {
  id: string;
  /** Per installation, from the `incident_number` counter: 1, 2, 3, … (shown as #42). */
  number: number;
  title: string;
  description: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  urgency: Urgency;
  impact: Impact;
  priority: Priority;
  /** 1 when someone (or the sender, e.g. an Opsgenie priority) set the priority over the matrix. */
  priority_overridden: number;
  /** An incident_categories id (possibly archived since); null until someone categorises it. */
  category: string | null;
  service_id: string | null;
  /** The alert pipeline's grouping key: alerts with the same service and key join this incident. */
  group_key: string | null;
  created_at: number;
  /** When the current acknowledgement happened; null while triggered (cleared on re-trigger). */
  acknowledged_at: number | null;
  /**
   * When it last became triggered (opened, re-triggered, reopened): names its current escalation
   * chain, so a step of an earlier chain stops. Null only for rows older than escalation.
   */
  triggered_at: number | null;
  /** When it was resolved; null while open (cleared on reopen). */
  resolved_at: number | null;
  /** The last alert activity (touchIncident); starts at created_at. Quiet-resolve reads it. */
  last_event_at: number;
  /** Escalation leaves a snoozed incident alone until then (on-call). */
  snoozed_until: number | null;
  merged_into_id: string | null;
  commander_user_id: string | null;
  communications_user_id: string | null;
  scribe_user_id: string | null;
  is_sample: number;
  updated_at: number;
}

export interface IncidentAssigneesTable {
  incident_id: string;
  user_id: string;
  created_at: number;
}

/** What happened to an incident, in order. `body` is JSON whose shape depends on `kind`. */
export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  at: number;
  kind: TimelineKind;
  /** Null for the system and the alert pipeline; the label says who (kept when the user is deleted). */
  actor_user_id: string | null;
  actor_label: string;
  body: string;
}
