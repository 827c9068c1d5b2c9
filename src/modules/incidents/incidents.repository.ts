import { sql, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
import { sequencedId } from '../../lib/ids.js';
import type { IncidentStatus, TimelineKind } from './incidents.domain.js';
import type { IncidentsTable, IncidentTimelineTable } from './incidents.table.js';

export type IncidentRow = Selectable<IncidentsTable>;
export type TimelineRow = Selectable<IncidentTimelineTable>;

/**
 * The next value of a named counter, in the caller's transaction. One `UPDATE … RETURNING`:
 * on PostgreSQL the row stays locked until the transaction ends, so concurrent callers get
 * consecutive values in commit order and a rollback gives its value back (no gaps); on SQLite
 * the transaction holds the database's one writer anyway.
 */
export async function nextCounterValue(db: Db, name: string): Promise<number> {
  const row = (await incrementCounter(db, { name })).rows[0];
  if (!row) throw new Error(`counter ${name} does not exist (is the database migrated?)`);
  return Number(row.value);
}

// The alert pipeline opens incidents in its ingest transaction: these statements are built and
// compiled once (see prepared()).
const incrementCounter = prepared((db, p: { name: string }) =>
  db
    .updateTable('counters')
    .set({ value: sql<number>`value + 1` })
    .where('name', '=', p.name)
    .returning('value'),
);

export async function insertIncident(db: Db, row: IncidentRow): Promise<void> {
  await insertIncidentRow(db, row);
}

const insertIncidentRow = prepared((db, p: IncidentRow) =>
  db.insertInto('incidents').values({
    id: p.id,
    number: p.number,
    title: p.title,
    description: p.description,
    status: p.status,
    severity: p.severity,
    urgency: p.urgency,
    impact: p.impact,
    priority: p.priority,
    priority_overridden: p.priority_overridden,
    category: p.category,
    service_id: p.service_id,
    group_key: p.group_key,
    created_at: p.created_at,
    acknowledged_at: p.acknowledged_at,
    triggered_at: p.triggered_at,
    resolved_at: p.resolved_at,
    last_event_at: p.last_event_at,
    snoozed_until: p.snoozed_until,
    merged_into_id: p.merged_into_id,
    commander_user_id: p.commander_user_id,
    communications_user_id: p.communications_user_id,
    scribe_user_id: p.scribe_user_id,
    is_sample: p.is_sample,
    updated_at: p.updated_at,
  }),
);

export function findIncident(db: Db, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findIncidentByNumber(db: Db, number: number): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirst();
}

/**
 * The newest unresolved incident of a service for a grouping key, created at or after `since`.
 * When the group has none because its newest incident was merged into another one, the incident
 * it went into (followed through further merges) while that one is open: later alerts of the
 * group join it instead of opening a new incident. The merged lookup runs only when no incident
 * of the group is open, i.e. on the way to opening one.
 */
export async function findOpenIncidentRow(
  db: Db,
  serviceId: string,
  groupKey: string,
  since: number | undefined,
): Promise<IncidentRow | undefined> {
  const open = (
    since === undefined
      ? await selectOpenInGroup(db, { serviceId, groupKey })
      : await selectOpenInGroupSince(db, { serviceId, groupKey, since })
  ).rows[0];
  return open ?? mergedTarget(db, serviceId, groupKey, since);
}

// Every new alert looks for its group's incident: these are built and compiled once (prepared()),
// with and without the time window.
const openInGroup = (db: Db, p: { serviceId: string; groupKey: string }) =>
  db
    .selectFrom('incidents')
    .selectAll()
    .where('service_id', '=', p.serviceId)
    .where('group_key', '=', p.groupKey)
    .where('status', 'in', ['triggered', 'acknowledged']);
const selectOpenInGroup = prepared((db, p: { serviceId: string; groupKey: string }) =>
  openInGroup(db, p).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1),
);
const selectOpenInGroupSince = prepared((db, p: { serviceId: string; groupKey: string; since: number }) =>
  openInGroup(db, p)
    .where('created_at', '>=', p.since)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1),
);

/** Merges chain at most this deep are followed (each hop is one primary-key read). */
const maxMergeHops = 16;

/**
 * The incident the group's newest incident was merged into, when it is open. Every incident of
 * the group is resolved here, so 'resolved' is a literal and the (service_id, group_key, status,
 * created_at) index yields the newest directly; the join reads the target by primary key.
 */
async function mergedTarget(
  db: Db,
  serviceId: string,
  groupKey: string,
  since: number | undefined,
): Promise<IncidentRow | undefined> {
  const newest = (
    since === undefined
      ? await selectNewestResolvedInGroup(db, { serviceId, groupKey })
      : await selectNewestResolvedInGroupSince(db, { serviceId, groupKey, since })
  ).rows[0];
  let next = newest?.merged_into_id ?? null;
  for (let hop = 0; next !== null && hop < maxMergeHops; hop++) {
    const row = await findIncident(db, next);
    if (!row) return undefined;
    if (row.status !== 'resolved') return row;
    next = row.merged_into_id;
  }
  return undefined;
}

