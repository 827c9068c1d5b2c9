import { api } from '../../lib/api.js';

/** Maintenance windows calls and shapes. Query keys start with 'maintenance'. */
export const maintenanceKey = 'maintenance';

export const frequencies = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof frequencies)[number];
export const windowStates = ['scheduled', 'in_progress', 'completed'] as const;
export type WindowState = (typeof windowStates)[number];

export interface Recurrence {
  frequency: Frequency;
  interval: number;
  until: string | null;
}

export interface MaintenanceWindow {
  id: string;
  title: string;
  description: string;
  serviceIds: string[];
  startsAt: string;
  endsAt: string;
  timeZone: string;
  recurrence: Recurrence | null;
  state: WindowState;
  nextStartsAt: string | null;
  nextEndsAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type WindowInput = Pick<
  MaintenanceWindow,
  'title' | 'description' | 'serviceIds' | 'startsAt' | 'endsAt' | 'timeZone' | 'recurrence'
>;

export const stateLabels: Record<WindowState, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
};

const units: Record<Frequency, [string, string]> = {
  daily: ['day', 'days'],
  weekly: ['week', 'weeks'],
  monthly: ['month', 'months'],
};

/** "Every day", "Every 2 weeks", "One-off". */
export function describeRecurrence(r: Recurrence | null): string {
  if (!r) return 'One-off';
  const [one, many] = units[r.frequency];
  return r.interval === 1 ? `Every ${one}` : `Every ${r.interval} ${many}`;
}

const oneUrl = (id: string): string => `/api/v1/maintenance-windows/${encodeURIComponent(id)}`;

export const maintenanceApi = {
  create: (body: WindowInput) =>
    api<MaintenanceWindow>('/api/v1/maintenance-windows', { method: 'POST', body }),
  update: (id: string, body: Partial<WindowInput>) =>
    api<MaintenanceWindow>(oneUrl(id), { method: 'PATCH', body }),
  remove: (id: string) => api<void>(oneUrl(id), { method: 'DELETE' }),
};
