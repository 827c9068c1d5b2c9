import { api } from '../../lib/api.js';
import type { IncidentSeverity, Urgency } from '../../lib/types.js';

/** Incidents calls and shapes. Query keys start with 'incidents' so one invalidation refreshes all. */
export const incidentsKey = 'incidents';

export const incidentStatuses = ['triggered', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];
export const impacts = ['high', 'medium', 'low'] as const;
export type Impact = (typeof impacts)[number];
export const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Priority = (typeof priorities)[number];
export const incidentRoles = ['commander', 'communications', 'scribe'] as const;
export type IncidentRole = (typeof incidentRoles)[number];

export const roleNames: Record<IncidentRole, string> = {
  commander: 'Incident commander',
  communications: 'Communications lead',
  scribe: 'Scribe',
};

export interface Incident {
  id: string;
  number: number;
  title: string;
  description: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  urgency: Urgency;
  impact: Impact;
  priority: Priority;
  priorityOverridden: boolean;
  /** An incident category id (features/incident-categories); null: none. */
  category: string | null;
  service: { id: string; name: string } | null;
  groupKey: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  lastEventAt: string;
  snoozedUntil: string | null;
  mergedIntoId: string | null;
  roles: Record<IncidentRole, string | null>;
  /** User ids. */
  assignees: string[];
  isSample: boolean;
  updatedAt: string;
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  actor: { id: string | null; label: string };
  /** Its shape depends on `kind`. */
  body: Record<string, unknown>;
}

export interface IncidentDetail extends Incident {
  /** Oldest first. */
  timeline: TimelineEntry[];
  timelineTruncated: boolean;
}

export interface CreateIncidentInput {
  title: string;
  description?: string;
  serviceId?: string | null;
  severity?: IncidentSeverity;
  urgency?: Urgency;
  impact?: Impact;
}

const one = (id: string): string => `/api/v1/incidents/${encodeURIComponent(id)}`;
const post = <T>(path: string, body?: unknown) =>
  api<T>(path, { method: 'POST', ...(body !== undefined && { body }) });

/** Every action answers 200 with the incident as it is afterwards. */
export const incidentsApi = {
  get: (id: string) => api<IncidentDetail>(one(id)),
  create: (body: CreateIncidentInput) => post<IncidentDetail>('/api/v1/incidents', body),
  update: (id: string, body: { title?: string; description?: string; category?: string | null }) =>
    api<IncidentDetail>(one(id), { method: 'PATCH', body }),
  acknowledge: (id: string) => post<IncidentDetail>(`${one(id)}/acknowledge`),
  resolve: (id: string, note?: string) => post<IncidentDetail>(`${one(id)}/resolve`, note ? { note } : {}),
  reopen: (id: string) => post<IncidentDetail>(`${one(id)}/reopen`),
  addNote: (id: string, body: string) => post<IncidentDetail>(`${one(id)}/notes`, { body }),
  assign: (id: string, userIds: string[]) => post<IncidentDetail>(`${one(id)}/assign`, { userIds }),
  severity: (id: string, severity: IncidentSeverity) =>
    post<IncidentDetail>(`${one(id)}/severity`, { severity }),
  priority: (id: string, priority: Priority | null) =>
    post<IncidentDetail>(`${one(id)}/priority`, { priority }),
  impact: (id: string, impact: Impact) => post<IncidentDetail>(`${one(id)}/impact`, { impact }),
  roles: (id: string, roles: Partial<Record<IncidentRole, string | null>>) =>
    post<IncidentDetail>(`${one(id)}/roles`, roles),
  snooze: (id: string, minutes: number) => post<IncidentDetail>(`${one(id)}/snooze`, { minutes }),
};

export const statusLabels: Record<IncidentStatus, string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

export const impactLabels: Record<Impact, string> = { high: 'High', medium: 'Medium', low: 'Low' };
export const urgencyLabels: Record<Urgency, string> = { high: 'High', low: 'Low' };

/** The ITIL matrix the server uses: what "automatic" priority an impact and urgency give. */
export function matrixPriority(impact: Impact, urgency: Urgency): Priority {
  const table: Record<Impact, Record<Urgency, Priority>> = {
    high: { high: 'P1', low: 'P3' },
    medium: { high: 'P2', low: 'P4' },
    low: { high: 'P3', low: 'P5' },
  };
  return table[impact][urgency];
}

/** "1 h", "4 h", "1 d", "90 min". */
export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** Open = not resolved: it can be acknowledged (when triggered), resolved and snoozed. */
export const isOpen = (i: Pick<Incident, 'status'>): boolean => i.status !== 'resolved';
