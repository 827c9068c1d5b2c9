import type {
  incidentSeverities as serviceSeverities,
  urgencies as serviceUrgencies,
} from '../services/index.js';

/**
 * The rules of an incident's life, as pure functions: priority from impact × urgency, the
 * default impact of a severity, which status changes are allowed. Categories are data
 * (incident-categories.*), not a list here.
 * docs/incidents.md explains them for people.
 */

export const incidentStatuses = ['triggered', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

// Same lists as services' severity mapping; declared here (checked equal below, at compile time)
// so this module never needs services at run time.
export const incidentSeverities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];
export const urgencies = ['high', 'low'] as const;
export type Urgency = (typeof urgencies)[number];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const listsMatch: [
  Same<typeof incidentSeverities, typeof serviceSeverities>,
  Same<typeof urgencies, typeof serviceUrgencies>,
] = [true, true];
void listsMatch;

export const impacts = ['high', 'medium', 'low'] as const;
export type Impact = (typeof impacts)[number];
export const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Priority = (typeof priorities)[number];

/**
 * The ITIL priority matrix. ITIL scores impact and urgency 1 (high) to 3 (low) and takes
 * priority = impact + urgency − 1, so P1…P5. Keel has two urgencies, not three: `high` is
 * ITIL's high (someone is paged now) and `low` is ITIL's low (it waits for working hours);
 * ITIL's middle urgency is not used. Hence:
 *
 * | impact \ urgency | high | low |
 * |------------------|------|-----|
 * | high             | P1   | P3  |
 * | medium           | P2   | P4  |
 * | low              | P3   | P5  |
 */
export const priorityMatrix: Readonly<Record<Impact, Readonly<Record<Urgency, Priority>>>> = Object.freeze({
  high: { high: 'P1', low: 'P3' },
  medium: { high: 'P2', low: 'P4' },
  low: { high: 'P3', low: 'P5' },
});

export function priorityFor(impact: Impact, urgency: Urgency): Priority {
  return priorityMatrix[impact][urgency];
}

/** The impact an incident starts with when nobody says otherwise. */
export function defaultImpact(severity: IncidentSeverity): Impact {
  switch (severity) {
    case 'SEV1':
    case 'SEV2':
      return 'high';
    case 'SEV3':
      return 'medium';
    case 'SEV4':
      return 'low';
    default: {
      const never: never = severity;
      throw new Error(`unknown severity ${String(never)}`);
    }
  }
}

/**
 * The impact after the severity changes: when the impact is still the one the old severity
 * implies (nobody judged it separately), it follows the new severity; otherwise it stays.
 */
export function impactAfterSeverityChange(
  impact: Impact,
  from: IncidentSeverity,
  to: IncidentSeverity,
): Impact {
  return impact === defaultImpact(from) ? defaultImpact(to) : impact;
}

/** The priority after impact or urgency changed: the matrix's, unless someone set it by hand. */
export function recomputedPriority(
  current: Priority,
  overridden: boolean,
  impact: Impact,
  urgency: Urgency,
): Priority {
  return overridden ? current : priorityFor(impact, urgency);
}

/**
 * Status changes, by what causes them:
 * - acknowledge: triggered → acknowledged
 * - resolve: triggered or acknowledged → resolved
 * - retrigger: acknowledged → triggered (a new alert, or the acknowledgement timed out)
 * - reopen: resolved → triggered (by a person)
 */
export const statusActions = Object.freeze({
  acknowledge: { from: ['triggered'], to: 'acknowledged' },
  resolve: { from: ['triggered', 'acknowledged'], to: 'resolved' },
  retrigger: { from: ['acknowledged'], to: 'triggered' },
  reopen: { from: ['resolved'], to: 'triggered' },
} as const satisfies Record<string, { from: readonly IncidentStatus[]; to: IncidentStatus }>);
export type StatusAction = keyof typeof statusActions;

/**
 * What an action does to an incident in `status`: `apply` it, nothing (`noop`: already in the
 * target state, so repeating an action is harmless) or refuse it (`illegal`).
 */
export function planStatusAction(action: StatusAction, status: IncidentStatus): 'apply' | 'noop' | 'illegal' {
  const rule = statusActions[action];
  if (status === rule.to) return 'noop';
  return (rule.from as readonly IncidentStatus[]).includes(status) ? 'apply' : 'illegal';
}

/** Every allowed `from → to`, derived from the actions. */
export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return Object.values(statusActions).some(
    (a) => a.to === to && (a.from as readonly IncidentStatus[]).includes(from),
  );
}

/** Snoozing pauses escalation of an open incident; a resolved one has nothing to pause. */
export function canSnooze(status: IncidentStatus): boolean {
  return status !== 'resolved';
}

/** What a timeline entry records. Text in the database, so new kinds need no migration. */
export const timelineKinds = [
  'triggered',
  // On-call delivery: a notification sent, failed, or a person with no way to reach them.
  'notification',
  'alert_linked',
  'alert_acknowledged',
  'alert_resolved',
  'acknowledged',
  'resolved',
  'retriggered',
  'reopened',
  'note',
  'severity_changed',
  'priority_changed',
  'impact_changed',
  'assigned',
  'roles_changed',
  'updated',
  'snoozed',
  'merged',
  // On-call escalation: a level paged people, escalation moved on, a schedule had nobody on call.
  'paged',
  'escalated',
  'nobody_on_call',
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

/** Longest markdown note, in characters. */
export const noteMaxLength = 10_000;
/** Longest snooze: one week. */
export const snoozeMaxMinutes = 10_080;
