import type { Db } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { encodeCursor, type Page } from '../../lib/pagination.js';
import { iso, isoOrNull } from '../../lib/time.js';
import { recordAudit } from '../audit/index.js';
import { invalidateAlertRules } from './alert-rules.cache.js';
import { invalidBody, requireServices, toMs } from './alert-rules.input.js';
import { bumpRulesVersion, scheduleOf } from './alert-rules.repository.js';
import {
  findWindow,
  listWindowRows,
  replaceWindowServices,
  servicesOfWindows,
  type WindowRow,
} from './maintenance-windows.repository.js';
import type { CreateWindowInput, UpdateWindowInput, WindowView } from './maintenance-windows.schema.js';
import { lastEnd, scheduleIssues, windowState, type WindowState } from './recurrence.domain.js';

export function presentWindow(w: WindowRow, serviceIds: string[], now: number): WindowView {
  const { state, next } = windowState(scheduleOf(w), now);
  return {
    id: w.id,
    title: w.title,
    description: w.description,
    serviceIds,
    startsAt: iso(w.starts_at),
    endsAt: iso(w.ends_at),
    timeZone: w.time_zone,
    recurrence: w.recurrence_frequency
      ? {
          frequency: w.recurrence_frequency,
          interval: w.recurrence_interval ?? 1,
          until: isoOrNull(w.recurrence_until),
        }
      : null,
    state,
    nextStartsAt: next ? iso(next.startsAt) : null,
    nextEndsAt: next ? iso(next.endsAt) : null,
    createdAt: iso(w.created_at),
    updatedAt: iso(w.updated_at),
  };
}

async function requireWindow(db: Db, id: string): Promise<WindowRow> {
  const row = await findWindow(db, id);
  if (!row) throw notFound('Maintenance window', id);
  return row;
}

async function view(db: Db, row: WindowRow, now: number): Promise<WindowView> {
  return presentWindow(row, (await servicesOfWindows(db, [row.id])).get(row.id) ?? [], now);
}

/** Validates the schedule and derives `last_ends_at`; throws a 400 naming the field. */
function scheduled(row: WindowRow): WindowRow {
  const schedule = scheduleOf(row);
  const [issue] = scheduleIssues(schedule);
  if (issue) throw invalidBody([issue[0]], issue[1]);
  return { ...row, last_ends_at: lastEnd(schedule) };
}

async function changing<T>(ctx: ServiceContext, fn: (trx: Db) => Promise<T>): Promise<T> {
  const out = await ctx.db.transaction().execute(async (trx) => {
    const r = await fn(trx);
    await bumpRulesVersion(trx);
    return r;
  });
  invalidateAlertRules(ctx.db);
  return out;
}

const recurrenceColumns = (r: CreateWindowInput['recurrence']) => ({
  recurrence_frequency: r?.frequency ?? null,
  recurrence_interval: r ? r.interval : null,
  recurrence_until: r?.until ? toMs(r.until) : null,
});

/**
 * Newest first. `state` is decided per window at `now` (recurrence), so a page of scheduled or
 * in-progress windows may hold fewer than `limit` items while `nextCursor` still leads on.
 */
export async function listWindows(
  ctx: ServiceContext,
  f: {
    service?: string | undefined;
    state?: WindowState | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<WindowView>> {
  const now = ctx.clock.now();
  const over = f.state === undefined ? undefined : f.state === 'completed';
  const rows = await listWindowRows(ctx.db, now, { ...f, over });
  const page = rows.slice(0, f.limit);
  const services = await servicesOfWindows(
    ctx.db,
    page.map((r) => r.id),
  );
  const items = page
    .map((r) => presentWindow(r, services.get(r.id) ?? [], now))
    .filter((w) => f.state === undefined || w.state === f.state);
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.created_at, last.id]) : null,
  };
}

export async function getWindow(ctx: ServiceContext, id: string): Promise<WindowView> {
  return view(ctx.db, await requireWindow(ctx.db, id), ctx.clock.now());
}

export async function createWindow(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateWindowInput,
): Promise<WindowView> {
  const now = ctx.clock.now();
  const row = scheduled({
    id: newId(now),
    title: input.title,
    description: input.description,
    starts_at: toMs(input.startsAt),
    ends_at: toMs(input.endsAt),
    time_zone: input.timeZone,
    ...recurrenceColumns(input.recurrence),
    last_ends_at: null,
    created_by_user_id: actor.userId,
    created_at: now,
    updated_at: now,
  });
  return changing(ctx, async (trx) => {
    await requireServices(trx, input.serviceIds, ['serviceIds']);
    await trx.insertInto('maintenance_windows').values(row).execute();
    await replaceWindowServices(trx, row.id, input.serviceIds);
    const after = await view(trx, row, now);
    await recordAudit(trx, now, actor, {
      action: 'maintenance_window.created',
      resourceType: 'maintenance_window',
      resourceId: row.id,
      after,
    });
    return after;
  });
}

export async function updateWindow(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateWindowInput,
): Promise<WindowView> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    const current = await requireWindow(trx, id);
    const before = await view(trx, current, now);
    const row = scheduled({
      ...current,
      ...(input.title !== undefined && { title: input.title }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.startsAt !== undefined && { starts_at: toMs(input.startsAt) }),
      ...(input.endsAt !== undefined && { ends_at: toMs(input.endsAt) }),
      ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
      ...(input.recurrence !== undefined && recurrenceColumns(input.recurrence)),
      updated_at: now,
    });
    if (input.serviceIds !== undefined) {
      await requireServices(trx, input.serviceIds, ['serviceIds']);
      await replaceWindowServices(trx, id, input.serviceIds);
    }
    await trx.updateTable('maintenance_windows').set(row).where('id', '=', id).execute();
    const after = await view(trx, row, now);
    await recordAudit(trx, now, actor, {
      action: 'maintenance_window.updated',
      resourceType: 'maintenance_window',
      resourceId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteWindow(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await changing(ctx, async (trx) => {
    const before = await view(trx, await requireWindow(trx, id), now);
    await trx.deleteFrom('maintenance_windows').where('id', '=', id).execute();
    await recordAudit(trx, now, actor, {
      action: 'maintenance_window.deleted',
      resourceType: 'maintenance_window',
      resourceId: id,
      before,
    });
  });
}
