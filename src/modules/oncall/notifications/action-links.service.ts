import type { Db } from '../../../db/database.js';
import type { Actor } from '../../../lib/context.js';
import { PendingEvents, type EventBus } from '../../../lib/events.js';
import { recordAudit } from '../../audit/index.js';
import {
  acknowledgeIncident,
  lockIncident,
  resolveIncident,
  scheduleAckTimeout,
  type IncidentStatus,
} from '../../incidents/index.js';
import { findUserById } from '../../users/index.js';
import { verifyActionToken, type ActionClaims, type LinkAction } from './action-token.js';
import type { NotificationsContext } from './notifications.context.js';
import { secretBoxFor } from './secret-key.js';

export interface ActionLinkDeps {
  events: EventBus;
  /** The app's hook run when an incident resolves through the API (resolves its alerts). */
  onResolved?: (db: Db, now: number, incidentId: string) => Promise<void>;
}

export type LinkView =
  | {
      ok: true;
      claims: ActionClaims;
      incident: { number: number; title: string; status: IncidentStatus };
      userName: string;
    }
  | { ok: false; status: 403 | 404 | 410; message: string };

/** What the confirmation page shows, after checking the token (signature, expiry, user, incident). */
export async function inspectLink(ctx: NotificationsContext, token: string): Promise<LinkView> {
  const box = await secretBoxFor(ctx.db, ctx.config);
  const check = verifyActionToken(box, token, ctx.clock.now());
  if (!check.ok) {
    return check.reason === 'expired'
      ? { ok: false, status: 410, message: 'This link has expired. Open the incident in Keel instead.' }
      : { ok: false, status: 403, message: 'This link is not valid. It may have been altered or cut short.' };
  }
  const { claims } = check;
  const user = await findUserById(ctx.db, claims.userId);
  if (!user || user.disabled) return { ok: false, status: 403, message: 'This link is no longer valid.' };
  const incident = await ctx.db
    .selectFrom('incidents')
    .select(['number', 'title', 'status'])
    .where('id', '=', claims.incidentId)
    .executeTakeFirst();
  if (!incident) return { ok: false, status: 404, message: 'This incident no longer exists.' };
  return { ok: true, claims, incident, userName: user.name };
}

export type ActOutcome = { done: boolean; number: number; status: IncidentStatus; action: LinkAction };

/**
 * Acknowledges or resolves as the person the link was sent to, in one transaction with the
 * timeline entry ("<name> (via link)") and the audit entry; domain events after the commit.
 * An incident already in (or past) that state is left as it is (done: false).
 */
export async function actOnLink(
  ctx: NotificationsContext,
  deps: ActionLinkDeps,
  claims: ActionClaims,
  request: { ip: string | null; requestId: string | null },
): Promise<ActOutcome | null> {
  const now = ctx.clock.now();
  const events = new PendingEvents();
  const out = await ctx.db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, claims.userId);
    const row = await lockIncident(trx, { id: claims.incidentId });
    if (!user || user.disabled || !row) return null;
    const actor: Actor = {
      userId: user.id,
      role: user.role,
      label: `${user.name} <${user.email}> via action link`,
      via: 'system',
      ip: request.ip,
      requestId: request.requestId,
    };
    const timelineActor = { userId: user.id, label: `${user.name} (via link)` };
    const after =
      claims.action === 'acknowledge'
        ? await acknowledgeIncident(trx, now, events, row.id, timelineActor)
        : await resolveIncident(trx, now, events, row.id, timelineActor, 'resolved from a notification link');
    const done = after.status !== row.status;
    if (done) {
      if (after.status === 'acknowledged') await scheduleAckTimeout(trx, now, after);
      if (after.status === 'resolved') await deps.onResolved?.(trx, now, row.id);
      await recordAudit(trx, now, actor, {
        action: `incident.${after.status}`,
        resourceType: 'incident',
        resourceId: row.id,
        before: { status: row.status },
        after: { status: after.status, via: 'action link' },
      });
    }
    return { done, number: after.number, status: after.status, action: claims.action };
  });
  events.publishTo(deps.events, now);
  return out;
}
