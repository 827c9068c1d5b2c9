import type { Db } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../lib/context.js';
import { toPage, type Page } from '../../lib/pagination.js';
import { listIncidentRows, sortKey } from './incident-list.repository.js';
import {
  presentIncident,
  presentTimelineEntry,
  type IncidentDetail,
  type IncidentView,
} from './incidents.presenter.js';
import {
  assigneesOf,
  countTimeline,
  findIncident,
  findIncidentByNumber,
  serviceNames,
  timelineOf,
  type IncidentRow,
} from './incidents.repository.js';
import type { ListIncidentsQuery } from './incidents.schema.js';

/** The most timeline entries a detail view carries (the newest ones). */
export const timelineLimit = 1000;

/** "42" is incident #42; anything else is an id. */
export function refOf(idOrNumber: string): { id: string } | { number: number } {
  return /^\d{1,15}$/.test(idOrNumber) ? { number: Number(idOrNumber) } : { id: idOrNumber };
}

export async function findByRef(db: Db, idOrNumber: string): Promise<IncidentRow | undefined> {
  const ref = refOf(idOrNumber);
  return 'id' in ref ? findIncident(db, ref.id) : findIncidentByNumber(db, ref.number);
}

export async function presentRows(db: Db, rows: readonly IncidentRow[]): Promise<IncidentView[]> {
  const [names, assignees] = await Promise.all([
    serviceNames(
      db,
      rows.map((r) => r.service_id),
    ),
    assigneesOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) =>
    presentIncident(r, r.service_id ? (names.get(r.service_id) ?? null) : null, assignees.get(r.id) ?? []),
  );
}

export async function presentRow(db: Db, row: IncidentRow): Promise<IncidentView> {
  return (await presentRows(db, [row]))[0]!;
}

export async function detailOf(db: Db, view: IncidentView): Promise<IncidentDetail> {
  const [entries, total] = await Promise.all([
    timelineOf(db, view.id, timelineLimit),
    countTimeline(db, view.id),
  ]);
  return { ...view, timeline: entries.map(presentTimelineEntry), timelineTruncated: total > entries.length };
}

export async function getIncident(ctx: ServiceContext, idOrNumber: string): Promise<IncidentDetail> {
  const row = await findByRef(ctx.db, idOrNumber);
  if (!row) throw notFound('Incident', idOrNumber);
  return detailOf(ctx.db, await presentRow(ctx.db, row));
}

export async function listIncidents(
  ctx: ServiceContext,
  query: ListIncidentsQuery,
): Promise<Page<IncidentView> & { total: number }> {
  const { rows, total } = await listIncidentRows(ctx.db, ctx.kind, {
    ...query,
    since: query.since === undefined ? undefined : Date.parse(query.since),
    until: query.until === undefined ? undefined : Date.parse(query.until),
  });
  const page = toPage(
    rows,
    query.limit,
    (r) => r,
    (r) => sortKey(query.sort, r),
  );
  return { items: await presentRows(ctx.db, page.items), nextCursor: page.nextCursor, total };
}
