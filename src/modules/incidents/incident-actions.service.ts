import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { PendingEvents, type EventBus } from '../../lib/events.js';
import { recordAudit } from '../audit/index.js';
import { scheduleAckTimeout } from './ack-timeout.jobs.js';
import { requireSelectableCategory } from './incident-categories.service.js';
import {
  addNote,
  editDetails,
  merge,
  reopen,
  setAssignees,
  setImpact,
  setPriority,
  setRoles,
  setSeverity,
  snooze,
  type Change,
  type EditContext,
  type MergeHook,
} from './incident-edits.service.js';
import { detailOf, presentRow, refOf } from './incident-queries.service.js';
import type { Impact, IncidentSeverity, Priority, StatusAction } from './incidents.domain.js';
import type { IncidentDetail } from './incidents.presenter.js';
import { lockIncident, serviceExists, type IncidentRow } from './incidents.repository.js';
import type { CreateIncidentInput, RolesInput, UpdateIncidentInput } from './incidents.schema.js';
import { changeStatus, openIncident, requireIncident } from './incidents.service.js';

/**
 * What the incidents API does: each change in one transaction, with its timeline entry and its
 * audit entry, domain events published on the bus only after the commit.
 */
export interface IncidentsContext extends ServiceContext {
  readonly events: EventBus;
  /**
   * Runs inside the transaction that resolves (or merges away) an incident through the API, so
   * what hangs off it ends with it — the alert pipeline resolves the incident's open alerts here.
   * Injected by the app, so this module does not depend on the alerts module.
   */
  readonly onResolved?: (db: EditContext['db'], now: number, incidentId: string) => Promise<void>;
  /**
   * Runs inside the transaction that merges incident `fromId` into `intoId`, before `onResolved`:
   * the alert pipeline moves the alerts over here and answers which it moved, for the timeline.
   */
  readonly onMerged?: MergeHook;
}

/**
 * Runs `change` on the locked incident `idOrNumber` and records it in the audit log as
 * `incident.<verb>` (before/after) when it changed something. Answers the incident as it is after.
 */
async function act(
  ctx: IncidentsContext,
  actor: Actor,
  idOrNumber: string,
  verb: string,
  change: (c: EditContext, row: IncidentRow) => Promise<Change>,
): Promise<IncidentDetail> {
  const now = ctx.clock.now();
  const events = new PendingEvents();
  const detail = await ctx.db.transaction().execute(async (trx) => {
    const row = await lockIncident(trx, refOf(idOrNumber));
    if (!row) throw notFound('Incident', idOrNumber);
    const before = await presentRow(trx, row);
    const result = await change({ db: trx, now, events, actor }, row);
    const current = await requireIncident(trx, row.id);
    if (current.status === 'resolved' && row.status !== 'resolved') await ctx.onResolved?.(trx, now, row.id);
    const after = await presentRow(trx, current);
    if (result.changed) {
      await recordAudit(trx, now, actor, {
        action: `incident.${verb}`,
        resourceType: 'incident',
        resourceId: row.id,
        before,
        after: { ...after, ...result.audit },
      });
    }
    return detailOf(trx, after);
  });
  events.publishTo(ctx.events, now);
  return detail;
}

const byStatus =
  (action: StatusAction, body: Record<string, unknown> = {}) =>
  async (c: EditContext, row: IncidentRow): Promise<Change> => {
    const after = await changeStatus(c.db, c.now, c.events, row.id, c.actor, action, {
      body,
      onIllegal: 'throw',
    });
    return { changed: after.status !== row.status };
  };

export async function createIncident(
  ctx: IncidentsContext,
  actor: Actor,
  input: CreateIncidentInput,
): Promise<IncidentDetail> {
  const now = ctx.clock.now();
  const events = new PendingEvents();
  const detail = await ctx.db.transaction().execute(async (trx) => {
    if (input.serviceId && !(await serviceExists(trx, input.serviceId))) {
      throw new AppError('validation_failed', 'serviceId: no such service', {
        issues: [{ in: 'body', path: ['serviceId'], message: 'no such service' }],
      });
    }
    if (input.category !== null) await requireSelectableCategory(trx, input.category);
    const row = await openIncident(trx, now, events, {
      title: input.title,
      description: input.description,
      serviceId: input.serviceId,
      severity: input.severity,
      urgency: input.urgency,
      priority: input.priority,
      ...(input.impact && { impact: input.impact }),
      category: input.category,
      groupKey: null,
      actor,
    });
    const view = await presentRow(trx, row);
    await recordAudit(trx, now, actor, {
      action: 'incident.created',
      resourceType: 'incident',
      resourceId: row.id,
      after: view,
    });
    return detailOf(trx, view);
  });
  events.publishTo(ctx.events, now);
  return detail;
}

export const acknowledge = (ctx: IncidentsContext, actor: Actor, id: string) =>
  act(ctx, actor, id, 'acknowledged', async (c, row) => {
    const change = await byStatus('acknowledge')(c, row);
    if (change.changed) await scheduleAckTimeout(c.db, c.now, await requireIncident(c.db, row.id));
    return change;
  });

export const resolve = (ctx: IncidentsContext, actor: Actor, id: string, note: string | undefined) =>
  act(ctx, actor, id, 'resolved', byStatus('resolve', note === undefined ? {} : { reason: note }));

export const reopenIncident = (ctx: IncidentsContext, actor: Actor, id: string) =>
  act(ctx, actor, id, 'reopened', reopen);

export const addIncidentNote = (ctx: IncidentsContext, actor: Actor, id: string, markdown: string) =>
  act(ctx, actor, id, 'note_added', (c, row) => addNote(c, row, markdown));

export const assign = (ctx: IncidentsContext, actor: Actor, id: string, userIds: string[]) =>
  act(ctx, actor, id, 'assigned', (c, row) => setAssignees(c, row, userIds));

export const changeSeverity = (ctx: IncidentsContext, actor: Actor, id: string, severity: IncidentSeverity) =>
  act(ctx, actor, id, 'severity_changed', (c, row) => setSeverity(c, row, severity));

export const changePriority = (ctx: IncidentsContext, actor: Actor, id: string, priority: Priority | null) =>
  act(ctx, actor, id, 'priority_changed', (c, row) => setPriority(c, row, priority));

export const changeImpact = (ctx: IncidentsContext, actor: Actor, id: string, impact: Impact) =>
  act(ctx, actor, id, 'impact_changed', (c, row) => setImpact(c, row, impact));

export const changeRoles = (ctx: IncidentsContext, actor: Actor, id: string, roles: RolesInput) =>
  act(ctx, actor, id, 'roles_changed', (c, row) => setRoles(c, row, roles));

export const snoozeIncident = (ctx: IncidentsContext, actor: Actor, id: string, minutes: number) =>
  act(ctx, actor, id, 'snoozed', (c, row) => snooze(c, row, minutes));

export const mergeIncident = (ctx: IncidentsContext, actor: Actor, id: string, intoId: string) =>
  act(ctx, actor, id, 'merged', (c, row) => merge(c, row, intoId, ctx.onMerged));

export const updateIncident = (ctx: IncidentsContext, actor: Actor, id: string, input: UpdateIncidentInput) =>
  act(ctx, actor, id, 'updated', (c, row) => editDetails(c, row, input));
