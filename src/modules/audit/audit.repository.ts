import type { Db } from '../../db/database.js';
import { containsText, type DialectKind } from '../../db/dialect.js';
import { decodeCursor, toPage, type Page } from '../../lib/pagination.js';

export interface AuditFilter {
  action?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  actorId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: { id: string | null; label: string };
  via: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

/** Newest first. `action` matches as a substring ("user." finds every user change). */
export async function listAudit(db: Db, kind: DialectKind, f: AuditFilter): Promise<Page<AuditRecord>> {
  let q = db.selectFrom('audit_log').selectAll();
  // `_` is part of action names (api_key.created), so it must match itself; `%` never occurs in one.
  if (f.action) q = q.where(containsText(kind, 'action', f.action.replace(/%/g, '')));
  if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
  if (f.actorId) q = q.where('actor_user_id', '=', f.actorId);
  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor, ['number', 'string']) as [number, string];
    q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  return toPage(
    rows,
    f.limit,
    (r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: { id: r.actor_user_id, label: r.actor_label },
      via: r.via,
      action: r.action,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      before: r.before === null ? null : (JSON.parse(r.before) as unknown),
      after: r.after === null ? null : (JSON.parse(r.after) as unknown),
      ip: r.ip,
      requestId: r.request_id,
    }),
    (r) => [r.at, r.id],
  );
}

/** Retention: deletes entries older than `before`. */
export async function purgeAudit(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('audit_log').where('at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
