import { z } from 'zod';
import { iso, isoOrNull } from '../../lib/time.js';
import { impacts, incidentSeverities, incidentStatuses, priorities, urgencies } from './incidents.domain.js';
import type { IncidentRow, TimelineRow } from './incidents.repository.js';

export const incidentView = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  description: z.string(),
  status: z.enum(incidentStatuses),
  severity: z.enum(incidentSeverities),
  urgency: z.enum(urgencies),
  impact: z.enum(impacts),
  priority: z.enum(priorities),
  priorityOverridden: z.boolean(),
  category: z.string().nullable(),
  service: z.object({ id: z.string(), name: z.string() }).nullable(),
  groupKey: z.string().nullable(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  lastEventAt: z.string(),
  snoozedUntil: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
  roles: z.object({
    commander: z.string().nullable(),
    communications: z.string().nullable(),
    scribe: z.string().nullable(),
  }),
  assignees: z.array(z.string()),
  isSample: z.boolean(),
  updatedAt: z.string(),
});
export type IncidentView = z.infer<typeof incidentView>;

export const timelineEntryView = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  actor: z.object({ id: z.string().nullable(), label: z.string() }),
  body: z.record(z.string(), z.unknown()),
});
export type TimelineEntryView = z.infer<typeof timelineEntryView>;

export const incidentDetail = incidentView.extend({
  timeline: z.array(timelineEntryView).describe('Oldest first; the newest 1,000 entries.'),
  timelineTruncated: z.boolean().describe('True when older entries were left out.'),
});
export type IncidentDetail = z.infer<typeof incidentDetail>;

export function presentIncident(
  r: IncidentRow,
  serviceName: string | null,
  assignees: readonly string[],
): IncidentView {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    status: r.status,
    severity: r.severity,
    urgency: r.urgency,
    impact: r.impact,
    priority: r.priority,
    priorityOverridden: r.priority_overridden === 1,
    category: r.category,
    service: r.service_id && serviceName !== null ? { id: r.service_id, name: serviceName } : null,
    groupKey: r.group_key,
    createdAt: iso(r.created_at),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    resolvedAt: isoOrNull(r.resolved_at),
    lastEventAt: iso(r.last_event_at),
    snoozedUntil: isoOrNull(r.snoozed_until),
    mergedIntoId: r.merged_into_id,
    roles: {
      commander: r.commander_user_id,
      communications: r.communications_user_id,
      scribe: r.scribe_user_id,
    },
    assignees: [...assignees],
    isSample: r.is_sample === 1,
    updatedAt: iso(r.updated_at),
  };
}

export function presentTimelineEntry(e: TimelineRow): TimelineEntryView {
  return {
    id: e.id,
    at: iso(e.at),
    kind: e.kind,
    actor: { id: e.actor_user_id, label: e.actor_label },
    body: JSON.parse(e.body) as Record<string, unknown>,
  };
}
