import type { Db } from '../../db/database.js';
import type { ServiceSettings } from '../services/index.js';
import { decide, type AlertRulesSnapshot, type Suppression } from './alert-rules.domain.js';
import type { AlertsTable } from './alerts.table.js';
import type { NormalizedEvent } from './formats/index.js';

/**
 * The pipeline's side of routing rules, silences and maintenance windows: what a trigger
 * becomes (service, fields, suppression), the alert columns that record it, and where an
 * acknowledge or resolve finds an alert a rule moved to another service.
 */

interface Target {
  integration: { id: string; service_id: string };
  settings: ServiceSettings;
}

export interface TriggerVerdict {
  routedBy: { ruleId: string; name: string }[];
  suppression: Suppression | null;
}

const nothingApplies: TriggerVerdict = Object.freeze({ routedBy: [], suppression: null });

function isEmpty(s: AlertRulesSnapshot): boolean {
  return !s.global.length && !s.byService.size && !s.silences.length && !s.windows.size;
}

/**
 * Applies the snapshot to a trigger, in memory: the target (another service's, when a global
 * rule routed it there), the event with the rules' severity, priority and labels, and the
 * verdict to record. Acknowledge and resolve events pass through unchanged, with no verdict.
 */
export function routeTrigger<T extends Target>(
  rules: AlertRulesSnapshot,
  target: T,
  event: NormalizedEvent,
  now: number,
): { target: T; event: NormalizedEvent; verdict: TriggerVerdict | null } {
  if (event.action !== 'trigger') return { target, event, verdict: null };
  if (isEmpty(rules)) return { target, event, verdict: nothingApplies };
  const v = decide(
    rules,
    {
      serviceId: target.integration.service_id,
      source: event.source,
      severity: event.severity,
      priority: event.priority,
      summary: event.summary,
      labels: event.labels,
      details: event.details,
    },
    now,
  );
  const a = v.alert;
  const settings = rules.services.get(a.serviceId)?.settings;
  const routed =
    a.serviceId === target.integration.service_id || !settings
      ? target
      : { ...target, integration: { ...target.integration, service_id: a.serviceId }, settings };
  return {
    target: routed,
    event: { ...event, severity: a.severity, priority: a.priority, labels: { ...a.labels } },
    verdict: { routedBy: v.routedBy, suppression: v.suppression },
  };
}

/** The alert columns that record a verdict (what the UI shows as "why"). */
export function verdictColumns(
  v: TriggerVerdict | null,
): Pick<AlertsTable, 'suppressed' | 'suppression' | 'routed_by'> {
  return {
    suppressed: v?.suppression ? 1 : 0,
    suppression: v?.suppression ? JSON.stringify(v.suppression) : null,
    routed_by: JSON.stringify(v?.routedBy ?? []),
  };
}

/**
 * An acknowledge or resolve whose key has no open alert in the integration's own service may be
 * for an alert a global rule routed elsewhere: look in the services rules route to, for an alert
 * this integration opened. No query when no rule routes anywhere.
 */
export function openReroutedAlert(
  db: Db,
  rules: AlertRulesSnapshot,
  integrationId: string,
  dedupKey: string,
): Promise<AlertsTable | undefined> {
  if (!rules.rerouteTargets.size) return Promise.resolve(undefined);
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('service_id', 'in', [...rules.rerouteTargets])
    .where('dedup_key', '=', dedupKey)
    .where('status', '<>', 'resolved')
    .where('integration_id', '=', integrationId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
