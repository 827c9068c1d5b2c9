import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';

/**
 * Incident categories calls and shapes. One query holds every category, archived ones included:
 * the settings page shows them all, pickers offer the others, and labels resolve for any id an
 * incident may have.
 */
export const categoriesKey = 'incident-categories';

export interface IncidentCategory {
  /** Stable slug the incident stores; never changes. */
  id: string;
  label: string;
  description: string;
  position: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

const base = '/api/v1/incident-categories';
const one = (id: string): string => `${base}/${encodeURIComponent(id)}`;

export const categoriesApi = {
  list: () => api<{ items: IncidentCategory[] }>(`${base}?includeArchived=true`),
  create: (body: { label: string; description?: string }) =>
    api<IncidentCategory>(base, { method: 'POST', body }),
  update: (id: string, body: { label?: string; description?: string; archived?: boolean }) =>
    api<IncidentCategory>(one(id), { method: 'PATCH', body }),
  reorder: (ids: string[]) =>
    api<{ items: IncidentCategory[] }>(`${base}/reorder`, { method: 'POST', body: { ids } }),
};

/** Every category in order, archived ones included. */
export function useIncidentCategories() {
  return useQuery({
    queryKey: [categoriesKey],
    queryFn: async () => (await categoriesApi.list()).items,
    staleTime: 60_000,
  });
}

/** A category's label for display: the id itself while loading or when unknown. */
export function categoryLabel(
  categories: readonly IncidentCategory[] | undefined,
  id: string | null,
): string | null {
  if (!id) return null;
  const c = categories?.find((x) => x.id === id);
  if (!c) return id;
  return c.archived ? `${c.label} (archived)` : c.label;
}

/**
 * What a picker offers: the categories that can be chosen, plus `current` when the incident
 * already has an archived (or unknown) one, so it shows as it is instead of silently changing.
 */
export function categoryOptions(
  categories: readonly IncidentCategory[] | undefined,
  current: string | null,
): { value: string; label: string }[] {
  const list = categories ?? [];
  const options = list
    .filter((c) => !c.archived || c.id === current)
    .map((c) => ({
      value: c.id,
      label: c.archived ? `${c.label} (archived)` : c.label,
    }));
  if (current && !list.some((c) => c.id === current)) options.push({ value: current, label: current });
  return options;
}
