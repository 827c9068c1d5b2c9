import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';

/**
 * Schedules calls and shapes (docs/oncall.md). Instants may come back as ISO strings or epoch ms;
 * the UI reads both through `ms()` and always sends ISO strings. Query keys start with 'schedules'.
 */
export const schedulesKey = 'schedules';
export const oncallNowKey = ['oncall', 'now'] as const;

export type Instant = string | number;
export const rotationKinds = ['daily', 'weekly', 'days', 'hours'] as const;
export type RotationKind = (typeof rotationKinds)[number];
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export interface WeeklyWindow {
  fromDay: Weekday;
  from: string;
  toDay: Weekday;
  to: string;
}
export type Restriction =
  { kind: 'daily'; from: string; to: string } | { kind: 'weekly'; windows: WeeklyWindow[] };

export interface Layer {
  id?: string;
  name: string;
  members: string[];
  rotation: { kind: RotationKind; every: number };
  startsAt: Instant;
  endsAt?: Instant | null;
  restrictions: Restriction | null;
}

export interface Schedule {
  id: string;
  name: string;
  description: string;
  timeZone: string;
  teamId: string | null;
  layers: Layer[];
  isSample?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface ScheduleInput {
  name: string;
  description?: string;
  timeZone: string;
  teamId?: string | null;
  layers: Layer[];
}

export interface Person {
  name: string;
  email?: string;
}

export interface Span {
  start: Instant;
  end: Instant;
  userId: string | null;
  source?: unknown;
}

export interface Timeline {
  layers: { layerId: string; name: string; spans: Span[] }[];
  overrides: Override[];
  final: Span[];
  users: Record<string, Person>;
}

export interface Override {
  id: string;
  userId: string;
  startsAt: Instant;
  endsAt: Instant;
  note?: string;
  createdBy?: { id: string | null; name: string };
}

export interface UserRef {
  id: string;
  name: string;
  email: string;
}

export interface CoverRequest {
  id: string;
  scheduleId: string;
  requester: UserRef | null;
  startsAt: Instant;
  endsAt: Instant;
  note: string;
  status: 'open' | 'accepted' | 'cancelled';
  acceptedBy: UserRef | null;
  overrideId: string | null;
}

export interface OnCallAt {
  scheduleId: string;
  at: Instant;
  user: { id: string; name: string; email?: string } | null;
  source?: unknown;
}

export interface OnCallNowItem {
  schedule: { id: string; name: string };
  user: { id: string; name: string } | null;
  until: Instant | null;
}

/** Epoch ms of an instant the API returned (ISO string or number); NaN when unreadable. */
export function ms(v: Instant | null | undefined): number {
  if (v === null || v === undefined) return Number.NaN;
  return typeof v === 'number' ? v : new Date(v).getTime();
}

export function iso(v: Instant | null | undefined): string | null {
  const t = ms(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const one = (id: string): string => `/api/v1/schedules/${encodeURIComponent(id)}`;

export const schedulesApi = {
  get: (id: string) => api<Schedule>(one(id)),
  create: (body: ScheduleInput) => api<Schedule>('/api/v1/schedules', { method: 'POST', body }),
  update: (id: string, body: Partial<ScheduleInput>) => api<Schedule>(one(id), { method: 'PATCH', body }),
  remove: (id: string) => api<void>(one(id), { method: 'DELETE' }),
  timeline: (id: string, since: string, until: string, signal?: AbortSignal) =>
    api<Timeline>(withQuery(`${one(id)}/timeline`, { since, until }), signal ? { signal } : {}),
  oncall: (id: string) => api<OnCallAt>(`${one(id)}/oncall`),
  overrides: (id: string) => api<{ items: Override[] }>(`${one(id)}/overrides`),
  addOverride: (id: string, body: { userId?: string; startsAt: string; endsAt: string; note?: string }) =>
    api<Override>(`${one(id)}/overrides`, { method: 'POST', body }),
  removeOverride: (id: string, overrideId: string) =>
    api<void>(`${one(id)}/overrides/${encodeURIComponent(overrideId)}`, { method: 'DELETE' }),
  coverRequests: (id: string) =>
    api<{ items: CoverRequest[] }>(withQuery(`${one(id)}/cover-requests`, { status: 'open' })),
  askCover: (id: string, body: { startsAt: string; endsAt: string; note?: string }) =>
    api<CoverRequest>(`${one(id)}/cover-requests`, { method: 'POST', body }),
  acceptCover: (requestId: string) =>
    api<unknown>(`/api/v1/cover-requests/${encodeURIComponent(requestId)}/accept`, { method: 'POST' }),
  cancelCover: (requestId: string) =>
    api<unknown>(`/api/v1/cover-requests/${encodeURIComponent(requestId)}/cancel`, { method: 'POST' }),
  icalToken: (id: string) => api<{ url: string }>(`${one(id)}/ical-token`, { method: 'POST' }),
  myIcalToken: () => api<{ url: string }>('/api/v1/me/ical-token', { method: 'POST' }),
  now: () => api<{ items: OnCallNowItem[] }>('/api/v1/oncall/now'),
};

/** Every schedule (up to 500), for pickers and the list page. */
export function useAllSchedules() {
  return useQuery({
    queryKey: [schedulesKey, 'all'],
    queryFn: ({ signal }) => api<Page<Schedule>>(withQuery('/api/v1/schedules', { limit: 500 }), { signal }),
    select: (page) => page.items,
  });
}

export const rotationLabel = (r: { kind: RotationKind; every: number }): string => {
  const n = r.every;
  switch (r.kind) {
    case 'daily':
      return n === 1 ? 'Daily' : `Every ${n} days`;
    case 'weekly':
      return n === 1 ? 'Weekly' : `Every ${n} weeks`;
    case 'days':
      return n === 1 ? 'Every day' : `Every ${n} days`;
    case 'hours':
      return n === 1 ? 'Every hour' : `Every ${n} hours`;
    default: {
      const never: never = r.kind;
      return String(never);
    }
  }
};
