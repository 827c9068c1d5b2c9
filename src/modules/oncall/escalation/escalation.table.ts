/** Row shapes of the escalation tables. Times are epoch milliseconds; flags 0/1 integers. */
export interface EscalationPoliciesTable {
  id: string;
  name: string;
  description: string;
  /** How many times the whole policy runs again after its last level (0–9). */
  repeat: number;
  /** 1 for the one policy used by services (and incidents) that name none. */
  is_default: number;
  /** JSON: `EscalationLevel[]` (escalation.domain.ts). */
  levels: string;
  created_at: number;
  updated_at: number;
}

/**
 * One escalation step taken: the key (incident, trigger, hand-off, round, level) is unique, so a
 * step that runs again (a job repeated after a crash, or by a second worker) finds its row and
 * does nothing twice. Deleted with its incident.
 */
export interface EscalationStepsTable {
  incident_id: string;
  /** The incident's triggered_at when the chain started: a new trigger is a new chain. */
  triggered_at: number;
  /** How many policy hand-offs (a level targeting another policy) led here; 0 for the service's policy. */
  hop: number;
  round: number;
  level: number;
  policy_id: string | null;
  /** JSON array of the user ids paged. */
  user_ids: string;
  at: number;
}
