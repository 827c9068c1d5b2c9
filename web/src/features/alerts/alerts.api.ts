import { api } from '../../lib/api.js';

/** Alerts calls and shapes. An alert is one deduplicated signal; incidents group alerts. */
export const alertsKey = 'alerts';

export const alertStatuses = ['triggered', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export interface Alert {
  id: string;
  serviceId: string;
  integrationId: string | null;
  incidentId: string | null;
  dedupKey: string;
  status: AlertStatus;
  summary: string;
  source: string | null;
  severity: string;
  priority: string | null;
  labels: Record<string, string>;
  details: Record<string, unknown>;
  links: { href: string; text: string }[];
  images: unknown[];
  eventCount: number;
  createdAt: string;
  lastEventAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** Kept and shown, but paged nobody: a rule, a silence or a maintenance window said so. */
  suppressed: boolean;
  suppression: Suppression | null;
  /** Changing state too often: Keel stops paging for it until it settles. */
  flapping: boolean;
  /** The routing rules that applied, in order. */
  routedBy: { ruleId: string; name: string }[];
}

export interface Suppression {
  kind: 'rule' | 'silence' | 'maintenance';
  id: string;
  name: string;
}

export interface AlertEvent {
  id: string;
  receivedAt: string;
  action: string;
  outcome: string;
  format: string;
  /** The raw request body as received (text, usually JSON). */
  payload: string;
}

export interface AlertDetail extends Alert {
  events: AlertEvent[];
}

export const alertsApi = {
  get: (id: string) => api<AlertDetail>(`/api/v1/alerts/${encodeURIComponent(id)}`),
};

/** What Keel did with one received event, for people. */
export const outcomeLabels: Record<string, string> = {
  opened: 'Opened the alert',
  refreshed: 'Repeated (deduplicated)',
  acknowledged: 'Acknowledged the alert',
  resolved: 'Resolved the alert',
  unknown_alert: 'No such open alert',
  already: 'Already in that state',
};

/** A raw payload as indented JSON when it is JSON; as received otherwise. */
export function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}
