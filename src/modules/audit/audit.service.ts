import type { Db } from '../../db/database.js';
import type { Actor } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';

export interface AuditEntry {
  /** `<resource>.<verb>`, e.g. `user.updated`. */
  action: string;
  resourceType: string;
  resourceId: string | null;
  before?: unknown;
  after?: unknown;
}

const secretKey = /(password|secret|token|hash|^key$|apikey|api_key$)/i;

/** Removes anything secret-looking from a value before it is stored in the audit log. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !secretKey.test(k))
        .map(([k, v]) => [k, redact(v)]),
    );
  }
  return value;
}

/**
 * Records one change. Call it with the transaction that makes the change, so the audit row
 * exists exactly when the change does.
 */
export async function recordAudit(db: Db, now: number, actor: Actor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(now),
      at: now,
      actor_user_id: actor.userId,
      actor_label: actor.label,
      via: actor.via,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      ip: actor.ip,
      request_id: actor.requestId,
    })
    .execute();
}
