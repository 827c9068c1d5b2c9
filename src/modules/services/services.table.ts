/** Row shapes of services and integrations. JSON columns are text; times epoch ms. */
export interface ServicesTable {
  id: string;
  name: string;
  description: string;
  owner_team_id: string | null;
  /** 1 (most critical) to 4; null when not set. */
  tier: number | null;
  /** The escalation policy; null uses the default policy (on-call). */
  escalation_policy_id: string | null;
  /** JSON array of { title, url }. */
  runbook_links: string;
  /** JSON ServiceSettings (grouping, auto-resolve, severity mapping, acknowledgement timeout). */
  settings: string;
  is_sample: number;
  created_at: number;
  updated_at: number;
}

export interface ServiceDependenciesTable {
  service_id: string;
  depends_on_id: string;
}
