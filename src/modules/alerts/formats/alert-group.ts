import { z } from 'zod';
import { finishEvent, type EventDraft } from './event.js';
import { limits } from './limits.js';
import { mapSeverity } from './severity.js';
import { labelsKey, sha256Hex } from './text.js';
import { senderTime } from './timestamp.js';
import type { NormalizedEvent } from './types.js';
import { stringMap } from './validate.js';

/**
 * What Alertmanager's webhook (payload version "4") and Grafana's webhook contact point share:
 * a notification for one group of alerts, each alert with its own status, labels, annotations and
 * times. Both parsers build one event per alert through alertEvent(). Fields not named here
 * (truncatedAlerts, notification_reason, routeLabels, and whatever later versions add) are
 * accepted and ignored.
 */
export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap.optional(),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const groupFields = {
  version: z.string().optional(),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().optional(),
  groupLabels: stringMap.optional(),
  commonLabels: stringMap.optional(),
  commonAnnotations: stringMap.optional(),
  externalURL: z.string().optional(),
};

export type Alert = z.output<typeof alertSchema>;

export interface GroupInfo {
  /** Unambiguous join of receiver and groupKey (and Grafana's orgId), or null without a groupKey. */
  groupKey: string | null;
  commonAnnotations: Record<string, string>;
  client: string;
  clientUrl: string | null;
}

/** JSON of the parts, so no receiver name can make two different groups read the same. */
export function joinGroupKey(
  parts: (string | number | undefined)[],
  groupKey: string | undefined,
): string | null {
  if (groupKey === undefined || groupKey === '') return null;
  return JSON.stringify([...parts.map((p) => p ?? ''), groupKey]);
}

/**
 * One alert as one event. Dedup key: the fingerprint (the same on every replica of an HA pair,
 * and across firing/resolved), else SHA-256 of the sorted labels. Title: the alert's summary
 * annotation, the group's, the alertname label, then `fallbackTitle`. Source is the instance
 * label, group the job label, class the alertname, component the component label.
 */
export function alertEvent(
  alert: Alert,
  group: GroupInfo,
  extra: Pick<EventDraft, 'links' | 'images'> & { details?: Record<string, unknown>; fallbackTitle: string },
): NormalizedEvent {
  const labels = alert.labels;
  const annotations = alert.annotations ?? {};
  const resolved = alert.status === 'resolved';
  const started = senderTime(alert.startsAt);
  const fingerprint = alert.fingerprint;
  const dedupKey = !fingerprint
    ? labelsKey(labels)
    : fingerprint.length > limits.dedupKeyChars
      ? sha256Hex(fingerprint)
      : fingerprint;
  return finishEvent({
    action: resolved ? 'resolve' : 'trigger',
    dedupKey,
    summary:
      nonEmpty(annotations.summary) ??
      nonEmpty(group.commonAnnotations.summary) ??
      nonEmpty(labels.alertname) ??
      extra.fallbackTitle,
    severity: mapSeverity(labels.severity),
    source: labels.instance,
    group: labels.job,
    class: labels.alertname,
    component: labels.component,
    labels,
    details: { ...annotations, ...extra.details },
    links: [
      ...(alert.generatorURL ? [{ href: alert.generatorURL, text: 'Source' }] : []),
      ...(annotations.runbook_url ? [{ href: annotations.runbook_url, text: 'Runbook' }] : []),
      ...(extra.links ?? []),
    ],
    images: extra.images,
    occurredAt: resolved ? (senderTime(alert.endsAt) ?? started) : started,
    groupKey: group.groupKey,
    client: group.client,
    clientUrl: group.clientUrl,
    description: nonEmpty(annotations.description) ?? nonEmpty(group.commonAnnotations.description),
  });
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}
