/**
 * Row shapes of routing rules, silences and maintenance windows. JSON columns are text, times
 * epoch ms, flags 0/1. The JSON shapes are validated on write (the *.schema.ts files) and typed
 * by alert-rules.types.ts.
 */

/** A routing rule; `service_id` null is a global rule. Evaluated by `position` within its scope. */
export interface RoutingRulesTable {
  id: string;
  name: string;
  service_id: string | null;
  position: number;
  enabled: number;
  match: 'all' | 'any';
  /** JSON RuleCondition[]. */
  conditions: string;
  /** JSON RuleActions. */
  actions: string;
  /** 1: evaluation goes on after this rule matched. */
  continues: number;
  created_at: number;
  updated_at: number;
}

/** An Alertmanager-style silence: every matcher must match, between starts_at and ends_at. */
export interface SilencesTable {
  id: string;
  /** JSON SilenceMatcher[]. */
  matchers: string;
  starts_at: number;
  ends_at: number;
  comment: string;
  created_by_user_id: string | null;
  /** Kept when the user is deleted. */
  created_by_name: string;
  /** Only alerts of this service; null: any service. */
  service_id: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * A maintenance window over one or more services: one occurrence from starts_at to ends_at, or
 * a recurrence that repeats it at the same local wall-clock time in `time_zone`.
 */
export interface MaintenanceWindowsTable {
  id: string;
  title: string;
  description: string;
  starts_at: number;
  ends_at: number;
  time_zone: string;
  recurrence_frequency: 'daily' | 'weekly' | 'monthly' | null;
  recurrence_interval: number | null;
  recurrence_until: number | null;
  /** The end of the last occurrence; null when it recurs forever. Serves "completed" queries. */
  last_ends_at: number | null;
  created_by_user_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface MaintenanceWindowServicesTable {
  window_id: string;
  service_id: string;
}
