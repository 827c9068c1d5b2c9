import type { Db } from '../../../db/database.js';
import { lockTransaction } from '../../../db/dialect.js';
import { notFound } from '../../../http/errors.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { newId } from '../../../lib/ids.js';
import { toPage, type Page } from '../../../lib/pagination.js';
import { recordAudit } from '../../audit/index.js';
import type { Layer } from '../schedule.types.js';
import { schedule as scheduleRules } from '../schedule.validate.js';
import { invalidBody } from './schedules.errors.js';
import { presentSchedule } from './schedules.presenter.js';
import {
  deleteScheduleRow,
  findSchedule,
  insertSchedule,
  layersOf,
  listScheduleRows,
  updateScheduleRow,
  usersByIds,
  type ScheduleRow,
} from './schedules.repository.js';
import {
  toMs,
  type CreateScheduleInput,
  type LayerInput,
  type ScheduleView,
  type UpdateScheduleInput,
} from './schedules.schema.js';

/**
 * Schedules as owners and admins manage them. Every change runs in one transaction with its audit
 * row, holding the schedule's lock (overrides and cover requests take the same one).
 */

export const scheduleLock = (id: string): string => `schedule:${id}`;

export async function requireSchedule(db: Db, id: string): Promise<ScheduleRow> {
  const row = await findSchedule(db, id);
  if (!row) throw notFound('Schedule', id);
  return row;
}

/** Layers as stored: ids kept or made, instants in epoch ms. */
function toLayers(input: readonly LayerInput[], now: number): Layer[] {
  return input.map((l) => ({
    id: l.id ?? newId(now),
    name: l.name,
    members: l.members,
    rotation: l.rotation,
    startsAt: toMs(l.startsAt),
    endsAt: l.endsAt == null ? null : toMs(l.endsAt),
    restrictions: l.restrictions ?? null,
  }));
}

/**
 * The schedule rules of schedule.validate.ts (end after start, distinct layer ids, …) on the
 * converted schedule, then references: every member a known user, the team a known team.
 */
async function checkSchedule(
  db: Db,
  timeZone: string,
  layers: Layer[],
  teamId: string | null,
): Promise<void> {
  const parsed = scheduleRules.safeParse({ timeZone, layers });
  if (!parsed.success)
    throw invalidBody(
      parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
    );
  const known = new Set(
    (
      await usersByIds(
        db,
        layers.flatMap((l) => l.members),
      )
    ).map((u) => u.id),
  );
  const unknown = layers.flatMap((l, i) =>
    l.members.flatMap((m, j) =>
      known.has(m) ? [] : [{ path: ['layers', i, 'members', j], message: `no such user: ${m}` }],
    ),
  );
  if (unknown.length) throw invalidBody(unknown);
  if (teamId !== null) {
    const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
    if (!team) throw invalidBody([{ path: ['teamId'], message: `no such team: ${teamId}` }]);
  }
}

export async function listSchedules(
  ctx: ServiceContext,
  f: { limit: number; cursor?: string | undefined; team?: string | undefined },
): Promise<Page<ScheduleView>> {
  const rows = await listScheduleRows(ctx.db, f);
  return toPage(rows, f.limit, presentSchedule, (r) => [r.name, r.id]);
}

export async function getSchedule(ctx: ServiceContext, id: string): Promise<ScheduleView> {
  return presentSchedule(await requireSchedule(ctx.db, id));
}

export async function createSchedule(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateScheduleInput,
  opts: { isSample?: boolean } = {},
): Promise<ScheduleView> {
  const now = ctx.clock.now();
  const layers = toLayers(input.layers, now);
  const teamId = input.teamId ?? null;
  return ctx.db.transaction().execute(async (trx) => {
    await checkSchedule(trx, input.timeZone, layers, teamId);
    const row: ScheduleRow = {
      id: newId(now),
      name: input.name,
      description: input.description,
      time_zone: input.timeZone,
      team_id: teamId,
      layers: JSON.stringify(layers),
      is_sample: opts.isSample ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await insertSchedule(trx, row);
    const after = presentSchedule(row);
    await recordAudit(trx, now, actor, {
      action: 'schedule.created',
      resourceType: 'schedule',
      resourceId: row.id,
      after,
    });
    return after;
  });
}

/** Changes what is given; `layers`, when given, replaces every layer (ids sent are kept). */
export function updateSchedule(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateScheduleInput,
): Promise<ScheduleView> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await lockTransaction(ctx.kind, trx, scheduleLock(id));
    const current = await requireSchedule(trx, id);
    const layers = input.layers ? toLayers(input.layers, now) : layersOf(current);
    const next: ScheduleRow = {
      ...current,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
      ...(input.teamId !== undefined && { team_id: input.teamId }),
      layers: JSON.stringify(layers),
      updated_at: now,
    };
    await checkSchedule(trx, next.time_zone, layers, next.team_id);
    const before = presentSchedule(current);
    const unchanged =
      JSON.stringify({ ...before, updatedAt: null }) ===
      JSON.stringify({ ...presentSchedule(next), updatedAt: null });
    if (unchanged) return before;
    await updateScheduleRow(trx, id, {
      name: next.name,
      description: next.description,
      time_zone: next.time_zone,
      team_id: next.team_id,
      layers: next.layers,
      updated_at: now,
    });
    const after = presentSchedule(next);
    await recordAudit(trx, now, actor, {
      action: 'schedule.updated',
      resourceType: 'schedule',
      resourceId: id,
      before,
      after,
    });
    return after;
  });
}

/** Deletes a schedule with its overrides, cover requests and feeds. */
export function deleteSchedule(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await lockTransaction(ctx.kind, trx, scheduleLock(id));
    const current = await requireSchedule(trx, id);
    await deleteScheduleRow(trx, id);
    await recordAudit(trx, now, actor, {
      action: 'schedule.deleted',
      resourceType: 'schedule',
      resourceId: id,
      before: presentSchedule(current),
    });
  });
}
