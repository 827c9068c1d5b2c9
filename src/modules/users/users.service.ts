import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { toPage, type Page } from '../../lib/pagination.js';
import { hashPassword } from '../../lib/crypto.js';
import { recordAudit } from '../audit/index.js';
import { issuePasswordReset } from './passwords.service.js';
import { presentUser, type UserView } from './users.presenter.js';
import {
  countActiveOwnersLocked,
  deleteUserRow,
  findUserById,
  insertUser,
  listUserRows,
  updateUserRow,
  type UserFilter,
  type UserRow,
} from './users.repository.js';
import type { CreateUserInput, UpdateUserInput } from './users.schema.js';

const inviteTtlMs = 7 * 24 * 3600_000;

function emailTaken(email: string): AppError {
  return new AppError('already_exists', `A user with the email ${email} already exists.`, {
    issues: [{ path: ['email'], message: 'is already used by another user' }],
  });
}

/** Only an owner may create, change or remove an owner, or make someone one. */
function assertMayTouchOwner(
  actor: Actor,
  target: { role: string } | null,
  newRole: string | undefined,
): void {
  const touchesOwner = target?.role === 'owner' || newRole === 'owner';
  if (touchesOwner && actor.role !== 'owner' && actor.via !== 'system') {
    throw new AppError('forbidden', 'Only an owner can create, change or remove an owner.');
  }
}

export async function listUsers(
  ctx: ServiceContext,
  f: UserFilter,
): Promise<Page<UserView> & { total: number }> {
  const { rows, total } = await listUserRows(ctx.db, ctx.kind, f);
  return { ...toPage(rows, f.limit, presentUser, (r) => [r.name, r.id]), total };
}

export async function getUser(ctx: ServiceContext, id: string): Promise<UserView> {
  const row = await findUserById(ctx.db, id);
  if (!row) throw notFound('User', id);
  return presentUser(row);
}

/**
 * Creates a user. Without a password the user gets a one-time link to set one (valid 7 days),
 * returned once as `inviteUrl`.
 */
export async function createUser(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateUserInput,
  opts: { isSample?: boolean } = {},
): Promise<{ user: UserView; inviteUrl: string | null }> {
  assertMayTouchOwner(actor, null, input.role);
  const now = ctx.clock.now();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const row: UserRow = {
    id: newId(now),
    email: input.email,
    name: input.name,
    time_zone: input.timeZone,
    role: input.role,
    password_hash: passwordHash,
    totp_secret: null,
    totp_enabled: 0,
    totp_last_step: null,
    disabled: 0,
    is_sample: opts.isSample ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  const write = async (trx: Db) => {
    await insertUser(trx, row);
    const user = presentUser(row);
    await recordAudit(trx, now, actor, {
      action: 'user.created',
      resourceType: 'user',
      resourceId: row.id,
      after: user,
    });
    const invite = passwordHash
      ? null
      : await issuePasswordReset({ ...ctx, db: trx }, actor, row, inviteTtlMs, 'invite');
    return { user, inviteUrl: invite?.url ?? null };
  };
  try {
    // Called inside a transaction (first-run setup), the user is written in that one.
    return await (ctx.db.isTransaction ? write(ctx.db) : ctx.db.transaction().execute(write));
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(input.email);
    throw err;
  }
}

export async function updateUser(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateUserInput,
): Promise<UserView> {
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const before = await findUserById(trx, id);
      if (!before) throw notFound('User', id);
      assertMayTouchOwner(actor, before, input.role);
      // Only an active owner counts: demoting or disabling a disabled owner loses none.
      const losesOwner =
        before.role === 'owner' &&
        before.disabled === 0 &&
        ((input.role && input.role !== 'owner') || input.disabled === true);
      if (losesOwner && (await countActiveOwnersLocked(trx, ctx.kind)) <= 1) {
        throw new AppError(
          'conflict',
          'Keel needs at least one active owner. Make someone else an owner first.',
        );
      }
      await updateUserRow(trx, id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.email !== undefined && { email: input.email }),
        ...(input.role !== undefined && { role: input.role }),
        ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
        ...(input.disabled !== undefined && { disabled: input.disabled ? 1 : 0 }),
        updated_at: now,
      });
      if (input.disabled === true) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      const after = presentUser((await findUserById(trx, id))!);
      await recordAudit(trx, now, actor, {
        action: 'user.updated',
        resourceType: 'user',
        resourceId: id,
        before: presentUser(before),
        after,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(input.email ?? '');
    throw err;
  }
}

export async function deleteUser(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, id);
    if (!before) throw notFound('User', id);
    assertMayTouchOwner(actor, before, undefined);
    if (
      before.role === 'owner' &&
      before.disabled === 0 &&
      (await countActiveOwnersLocked(trx, ctx.kind)) <= 1
    ) {
      throw new AppError(
        'conflict',
        'Keel needs at least one active owner. Make someone else an owner first.',
      );
    }
    await deleteUserRow(trx, id);
    await recordAudit(trx, now, actor, {
      action: 'user.deleted',
      resourceType: 'user',
      resourceId: id,
      before: presentUser(before),
    });
  });
}
