import type { Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
import { AppError, notFound } from '../../http/errors.js';
import type { PendingEvents } from '../../lib/events.js';
import { newId } from '../../lib/ids.js';
import {
  defaultImpact,
  planStatusAction,
  priorityFor,
  statusActions,
  type Impact,
  type IncidentSeverity,
  type Priority,
  type StatusAction,
  type TimelineKind,
  type Urgency,
} from './incidents.domain.js';
import {
  findIncident,
  findOpenIncidentRow,
  insertIncident,
  insertTimeline,
  nextCounterValue,
  updateIncidentIf,
  type IncidentRow,
} from './incidents.repository.js';
import type { IncidentsTable } from './incidents.table.js';
import { enqueueEscalation, enqueueIncidentChanged } from './outbox.jobs.js';
import { hasPagingInterest } from './paging-interest.js';

/**
 * The operations on incidents that run inside a caller's transaction: the alert pipeline calls
 * them from its ingest transaction, the incidents API from its own. None opens a transaction,
 * none publishes: domain events are added to the caller's `PendingEvents`, which the caller
 * publishes once it has committed. `now` is the caller's clock reading.
 */

/** Who did it, as the timeline shows it: a person, or `{ userId: null, label: 'Alertmanager' }`. */
export interface TimelineActor {
  readonly userId: string | null;
  readonly label: string;
}

export interface OpenIncidentInput {
  /** Trimmed; cut to `titleMaxLength` characters; empty becomes "Untitled incident". */
  title: string;
  description?: string;
  serviceId: string | null;
  severity: IncidentSeverity;
  urgency: Urgency;
  /** Set over the matrix (e.g. a sender's own priority); null or absent: impact × urgency. */
  priority?: Priority | null;
  /** Default: from the severity (SEV1–2 high, SEV3 medium, SEV4 low). */
  impact?: Impact;
  /** A category id; not checked here (the API checks what people choose). */
  category?: string | null;
  groupKey: string | null;
  actor: TimelineActor;
  isSample?: boolean;
}

export const titleMaxLength = 500;

function cleanTitle(title: string): string {
  const t = title.trim();
  if (!t) return 'Untitled incident';
  return t.length > titleMaxLength ? `${t.slice(0, titleMaxLength - 1)}…` : t;
}

/**
 * Opens incident #N (the next number), with a `triggered` timeline entry and the
 * `incident.triggered` event. The number comes from a counter row that stays locked until the
 * caller's transaction ends (PostgreSQL): call this late in the transaction, and keep that
 * transaction short, since other incidents wait for their number until it commits.
 */
export async function openIncident(
  db: Db,
  now: number,
  events: PendingEvents,
  input: OpenIncidentInput,
): Promise<IncidentRow> {
  const impact = input.impact ?? defaultImpact(input.severity);
  const row: IncidentRow = {
    id: newId(now),
    number: 0,
    title: cleanTitle(input.title),
    description: input.description ?? '',
    status: 'triggered',
    severity: input.severity,
    urgency: input.urgency,
    impact,
    priority: input.priority ?? priorityFor(impact, input.urgency),
    priority_overridden: input.priority ? 1 : 0,
    category: input.category ?? null,
    service_id: input.serviceId,
    group_key: input.groupKey,
    created_at: now,
    acknowledged_at: null,
    triggered_at: now,
    resolved_at: null,
    last_event_at: now,
    snoozed_until: null,
    merged_into_id: null,
    commander_user_id: null,
    communications_user_id: null,
    scribe_user_id: null,
    is_sample: input.isSample ? 1 : 0,
    updated_at: now,
  };
  row.number = await nextCounterValue(db, 'incident_number');
  await insertIncident(db, row);
  await addTimeline(db, now, row.id, 'triggered', input.actor, {
    title: row.title,
    severity: row.severity,
    urgency: row.urgency,
    impact: row.impact,
    priority: row.priority,
    serviceId: row.service_id,
  });
  events.add('incident.triggered', { incidentId: row.id, number: row.number, serviceId: row.service_id });
  // Outbox: the first escalation step commits with the incident (sample incidents page nobody).
  // Nobody to page or notify (no escalation policy, no webhook subscription): no step.
  if (!input.isSample && (await hasPagingInterest(db, now)))
    await enqueueEscalation(db, now, { incidentId: row.id, triggeredAt: now, round: 0, level: 0 });
  return row;
}

/**
 * The newest incident of `serviceId` with `groupKey` that is not resolved; with `since`, only
 * one created at or after it (time-window grouping). When the group's newest incident was merged
 * into another, the open incident it went into (see findOpenIncidentRow). Undefined when there
 * is none.
 */
export function findOpenIncident(
  db: Db,
  serviceId: string,
  groupKey: string,
  since?: number,
): Promise<IncidentRow | undefined> {
  return findOpenIncidentRow(db, serviceId, groupKey, since);
}

/** Appends an entry to an incident's timeline. `body` is stored as JSON. */
export async function addTimeline(
  db: Db,
  now: number,
  incidentId: string,
  kind: TimelineKind,
  actor: TimelineActor,
  body: Record<string, unknown>,
): Promise<void> {
  await insertTimeline(db, {
    incidentId,
    at: now,
    kind,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    body,
  });
}

/** Records alert activity: `last_event_at` becomes `now` (never moves back). */
/**
 * Records alert activity on an incident (`last_event_at`, which quiet-resolve reads), to within
 * `touchGranularityMs`: a repeat within that of the last recorded activity writes nothing. A
 * sender repeating its alerts (every few seconds, or a storm) otherwise rewrote the incident's row
 * for every event; quiet periods are minutes long.
 */
export async function touchIncident(db: Db, now: number, incidentId: string): Promise<void> {
  // This thread wrote `now` less than the granularity ago: the row (never moving back) is at least
  // that recent, and the statement would change nothing (one statement less per repeated event).
  // Should that write roll back, the row catches up at the next touch after the granularity.
  const since = now - (recentTouches.get(incidentId) ?? -Infinity);
  if (since >= 0 && since < touchGranularityMs) return;
  const { numAffectedRows } = await touchIncidentRow(db, {
    now,
    staleBefore: now - touchGranularityMs,
    incidentId,
  });
  if (Number(numAffectedRows ?? 0n) === 0) return;
  if (recentTouches.size >= 10_000) recentTouches.clear();
  recentTouches.set(incidentId, now);
}

/**
 * touchIncident for several incidents in one statement (PostgreSQL's batched repeats, see
 * src/modules/alerts/batch-refresh.ts): the same granularity, the same memory of recent writes.
 */
export async function touchIncidents(db: Db, now: number, incidentIds: Iterable<string>): Promise<void> {
  const due = new Set<string>();
  for (const id of incidentIds) {
    const since = now - (recentTouches.get(id) ?? -Infinity);
    if (!(since >= 0 && since < touchGranularityMs)) due.add(id);
  }
  if (due.size === 0) return;
  const written = await db
    .updateTable('incidents')
    .set({ last_event_at: now })
    .where('id', 'in', [...due])
    .where('last_event_at', '<', now - touchGranularityMs)
    .returning('id')
    .execute();
  if (recentTouches.size + written.length > 10_000) recentTouches.clear();
  for (const { id } of written) recentTouches.set(id, now);
}

/** Incident id → when this thread last wrote its last_event_at (only the last second matters). */
const recentTouches = new Map<string, number>();

export const touchGranularityMs = 1000;

// Every repeated trigger runs this: built and compiled once (see prepared()).
const touchIncidentRow = prepared((db, p: { now: number; staleBefore: number; incidentId: string }) =>
  db
    .updateTable('incidents')
    .set({ last_event_at: p.now })
    .where('id', '=', p.incidentId)
    .where('last_event_at', '<', p.staleBefore),
);

/** Loads an incident in the caller's transaction or throws not_found. */
export async function requireIncident(db: Db, id: string): Promise<IncidentRow> {
  const row = await findIncident(db, id);
  if (!row) throw notFound('Incident', id);
  return row;
}

const verbs: Record<StatusAction, string> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  retrigger: 'triggered again',
  reopen: 'reopened',
};

