import type { ServiceSettings } from '../services/index.js';
import type { NormalizedEvent } from './formats/index.js';

/**
 * Which incident an alert joins. Alertmanager and Grafana groups (receiver + groupKey) become one
 * incident under the default "one incident per alert" mode; a service that groups by labels or by
 * time window uses that instead, for every sender.
 */
export interface Grouping {
  key: string;
  /** Only an incident opened at or after this time may be joined (time-window grouping). */
  since?: number;
}

export function groupingFor(
  settings: ServiceSettings,
  event: NormalizedEvent,
  alertId: string,
  now: number,
): Grouping {
  const g = settings.grouping;
  switch (g.mode) {
    case 'alert':
      return { key: event.groupKey ? `group:${event.groupKey}` : `alert:${alertId}` };
    case 'labels':
      return { key: `labels:${JSON.stringify(g.labels.map((l) => [l, event.labels[l] ?? '']))}` };
    case 'time_window':
      return { key: 'window', since: now - g.windowMinutes * 60_000 };
    default: {
      const never: never = g;
      throw new Error(`unknown grouping ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Whether the grouping key is the alert's own (`alert:<id>`: one incident per alert, no sender
 * group). For an alert being opened, with a new id, no incident can have that key yet.
 */
export function groupKeyNamesAlert(grouping: Grouping, alertId: string): boolean {
  return grouping.key === `alert:${alertId}`;
}

/** How long raw events are kept unless KEEL_RAW_EVENT_RETENTION_DAYS says otherwise. */
export const defaultRawEventRetentionMs = 7 * 86_400_000;
/** Raw payloads above this are stored truncated (the parsed alert keeps what matters). */
export const rawPayloadCapBytes = 64 * 1024;

export function capPayload(raw: string): string {
  if (Buffer.byteLength(raw) <= rawPayloadCapBytes) return raw;
  return `${Buffer.from(raw).subarray(0, rawPayloadCapBytes).toString('utf8')}…[truncated]`;
}
