import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../lib/api.js';
import type { Page, RunbookLink, Service, ServiceSettings, Team } from '../../lib/types.js';

/** Services calls. Query keys start with 'services' so one invalidation refreshes lists and details. */
export const servicesKey = 'services';
const one = (id: string): string => `/api/v1/services/${encodeURIComponent(id)}`;

export interface ServiceInput {
  name: string;
  description: string;
  ownerTeamId: string | null;
  tier: number | null;
  escalationPolicyId: string | null;
  runbookLinks: RunbookLink[];
  dependsOn: string[];
  settings: ServiceSettings;
}

export const servicesApi = {
  get: (id: string) => api<Service>(one(id)),
  create: (body: Partial<ServiceInput> & { name: string }) =>
    api<Service>('/api/v1/services', { method: 'POST', body }),
  update: (id: string, body: Partial<ServiceInput>) => api<Service>(one(id), { method: 'PATCH', body }),
  remove: (id: string) => api<void>(one(id), { method: 'DELETE' }),
};

export const tierLabels: Record<number, string> = {
  1: 'Tier 1 — critical',
  2: 'Tier 2 — important',
  3: 'Tier 3 — standard',
  4: 'Tier 4 — low impact',
};

/**
 * Every team, for owner pickers and for showing a team's name next to a service (the services
 * API returns only the id). One request of up to 500 teams, cached for a minute.
 */
export function useTeams() {
  return useQuery({
    queryKey: ['teams', 'all'],
    queryFn: ({ signal }) => api<Page<Team>>(withQuery('/api/v1/teams', { limit: 500 }), { signal }),
    staleTime: 60_000,
    select: (page) => page.items,
  });
}

/** A team's name by id, or a neutral placeholder while teams load or when it is gone. */
export function teamName(teams: Team[] | undefined, id: string | null): string | null {
  if (!id) return null;
  if (!teams) return '…';
  return teams.find((t) => t.id === id)?.name ?? 'Unknown team';
}

/**
 * Every service (up to 500), for filter pickers and for naming a service by id (alerts carry
 * only the id). Cached for a minute.
 */
export function useAllServices() {
  return useQuery({
    queryKey: [servicesKey, 'all'],
    queryFn: ({ signal }) => api<Page<Service>>(withQuery('/api/v1/services', { limit: 500 }), { signal }),
    staleTime: 60_000,
    select: (page) => page.items,
  });
}
