import { api } from '../../lib/api.js';

/** The notification delivery log (docs/oncall.md). Query keys start with 'notifications'. */
export const notificationsKey = 'notifications';

export const notificationStatuses = ['pending', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

export interface Attempt {
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  at: string;
}

export interface Notification {
  id: string;
  incidentId: string | null;
  user: { id: string; name: string | null };
  contactMethodId: string | null;
  channelType: string;
  target: string;
  kind: string;
  urgency: string;
  status: NotificationStatus;
  attempts: number;
  dueAt: string;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: string;
  finishedAt: string | null;
  attemptLog: Attempt[];
}

export const statusLabels: Record<NotificationStatus, string> = {
  pending: 'Pending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
};

export const statusTones = { pending: 'info', sent: 'good', failed: 'bad', skipped: 'neutral' } as const;

export const deliveriesApi = {
  forIncident: (incidentId: string) =>
    api<{ items: Notification[] }>(`/api/v1/incidents/${encodeURIComponent(incidentId)}/notifications`),
};

/** Time from the first attempt's start to its answer, or the last attempt's, as "120 ms". */
export function latencyText(n: Notification): string {
  const last = n.attemptLog.at(-1);
  return last ? `${last.latencyMs.toLocaleString()} ms` : '—';
}
