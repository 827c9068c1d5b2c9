import type { Db } from '../../../db/database.js';
import { AppError, notFound } from '../../../http/errors.js';
import type { ServiceContext } from '../../../lib/context.js';
import { decodeCursor, toPage, type Page } from '../../../lib/pagination.js';
import { iso, isoOrNull } from '../../../lib/time.js';
import {
  attemptsOf,
  listNotificationRows,
  type AttemptRow,
  type NotificationRow,
} from './deliveries.repository.js';
import type { ListNotificationsQuery, NotificationView } from './notifications.schema.js';

function presentAttempt(a: AttemptRow) {
  return {
    attempt: a.attempt,
    ok: a.ok === 1,
    statusCode: a.status_code,
    latencyMs: a.latency_ms,
    error: a.error,
    at: iso(a.at),
  };
}

async function present(
  db: Db,
  rows: (NotificationRow & { user_name: string | null })[],
): Promise<NotificationView[]> {
  const attempts = await attemptsOf(
    db,
    rows.map((r) => r.id),
  );
  const byId = new Map<string, AttemptRow[]>();
  for (const a of attempts) byId.set(a.delivery_id, [...(byId.get(a.delivery_id) ?? []), a]);
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incident_id,
    user: { id: r.user_id, name: r.user_name },
    contactMethodId: r.contact_method_id,
    channelType: r.channel_type,
    target: r.target,
    kind: r.kind,
    urgency: r.urgency,
    status: r.status,
    attempts: r.attempts,
    dueAt: iso(r.due_at),
    lastError: r.last_error,
    lastStatusCode: r.last_status_code,
    createdAt: iso(r.created_at),
    finishedAt: isoOrNull(r.finished_at),
    attemptLog: (byId.get(r.id) ?? []).map(presentAttempt),
  }));
}

/** The admin delivery log: newest first, each notification with its attempts. */
export async function listNotifications(
  ctx: ServiceContext,
  q: ListNotificationsQuery,
): Promise<Page<NotificationView>> {
  const after = q.cursor ? (decodeCursor(q.cursor, ['number', 'string']) as [number, string]) : null;
  const since = q.since === undefined ? undefined : Date.parse(q.since);
  const until = q.until === undefined ? undefined : Date.parse(q.until);
  if (since !== undefined && until !== undefined && until <= since) {
    throw new AppError('validation_failed', 'query.until: must be after since', {
      issues: [{ in: 'query', path: ['until'], message: 'must be after since' }],
    });
  }
  const filters = {
    status: q.status,
    incident: q.incident,
    user: q.user,
    channel: q.channel,
    since,
    until,
  };
  const rows = await listNotificationRows(ctx.db, filters, q.limit, after);
  const page = toPage(
    rows,
    q.limit,
    (r) => r,
    (r) => [r.created_at, r.id],
  );
  return { items: await present(ctx.db, page.items), nextCursor: page.nextCursor };
}

/** Every notification of one incident (by id or number), newest first. */
export async function incidentNotifications(
  ctx: ServiceContext,
  ref: string,
): Promise<{ items: NotificationView[] }> {
  const incident = await ctx.db
    .selectFrom('incidents')
    .select('id')
    .where((eb) => (/^\d{1,15}$/.test(ref) ? eb('number', '=', Number(ref)) : eb('id', '=', ref)))
    .executeTakeFirst();
  if (!incident) throw notFound('Incident', ref);
  const rows = await listNotificationRows(ctx.db, { incident: incident.id }, 1000, null);
  return { items: await present(ctx.db, rows.slice(0, 1000)) };
}
