import { isUniqueViolation } from '../../db/dialect.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { toPage, type Page } from '../../lib/pagination.js';
import { iso } from '../../lib/time.js';
import { recordAudit } from '../audit/index.js';
import { findTeam, listMembers, listTeamRows, type TeamRow } from './teams.repository.js';
import type { CreateTeamInput, UpdateTeamInput } from './teams.schema.js';
import { presentUser, type UserView } from './users.presenter.js';
import { findUserById } from './users.repository.js';
import type { TeamRole } from './users.table.js';

export interface TeamView {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  isSample: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TeamDetail extends TeamView {
  members: { user: UserView; role: TeamRole; joinedAt: string }[];
}

export function presentTeam(t: TeamRow): TeamView {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    memberCount: t.member_count,
    isSample: t.is_sample === 1,
    createdAt: iso(t.created_at),
    updatedAt: iso(t.updated_at),
  };
}

const nameTaken = (name: string): AppError =>
  new AppError('already_exists', `A team named ${name} already exists.`, {
    issues: [{ path: ['name'], message: 'is already used by another team' }],
  });

export async function listTeams(
  ctx: ServiceContext,
  f: { q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<TeamView> & { total: number }> {
  const { rows, total } = await listTeamRows(ctx.db, ctx.kind, f);
  return { ...toPage(rows, f.limit, presentTeam, (r) => [r.name, r.id]), total };
}

export async function getTeam(ctx: ServiceContext, id: string): Promise<TeamDetail> {
  const team = await findTeam(ctx.db, id);
  if (!team) throw notFound('Team', id);
  const members = await listMembers(ctx.db, id);
  return {
    ...presentTeam(team),
    members: members.map((m) => ({ user: presentUser(m), role: m.team_role, joinedAt: iso(m.joined_at) })),
  };
}

export async function createTeam(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateTeamInput,
  opts: { isSample?: boolean } = {},
): Promise<TeamView> {
  const now = ctx.clock.now();
  const id = newId(now);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('teams')
        .values({
          id,
          name: input.name,
          description: input.description,
          is_sample: opts.isSample ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const view = presentTeam((await findTeam(trx, id))!);
      await recordAudit(trx, now, actor, {
        action: 'team.created',
        resourceType: 'team',
        resourceId: id,
        after: view,
      });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

export async function updateTeam(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateTeamInput,
): Promise<TeamView> {
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const before = await findTeam(trx, id);
      if (!before) throw notFound('Team', id);
      await trx
        .updateTable('teams')
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.description !== undefined && { description: input.description }),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      const after = presentTeam((await findTeam(trx, id))!);
      await recordAudit(trx, now, actor, {
        action: 'team.updated',
        resourceType: 'team',
        resourceId: id,
        before: presentTeam(before),
        after,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name ?? '');
    throw err;
  }
}

export async function deleteTeam(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findTeam(trx, id);
    if (!before) throw notFound('Team', id);
    await trx.deleteFrom('teams').where('id', '=', id).execute();
    await recordAudit(trx, now, actor, {
      action: 'team.deleted',
      resourceType: 'team',
      resourceId: id,
      before: presentTeam(before),
    });
  });
}

/** Adds a member or changes their team role (idempotent). */
export async function setMember(
  ctx: ServiceContext,
  actor: Actor,
  teamId: string,
  userId: string,
  role: TeamRole,
): Promise<TeamDetail> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await findTeam(trx, teamId))) throw notFound('Team', teamId);
    if (!(await findUserById(trx, userId))) throw notFound('User', userId);
    const existing = await trx
      .selectFrom('team_members')
      .select('role')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (existing?.role === role) return;
    await trx
      .insertInto('team_members')
      .values({ team_id: teamId, user_id: userId, role, created_at: now })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role }))
      .execute();
    await recordAudit(trx, now, actor, {
      action: existing ? 'team.member_updated' : 'team.member_added',
      resourceType: 'team',
      resourceId: teamId,
      before: existing ? { userId, role: existing.role } : undefined,
      after: { userId, role },
    });
  });
  return getTeam(ctx, teamId);
}

export async function removeMember(
  ctx: ServiceContext,
  actor: Actor,
  teamId: string,
  userId: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('team_members')
      .select('role')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!existing) throw notFound('Team member', userId);
    await trx
      .deleteFrom('team_members')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .execute();
    await recordAudit(trx, now, actor, {
      action: 'team.member_removed',
      resourceType: 'team',
      resourceId: teamId,
      before: { userId, role: existing.role },
    });
  });
}
