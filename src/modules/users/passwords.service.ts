import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { hashPassword, sha256, verifyPassword } from '../../lib/crypto.js';
import { newId, randomToken } from '../../lib/ids.js';
import { recordAudit } from '../audit/index.js';
import { otpauthUrl, newTotpSecret, verifyTotp } from './totp.domain.js';
import { findUserByEmail, findUserById, updateUserRow, type UserRow } from './users.repository.js';

export const resetTtlMs = 60 * 60_000;

export interface IssuedReset {
  id: string;
  url: string;
  expiresAt: string;
}

/**
 * Creates a one-time link to set a password. Only the token's hash is stored; the link is
 * returned once. Earlier unused links for the same user stop working.
 */
export async function issuePasswordReset(
  ctx: ServiceContext,
  actor: Actor,
  user: Pick<UserRow, 'id' | 'email'>,
  ttlMs: number = resetTtlMs,
  purpose: 'invite' | 'reset' = 'reset',
): Promise<IssuedReset> {
  const now = ctx.clock.now();
  const token = randomToken(32);
  const id = newId(now);
  await ctx.db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('user_id', '=', user.id)
    .where('used_at', 'is', null)
    .execute();
  await ctx.db
    .insertInto('password_resets')
    .values({
      id,
      user_id: user.id,
      token_hash: sha256(token),
      created_by: actor.userId,
      created_at: now,
      expires_at: now + ttlMs,
      used_at: null,
    })
    .execute();
  await recordAudit(ctx.db, now, actor, {
    action: purpose === 'invite' ? 'user.invited' : 'user.password_reset_issued',
    resourceType: 'user',
    resourceId: user.id,
    after: { email: user.email, expiresAt: new Date(now + ttlMs).toISOString() },
  });
  return {
    id,
    url: `${ctx.config.publicUrl}/reset-password?token=${token}`,
    expiresAt: new Date(now + ttlMs).toISOString(),
  };
}

/**
 * A link an admin hands to a user (POST /users/:id/password-reset). The link sets the password,
 * so only an owner may issue one for an owner: otherwise an admin could take an owner's account.
 */
export async function issueResetLinkFor(ctx: ServiceContext, actor: Actor, id: string): Promise<IssuedReset> {
  const user = await requireUser(ctx, id);
  if (user.role === 'owner' && actor.role !== 'owner') {
    throw new AppError('forbidden', 'Only an owner can issue a password reset link for an owner.');
  }
  return ctx.db.transaction().execute((trx) => issuePasswordReset({ ...ctx, db: trx }, actor, user));
}

/** Sets a new password from a reset link; the link works once. Signs the user out everywhere. */
export async function completePasswordReset(
  ctx: ServiceContext,
  token: string,
  newPassword: string,
): Promise<void> {
  const now = ctx.clock.now();
  const hash = await hashPassword(newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    const reset = await trx
      .selectFrom('password_resets')
      .selectAll()
      .where('token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!reset || reset.used_at !== null || reset.expires_at <= now)
      throw new AppError('gone', 'This link has expired or was already used. Ask for a new one.');
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', reset.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('gone');
    const user = await findUserById(trx, reset.user_id);
    if (!user || user.disabled) throw new AppError('gone');
    await updateUserRow(trx, user.id, { password_hash: hash, updated_at: now });
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    const actor: Actor = {
      userId: user.id,
      role: user.role,
      label: `${user.name} <${user.email}>`,
      via: 'system',
      ip: null,
      requestId: null,
    };
    await recordAudit(trx, now, actor, {
      action: 'user.password_reset',
      resourceType: 'user',
      resourceId: user.id,
    });
  });
}

/** Changes the caller's password after checking the current one; other sessions are signed out. */
export async function changePassword(
  ctx: ServiceContext,
  actor: Actor,
  current: string,
  next: string,
  keepSessionId: string | null,
): Promise<void> {
  const user = actor.userId ? await findUserById(ctx.db, actor.userId) : undefined;
  if (!user) throw new AppError('unauthenticated');
  if (!user.password_hash || !(await verifyPassword(current, user.password_hash))) {
    throw new AppError('validation_failed', 'The current password is wrong.', {
      issues: [{ path: ['currentPassword'], message: 'is wrong' }],
    });
  }
  const hash = await hashPassword(next);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, { password_hash: hash, updated_at: now });
    let q = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (keepSessionId) q = q.where('id', '!=', keepSessionId);
    await q.execute();
    await recordAudit(trx, now, actor, {
      action: 'user.password_changed',
      resourceType: 'user',
      resourceId: user.id,
    });
  });
}

export async function findUserForReset(ctx: ServiceContext, email: string): Promise<UserRow | undefined> {
  const user = await findUserByEmail(ctx.db, email);
  return user && !user.disabled ? user : undefined;
}

/** Starts TOTP enrolment: stores a new secret, not yet enabled, and returns it for the authenticator app. */
export async function setupTotp(
  ctx: ServiceContext,
  actor: Actor,
): Promise<{ secret: string; otpauthUrl: string }> {
  const user = actor.userId ? await findUserById(ctx.db, actor.userId) : undefined;
  if (!user) throw new AppError('unauthenticated');
  if (user.totp_enabled)
    throw new AppError(
      'conflict',
      'Two-factor sign-in is already on. Turn it off first to enrol a new device.',
    );
  const secret = newTotpSecret();
  await updateUserRow(ctx.db, user.id, {
    totp_secret: secret,
    totp_last_step: null,
    updated_at: ctx.clock.now(),
  });
  return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
}

export async function enableTotp(ctx: ServiceContext, actor: Actor, code: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const user = actor.userId ? await findUserById(trx, actor.userId) : undefined;
    if (!user) throw new AppError('unauthenticated');
    if (!user.totp_secret) throw new AppError('conflict', 'Start two-factor setup first.');
    const step = verifyTotp(user.totp_secret, code, now, user.totp_last_step);
    if (step === null) throw new AppError('invalid_totp');
    await updateUserRow(trx, user.id, { totp_enabled: 1, totp_last_step: step, updated_at: now });
    await recordAudit(trx, now, actor, {
      action: 'user.totp_enabled',
      resourceType: 'user',
      resourceId: user.id,
    });
  });
}

export async function disableTotp(ctx: ServiceContext, actor: Actor, password: string): Promise<void> {
  const user = actor.userId ? await findUserById(ctx.db, actor.userId) : undefined;
  if (!user) throw new AppError('unauthenticated');
  if (!user.password_hash || !(await verifyPassword(password, user.password_hash))) {
    throw new AppError('validation_failed', 'The password is wrong.', {
      issues: [{ path: ['password'], message: 'is wrong' }],
    });
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, {
      totp_enabled: 0,
      totp_secret: null,
      totp_last_step: null,
      updated_at: now,
    });
    await recordAudit(trx, now, actor, {
      action: 'user.totp_disabled',
      resourceType: 'user',
      resourceId: user.id,
    });
  });
}

export async function requireUser(ctx: ServiceContext, id: string): Promise<UserRow> {
  const user = await findUserById(ctx.db, id);
  if (!user) throw notFound('User', id);
  return user;
}