const timelineKindOf: Record<StatusAction, TimelineKind> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  retrigger: 'retriggered',
  reopen: 'reopened',
};

function fieldsFor(action: StatusAction, now: number): Updateable<IncidentsTable> {
  switch (action) {
    case 'acknowledge':
      return { status: 'acknowledged', acknowledged_at: now };
    case 'resolve':
      return { status: 'resolved', resolved_at: now, snoozed_until: null };
    case 'retrigger':
      return { status: 'triggered', triggered_at: now, acknowledged_at: null, snoozed_until: null };
    case 'reopen':
      return {
        status: 'triggered',
        triggered_at: now,
        acknowledged_at: null,
        resolved_at: null,
        snoozed_until: null,
      };
    default: {
      const never: never = action;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
}

/**
 * Applies a status action: the updated row, with a timeline entry and an event; the row as it
 * is when already in the target state (no entry, no event). When the action is not allowed from
 * the current state (e.g. acknowledging a resolved incident), `onIllegal: 'throw'` (the API)
 * throws `conflict` and `'keep'` (the alert pipeline, whose events may arrive after a person
 * resolved the incident) returns the row unchanged.
 */
export async function changeStatus(
  db: Db,
  now: number,
  events: PendingEvents,
  incidentId: string,
  actor: TimelineActor,
  action: StatusAction,
  opts: { body?: Record<string, unknown>; onIllegal: 'throw' | 'keep'; extra?: Updateable<IncidentsTable> },
): Promise<IncidentRow> {
  // A concurrent change can move the status between the read and the conditional write; then
  // read again and decide again (a status cannot keep changing under us for long).
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await requireIncident(db, incidentId);
    const plan = planStatusAction(action, current.status);
    if (plan === 'noop') return current;
    if (plan === 'illegal') {
      if (opts.onIllegal === 'keep') return current;
      throw new AppError(
        'conflict',
        `Incident #${current.number} is ${current.status}; it cannot be ${verbs[action]}.`,
        { status: current.status },
      );
    }
    const updated = await updateIncidentIf(db, incidentId, statusActions[action].from, {
      ...fieldsFor(action, now),
      ...opts.extra,
      updated_at: now,
    });
    if (!updated) continue;
    await addTimeline(db, now, incidentId, timelineKindOf[action], actor, opts.body ?? {});
    await recordForOncall(db, now, updated);
    const ref = { incidentId, number: updated.number };
    if (action === 'acknowledge') events.add('incident.acknowledged', { ...ref, by: actor.userId });
    else if (action === 'resolve') events.add('incident.resolved', { ...ref, by: actor.userId });
    else events.add('incident.updated', { ...ref, fields: ['status'], status: updated.status });
    return updated;
  }
  throw new AppError('conflict', 'The incident kept changing; try again.');
}

/**
 * The outbox of a status change, in its transaction: a trigger (re-trigger, reopen) starts a new
 * escalation chain named by the new triggered_at; an acknowledgement or resolution is recorded for
 * outgoing webhooks. A pending step of the old chain finds the status or triggered_at changed and
 * stops, so nothing is cancelled here.
 */
async function recordForOncall(db: Db, now: number, row: IncidentRow): Promise<void> {
  if (row.is_sample) return;
  if (row.status === 'triggered') {
    if (await hasPagingInterest(db, now))
      await enqueueEscalation(db, now, { incidentId: row.id, triggeredAt: now, round: 0, level: 0 });
  } else {
    await enqueueIncidentChanged(db, now, row.id, `incident.${row.status}`);
  }
}

/**
 * triggered → acknowledged. Idempotent. On a resolved incident it changes nothing (an
 * acknowledgement that arrives late is moot) and returns the row as it is.
 */
export function acknowledgeIncident(
  db: Db,
  now: number,
  events: PendingEvents,
  incidentId: string,
  actor: TimelineActor,
): Promise<IncidentRow> {
  return changeStatus(db, now, events, incidentId, actor, 'acknowledge', { onIllegal: 'keep' });
}

/** triggered or acknowledged → resolved, with the reason on the timeline. Idempotent. */
export function resolveIncident(
  db: Db,
  now: number,
  events: PendingEvents,
  incidentId: string,
  actor: TimelineActor,
  reason: string,
): Promise<IncidentRow> {
  return changeStatus(db, now, events, incidentId, actor, 'resolve', { body: { reason }, onIllegal: 'keep' });
}

/**
 * acknowledged → triggered (a new alert on an acknowledged incident, or the acknowledgement
 * timed out), with the reason on the timeline. Idempotent on a triggered incident. On a resolved
 * one it changes nothing and returns the row as it is: a resolved incident comes back only when
 * a person reopens it; the pipeline opens a new incident instead (findOpenIncident never
 * returns a resolved one).
 */
export function retriggerIncident(
  db: Db,
  now: number,
  events: PendingEvents,
  incidentId: string,
  actor: TimelineActor,
  reason: string,
): Promise<IncidentRow> {
  return changeStatus(db, now, events, incidentId, actor, 'retrigger', {
    body: { reason },
    onIllegal: 'keep',
  });
}
