import type { Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import type { PendingEvents } from '../../lib/events.js';
import { iso } from '../../lib/time.js';
import {
  canSnooze,
  impactAfterSeverityChange,
  priorityFor,
  recomputedPriority,
  type Impact,
  type IncidentSeverity,
  type Priority,
  type TimelineKind,
} from './incidents.domain.js';
import {
  assigneesOf,
  existingUserIds,
  lockIncident,
  replaceAssignees,
  updateIncident,
  type IncidentRow,
} from './incidents.repository.js';
import type { RolesInput, UpdateIncidentInput } from './incidents.schema.js';
import { addTimeline, changeStatus, type TimelineActor } from './incidents.service.js';
import type { IncidentsTable } from './incidents.table.js';
import { refOf } from './incident-queries.service.js';
import { requireSelectableCategory } from './incident-categories.service.js';
import { enqueueIncidentChanged } from './outbox.jobs.js';

/**
 * Changes people make to an incident, inside the caller's transaction, on a row the caller has
 * locked (lockIncident). Each writes a timeline entry and adds `incident.updated` only when
 * something changed; the result says whether it did, for the audit log.
 */
export interface Change {
  changed: boolean;
  /** Extra for the audit entry's `after` (what the incident view does not show, e.g. a note). */
  audit?: Record<string, unknown>;
}

const unchanged: Change = { changed: false };

export interface EditContext {
  db: Db;
  now: number;
  events: PendingEvents;
  actor: TimelineActor;
}

async function apply(
  c: EditContext,
  row: IncidentRow,
  set: Updateable<IncidentsTable>,
  kind: TimelineKind,
  body: Record<string, unknown>,
  fields: string[],
): Promise<Change> {
  await updateIncident(c.db, row.id, { ...set, updated_at: c.now });
  await addTimeline(c.db, c.now, row.id, kind, c.actor, body);
  c.events.add('incident.updated', { incidentId: row.id, number: row.number, fields, status: row.status });
  return { changed: true };
}

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, {
    issues: [{ in: 'body', path: [field], message }],
  });

/** The impact follows the new severity unless someone judged it apart; then the priority follows. */
export function setSeverity(c: EditContext, row: IncidentRow, severity: IncidentSeverity): Promise<Change> {
  if (severity === row.severity) return Promise.resolve(unchanged);
  const impact = impactAfterSeverityChange(row.impact, row.severity, severity);
  const priority = recomputedPriority(row.priority, row.priority_overridden === 1, impact, row.urgency);
  const fields = [
    'severity',
    ...(impact !== row.impact ? ['impact'] : []),
    ...(priority !== row.priority ? ['priority'] : []),
  ];
  return apply(
    c,
    row,
    { severity, impact, priority },
    'severity_changed',
    { from: row.severity, to: severity, impact, priority },
    fields,
  );
}

/** A priority overrides the matrix; null returns to it. */
export function setPriority(c: EditContext, row: IncidentRow, priority: Priority | null): Promise<Change> {
  const overridden = priority === null ? 0 : 1;
  const next = priority ?? priorityFor(row.impact, row.urgency);
  if (next === row.priority && overridden === row.priority_overridden) return Promise.resolve(unchanged);
  return apply(
    c,
    row,
    { priority: next, priority_overridden: overridden },
    'priority_changed',
    { from: row.priority, to: next, overridden: overridden === 1 },
    ['priority'],
  );
}

export function setImpact(c: EditContext, row: IncidentRow, impact: Impact): Promise<Change> {
  if (impact === row.impact) return Promise.resolve(unchanged);
  const priority = recomputedPriority(row.priority, row.priority_overridden === 1, impact, row.urgency);
  return apply(c, row, { impact, priority }, 'impact_changed', { from: row.impact, to: impact, priority }, [
    'impact',
    ...(priority !== row.priority ? ['priority'] : []),
  ]);
}

const roleColumns = {
  commander: 'commander_user_id',
  communications: 'communications_user_id',
  scribe: 'scribe_user_id',
} as const;

/** Sets the roles named in `input` (null clears one); the others stay. */
export async function setRoles(c: EditContext, row: IncidentRow, input: RolesInput): Promise<Change> {
  const given = (Object.keys(roleColumns) as (keyof typeof roleColumns)[]).filter(
    (r) => input[r] !== undefined,
  );
  const ids = given.map((r) => input[r]).filter((v): v is string => typeof v === 'string');
  const known = await existingUserIds(c.db, ids);
  for (const r of given) {
    const v = input[r];
    if (typeof v === 'string' && !known.has(v)) throw invalid(r, 'no such user');
  }
  const set: Updateable<IncidentsTable> = {};
  const body: Record<string, { from: string | null; to: string | null }> = {};
  for (const r of given) {
    const to = input[r] ?? null;
    const from = row[roleColumns[r]];
    if (to === from) continue;
    set[roleColumns[r]] = to;
    body[r] = { from, to };
  }
  const changed = Object.keys(body);
  if (!changed.length) return unchanged;
  return apply(
    c,
    row,
    set,
    'roles_changed',
    body,
    changed.map((r) => `roles.${r}`),
  );
}

