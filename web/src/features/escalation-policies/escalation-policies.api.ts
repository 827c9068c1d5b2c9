import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';

/** Escalation policy calls and shapes (docs/oncall.md). Query keys start with 'escalation-policies'. */
export const policiesKey = 'escalation-policies';

export const targetTypes = ['user', 'schedule', 'team', 'policy'] as const;
export type TargetType = (typeof targetTypes)[number];
export const maxRepeat = 9;
export const maxDelayMinutes = 1440;

export interface Target {
  type: TargetType;
  id: string;
  /** From the server; null when the target no longer exists. */
  name?: string | null;
}

export interface Level {
  delayMinutes: number;
  targets: Target[];
}

export interface Policy {
  id: string;
  name: string;
  description: string;
  repeat: number;
  isDefault: boolean;
  levels: Level[];
  services: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface PolicyInput {
  name: string;
  description: string;
  repeat: number;
  isDefault?: boolean;
  levels: { delayMinutes: number; targets: { type: TargetType; id: string }[] }[];
}

export interface Paging {
  policy: { id: string; name: string; isDefault: boolean } | null;
  wouldPage: boolean;
  reason?: string;
  onCallNow: {
    policy: { id: string; name: string };
    level: number;
    users: { id: string; name: string; reachable: boolean }[];
    nobodyOnCall: { id: string; name: string }[];
  }[];
}

export const targetLabels: Record<TargetType, string> = {
  user: 'Person',
  schedule: 'Schedule (whoever is on call)',
  team: 'Team (everyone in it)',
  policy: 'Another policy',
};

const one = (id: string): string => `/api/v1/escalation-policies/${encodeURIComponent(id)}`;

export const policiesApi = {
  get: (id: string) => api<Policy>(one(id)),
  create: (body: PolicyInput) => api<Policy>('/api/v1/escalation-policies', { method: 'POST', body }),
  update: (id: string, body: Partial<PolicyInput>) => api<Policy>(one(id), { method: 'PATCH', body }),
  remove: (id: string) => api<void>(one(id), { method: 'DELETE' }),
  paging: (serviceId: string) => api<Paging>(`/api/v1/services/${encodeURIComponent(serviceId)}/paging`),
};

/** Every policy (up to 500), for the list page and pickers. */
export function useAllPolicies() {
  return useQuery({
    queryKey: [policiesKey, 'all'],
    queryFn: ({ signal }) =>
      api<Page<Policy>>(withQuery('/api/v1/escalation-policies', { limit: 500 }), { signal }),
    select: (page) => page.items,
  });
}

/** "Ana Ruiz", "Payments primary (schedule)". */
export function targetText(t: Target): string {
  const name = t.name ?? 'Removed';
  return t.type === 'user' ? name : `${name} (${t.type})`;
}
