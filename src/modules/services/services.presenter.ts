import { iso } from '../../lib/time.js';
import { serviceSettings, type ServiceSettings } from './services.domain.js';
import type { ServiceRow } from './services.repository.js';

export interface ServiceView {
  id: string;
  name: string;
  description: string;
  ownerTeamId: string | null;
  tier: number | null;
  escalationPolicyId: string | null;
  runbookLinks: { title: string; url: string }[];
  dependsOn: string[];
  settings: ServiceSettings;
  isSample: boolean;
  createdAt: string;
  updatedAt: string;
}

export function presentService(s: ServiceRow, dependsOn: string[]): ServiceView {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    ownerTeamId: s.owner_team_id,
    tier: s.tier,
    escalationPolicyId: s.escalation_policy_id,
    runbookLinks: JSON.parse(s.runbook_links) as ServiceView['runbookLinks'],
    dependsOn,
    // Parsing fills defaults added after the row was written.
    settings: serviceSettings.parse(JSON.parse(s.settings)),
    isSample: s.is_sample === 1,
    createdAt: iso(s.created_at),
    updatedAt: iso(s.updated_at),
  };
}
