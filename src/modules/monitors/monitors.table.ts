/**
 * Monitors and what their checks leave behind. A monitor row is also its own durable timer:
 * `next_check_at` says when it is due, `locked_by`/`locked_until` is the scheduler's lease
 * (docs/monitors.md "Scheduling").
 */
export const monitorStates = ['pending', 'up', 'degraded', 'down', 'dependency_down'] as const;
export type MonitorState = (typeof monitorStates)[number];

export interface MonitorsTable {
  id: string;
  name: string;
  /** A checker type (checkers/registry.ts). */
  type: string;
  /** JSON, as the checker's configSchema parsed it. */
  config: string;
  service_id: string;
  /** The service's "Keel monitors" integration, through which transitions enter the alert pipeline. */
  integration_id: string | null;
  interval_s: number;
  timeout_ms: number;
  /** Consecutive failed checks tolerated: down on failure number retries + 1. */
  retries: number;
  degraded_above_ms: number | null;
  inverted: number;
  paused: number;
  /** JSON array of monitor ids this one depends on. */
  depends_on: string;
  state: MonitorState;
  /** Consecutive failed checks so far (after inversion). */
  failures: number;
  state_changed_at: number;
  last_check_at: number | null;
  last_latency_ms: number | null;
  last_message: string;
  next_check_at: number;
  locked_by: string | null;
  locked_until: number | null;
  /** Secret for the public badge URL. */
  badge_token: string;
  /** Heartbeat monitors: the secret in /api/v1/heartbeat/<token>; null for checked types. */
  heartbeat_token: string | null;
  last_ping_at: number | null;
  /** A /start ping not yet followed by success or failure. */
  last_start_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MonitorResultsTable {
  monitor_id: string;
  at: number;
  /** up, degraded or down after inversion. */
  status: string;
  latency_ms: number;
  /** Empty when up (keeps a row small); the checker's message otherwise. */
  message: string;
}

/** m: one minute, h: one hour, d: one day (UTC). */
export const rollupPeriods = ['m', 'h', 'd'] as const;
export type RollupPeriod = (typeof rollupPeriods)[number];

export interface MonitorRollupsTable {
  monitor_id: string;
  period: RollupPeriod;
  bucket_start: number;
  checks: number;
  failures: number;
  degraded: number;
  latency_sum: number;
  /** Latency histogram, fixed buckets (rollups.domain.ts latencyBounds). */
  h0: number;
  h1: number;
  h2: number;
  h3: number;
  h4: number;
  h5: number;
  h6: number;
  h7: number;
  h8: number;
  h9: number;
  h10: number;
  h11: number;
}

/**
 * What put a row in the state-change log: a check or ping that changed the state, or the monitor's
 * creation, pause or resume (whose from/to state is the state it had then).
 */
export const stateChangeKinds = ['check', 'created', 'paused', 'resumed'] as const;
export type StateChangeKind = (typeof stateChangeKinds)[number];

export interface MonitorStateChangesTable {
  /** Time-ordered (newId(at)). */
  id: string;
  monitor_id: string;
  at: number;
  kind: StateChangeKind;
  /** Null for `created`. */
  from_state: MonitorState | null;
  to_state: MonitorState;
  /** The checker's message of the check that made the change (≤ 500 characters); empty otherwise. */
  message: string;
  latency_ms: number | null;
  status_code: number | null;
}