// Run for every new alert whose group has no open incident (most new alerts): prepared.
const resolvedInGroup = (db: Db, p: { serviceId: string; groupKey: string }) =>
  db
    .selectFrom('incidents as g')
    .select('g.merged_into_id')
    .where('g.service_id', '=', p.serviceId)
    .where('g.group_key', '=', p.groupKey)
    .where('g.status', '=', sql.lit('resolved'));
const selectNewestResolvedInGroup = prepared((db, p: { serviceId: string; groupKey: string }) =>
  resolvedInGroup(db, p).orderBy('g.created_at', 'desc').orderBy('g.id', 'desc').limit(1),
);
const selectNewestResolvedInGroupSince = prepared(
  (db, p: { serviceId: string; groupKey: string; since: number }) =>
    resolvedInGroup(db, p)
      .where('g.created_at', '>=', p.since)
      .orderBy('g.created_at', 'desc')
      .orderBy('g.id', 'desc')
      .limit(1),
);

/**
 * Updates the incident only while its status is one of `from`; the updated row, or undefined
 * when it was in another status. A conditional write, so two concurrent changes cannot both
 * apply: on PostgreSQL the second waits for the first and then no longer matches.
 */
export function updateIncidentIf(
  db: Db,
  id: string,
  from: readonly IncidentStatus[],
  set: Updateable<IncidentsTable>,
): Promise<IncidentRow | undefined> {
  return db
    .updateTable('incidents')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

export function updateIncident(
  db: Db,
  id: string,
  set: Updateable<IncidentsTable>,
): Promise<IncidentRow | undefined> {
  return db.updateTable('incidents').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * Timeline entries are read ordered by `at`, then id: ids from sequencedId keep entries written
 * at the same `at` in the order they were written, by the main thread or the ingest writer thread
 * (random ids would shuffle them).
 */
const timelineId = sequencedId;

export async function insertTimeline(
  db: Db,
  entry: {
    incidentId: string;
    at: number;
    kind: TimelineKind;
    actorUserId: string | null;
    actorLabel: string;
    body: Record<string, unknown>;
  },
): Promise<void> {
  await insertTimelineRow(db, {
    id: timelineId(entry.at),
    incident_id: entry.incidentId,
    at: entry.at,
    kind: entry.kind,
    actor_user_id: entry.actorUserId,
    actor_label: entry.actorLabel,
    body: JSON.stringify(entry.body),
  });
}

// Every new alert writes one or two timeline entries: built and compiled once.
const insertTimelineRow = prepared((db, p: TimelineRow) =>
  db.insertInto('incident_timeline').values({
    id: p.id,
    incident_id: p.incident_id,
    at: p.at,
    kind: p.kind,
    actor_user_id: p.actor_user_id,
    actor_label: p.actor_label,
    body: p.body,
  }),
);

/**
 * The newest `limit` timeline entries, oldest first (ids are time-ordered, so entries written
 * at the same millisecond keep the order they were written in).
 */
export async function timelineOf(db: Db, incidentId: string, limit: number): Promise<TimelineRow[]> {
  const rows = await db
    .selectFrom('incident_timeline')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** The newest timeline entry of a kind, or undefined. */
export function lastTimelineEntry(
  db: Db,
  incidentId: string,
  kind: TimelineKind,
): Promise<TimelineRow | undefined> {
  return db
    .selectFrom('incident_timeline')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('kind', '=', kind)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function countTimeline(db: Db, incidentId: string): Promise<number> {
  const r = await db
    .selectFrom('incident_timeline')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Assignee user ids per incident, in the order they were assigned. */
export async function assigneesOf(db: Db, incidentIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(incidentIds.map((i) => [i, []]));
  if (!incidentIds.length) return out;
  const rows = await db
    .selectFrom('incident_assignees')
    .select(['incident_id', 'user_id'])
    .where('incident_id', 'in', incidentIds)
    .orderBy('created_at')
    .orderBy('user_id')
    .execute();
  for (const r of rows) out.get(r.incident_id)?.push(r.user_id);
  return out;
}

export async function replaceAssignees(
  db: Db,
  now: number,
  incidentId: string,
  keep: readonly string[],
  add: readonly string[],
): Promise<void> {
  let del = db.deleteFrom('incident_assignees').where('incident_id', '=', incidentId);
  if (keep.length) del = del.where('user_id', 'not in', keep);
  await del.execute();
  if (add.length) {
    await db
      .insertInto('incident_assignees')
      .values(add.map((userId) => ({ incident_id: incidentId, user_id: userId, created_at: now })))
      .execute();
  }
}

/**
 * Reads an incident by id or number and locks its row until the transaction ends (PostgreSQL:
 * a no-op UPDATE takes the row lock, portably; SQLite: the transaction is the only writer), so
 * concurrent changes to one incident apply one after the other, each seeing the other's result.
 */
export function lockIncident(
  db: Db,
  ref: { id: string } | { number: number },
): Promise<IncidentRow | undefined> {
  const q = db.updateTable('incidents').set({ updated_at: sql<number>`updated_at` });
  return ('id' in ref ? q.where('id', '=', ref.id) : q.where('number', '=', ref.number))
    .returningAll()
    .executeTakeFirst();
}

/** Service names by id, for views. */
export async function serviceNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('services').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function serviceExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('services').select('id').where('id', '=', id).executeTakeFirst());
}

/** Which of these user ids exist. */
export async function existingUserIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}