/** Replaces the assignees with `userIds` (deduplicated, in the order given). */
export async function setAssignees(
  c: EditContext,
  row: IncidentRow,
  userIds: readonly string[],
): Promise<Change> {
  const wanted = [...new Set(userIds)];
  const known = await existingUserIds(c.db, wanted);
  const missing = wanted.filter((u) => !known.has(u));
  if (missing.length) throw invalid('userIds', `no such user: ${missing.join(', ')}`);
  const current = (await assigneesOf(c.db, [row.id])).get(row.id) ?? [];
  const added = wanted.filter((u) => !current.includes(u));
  const removed = current.filter((u) => !wanted.includes(u));
  if (!added.length && !removed.length) return unchanged;
  await replaceAssignees(c.db, c.now, row.id, wanted, added);
  if (!row.is_sample) await enqueueIncidentChanged(c.db, c.now, row.id, 'incident.reassigned');
  return apply(c, row, {}, 'assigned', { added, removed, assignees: wanted }, ['assignees']);
}

/** Stores the markdown exactly as sent: it is text, rendered (sanitised) by the UI, never here. */
export async function addNote(c: EditContext, row: IncidentRow, markdown: string): Promise<Change> {
  await apply(c, row, {}, 'note', { markdown }, ['timeline']);
  return { changed: true, audit: { note: markdown } };
}

/**
 * Pauses escalation until now + minutes; the status stays. Only open incidents: a resolved one
 * has nothing to pause. On-call reads snoozed_until (escalation skips the incident until then).
 */
export function snooze(c: EditContext, row: IncidentRow, minutes: number): Promise<Change> {
  if (!canSnooze(row.status)) {
    throw new AppError(
      'conflict',
      `Incident #${row.number} is ${row.status}; only open incidents can be snoozed.`,
      {
        status: row.status,
      },
    );
  }
  const until = c.now + minutes * 60_000;
  return apply(c, row, { snoozed_until: until }, 'snoozed', { minutes, until: iso(until) }, ['snoozedUntil']);
}

/** A new category must be one that can be chosen; an archived one the incident has may stay. */
export async function editDetails(
  c: EditContext,
  row: IncidentRow,
  input: UpdateIncidentInput,
): Promise<Change> {
  const set: Updateable<IncidentsTable> = {};
  const body: Record<string, unknown> = {};
  if (input.title !== undefined && input.title !== row.title) {
    set.title = input.title;
    body.title = { from: row.title, to: input.title };
  }
  if (input.description !== undefined && input.description !== row.description) {
    set.description = input.description;
    body.description = true;
  }
  if (input.category !== undefined && input.category !== row.category) {
    if (input.category !== null) await requireSelectableCategory(c.db, input.category);
    set.category = input.category;
    body.category = { from: row.category, to: input.category };
  }
  const fields = Object.keys(body);
  if (!fields.length) return unchanged;
  return apply(c, row, set, 'updated', { fields, ...body }, fields);
}

/** resolved → triggered, by a person. A merged incident stays merged: reopen the one it went into. */
export async function reopen(c: EditContext, row: IncidentRow): Promise<Change> {
  if (row.merged_into_id) {
    throw new AppError(
      'conflict',
      `Incident #${row.number} was merged into another incident; reopen that one.`,
      {
        mergedIntoId: row.merged_into_id,
      },
    );
  }
  const after = await changeStatus(c.db, c.now, c.events, row.id, c.actor, 'reopen', { onIllegal: 'throw' });
  return { changed: after.status !== row.status };
}

/** Moves what hangs off a merged incident (its alerts) to the one it went into; what it moved. */
export type MergeHook = (
  db: Db,
  now: number,
  fromId: string,
  intoId: string,
) => Promise<{ alertId: string; dedupKey: string; summary: string; status: string }[]>;

/**
 * Merges `row` into another open incident: `row` becomes resolved with merged_into_id, its alerts
 * move to the other incident (through `moveAlerts`, the alert pipeline's), and both timelines say
 * so: a `merged` entry on each, and an `alert_linked` entry on the other for every alert moved.
 */
export async function merge(
  c: EditContext,
  row: IncidentRow,
  intoRef: string,
  moveAlerts?: MergeHook,
): Promise<Change> {
  const into = await lockIncident(c.db, refOf(intoRef));
  if (!into) throw invalid('intoId', 'no such incident');
  if (into.id === row.id) throw invalid('intoId', 'is this incident');
  if (row.status === 'resolved') {
    throw new AppError('conflict', `Incident #${row.number} is resolved; only open incidents can be merged.`);
  }
  if (into.status === 'resolved') {
    throw new AppError('conflict', `Incident #${into.number} is resolved; merge into an open incident.`);
  }
  // First, so resolving `row` below finds no open alert of its own to resolve.
  const moved = (await moveAlerts?.(c.db, c.now, row.id, into.id)) ?? [];
  const reason = `merged into #${into.number}`;
  await changeStatus(c.db, c.now, c.events, row.id, c.actor, 'resolve', {
    body: { reason },
    onIllegal: 'throw',
    extra: { merged_into_id: into.id },
  });
  const from = { id: row.id, number: row.number, title: row.title };
  const count = moved.length > 0 ? { alertsMoved: moved.length } : {};
  await addTimeline(c.db, c.now, row.id, 'merged', c.actor, {
    into: { id: into.id, number: into.number },
    ...count,
  });
  await apply(c, into, {}, 'merged', { from, ...count }, ['merged']);
  for (const a of moved) {
    await addTimeline(c.db, c.now, into.id, 'alert_linked', c.actor, { ...a, mergedFrom: from });
  }
  const alertsMoved = moved.length > 0 ? { alertsMoved: moved.map((a) => a.alertId) } : {};
  return { changed: true, audit: { mergedInto: { id: into.id, number: into.number }, ...alertsMoved } };
}
