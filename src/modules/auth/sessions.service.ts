import { AppError } from '../../http/errors.js';
import type { ServiceContext } from '../../lib/context.js';
import { dummyPasswordHash, sha256, verifyPassword } from '../../lib/crypto.js';
import { newId, randomToken } from '../../lib/ids.js';
import { recordAudit } from '../audit/index.js';
import { claimTotpStep, findUserByEmail, findUserById, verifyTotp, type UserRow } from '../users/index.js';
import {
  countFailures,
  deleteSession,
  findSession,
  insertSession,
  recordLoginAttempt,
  touchSession,
} from './auth.repository.js';
import { actorLabel, type Principal } from './principal.js';

/** Sign-in throttling, documented in docs/api.md: failures in a sliding 15-minute window. */
export const loginLimits = { windowMs: 15 * 60_000, perEmail: 10, perIp: 50 } as const;
/** A session between password and TOTP code lives 5 minutes. */
const mfaTtlMs = 5 * 60_000;
/** Sliding expiry is written at most once a minute per session, not on every request. */
const touchEveryMs = 60_000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
  user: UserRow;
  mfaRequired: boolean;
}

export async function createSession(
  ctx: ServiceContext,
  user: UserRow,
  meta: { ip: string; userAgent: string | null },
  mfaPending: boolean,
): Promise<NewSession> {
  const now = ctx.clock.now();
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = now + (mfaPending ? mfaTtlMs : ctx.config.sessionTtlMs);
  await insertSession(ctx.db, {
    id: sha256(token),
    user_id: user.id,
    csrf_token: csrfToken,
    mfa_pending: mfaPending ? 1 : 0,
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
  });
  return { token, csrfToken, expiresAt, user, mfaRequired: mfaPending };
}

/** 429 for a throttled sign-in, password or code alike, with Retry-After for the whole window. */
function tooManyFailures(): AppError {
  return new AppError('rate_limited', 'Too many failed sign-ins. Wait 15 minutes and try again.', null, {
    'retry-after': String(Math.ceil(loginLimits.windowMs / 1000)),
  });
}

function auditActor(user: UserRow, ip: string) {
  return {
    userId: user.id,
    role: user.role,
    label: `${user.name} <${user.email}>`,
    via: 'session' as const,
    ip,
    requestId: null,
  };
}

/**
 * Checks e-mail and password. Unknown e-mails cost the same time as wrong passwords. Too many
 * failures for one e-mail or one address answer 429 until the window has passed.
 */
export async function login(
  ctx: ServiceContext,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<NewSession> {
  const now = ctx.clock.now();
  const email = input.email.toLowerCase();
  const failures = await countFailures(ctx.db, email, input.ip, now - loginLimits.windowMs);
  if (failures.byEmail >= loginLimits.perEmail || failures.byIp >= loginLimits.perIp) throw tooManyFailures();
  const user = await findUserByEmail(ctx.db, email);
  const ok = await verifyPassword(input.password, user?.password_hash ?? dummyPasswordHash);
  await recordLoginAttempt(ctx.db, {
    id: newId(now),
    email,
    ip: input.ip,
    success: ok && !!user && !user.disabled,
    at: now,
  });
  if (!ok || !user || user.disabled || !user.password_hash) throw new AppError('invalid_credentials');
  const session = await createSession(ctx, user, input, user.totp_enabled === 1);
  if (!session.mfaRequired) {
    await recordAudit(ctx.db, now, auditActor(user, input.ip), {
      action: 'session.created',
      resourceType: 'user',
      resourceId: user.id,
    });
  }
  return session;
}

/** Second step of sign-in: a TOTP code turns a pending session into a full one (a new token). */
export async function completeTotpLogin(
  ctx: ServiceContext,
  principal: Principal,
  code: string,
  meta: { ip: string; userAgent: string | null },
): Promise<NewSession> {
  if (!principal.mfaPending || !principal.sessionId)
    throw new AppError('conflict', 'No sign-in is waiting for a code.');
  const now = ctx.clock.now();
  const user = principal.user;
  const failures = await countFailures(ctx.db, user.email, meta.ip, now - loginLimits.windowMs);
  if (failures.byEmail >= loginLimits.perEmail) throw tooManyFailures();
  const step = user.totp_secret ? verifyTotp(user.totp_secret, code, now, user.totp_last_step) : null;
  // The user row was read when the request began: a concurrent request may have spent this step since.
  if (step === null || !(await claimTotpStep(ctx.db, user.id, step))) {
    await recordLoginAttempt(ctx.db, {
      id: newId(now),
      email: user.email,
      ip: meta.ip,
      success: false,
      at: now,
    });
    throw new AppError('invalid_totp');
  }
  await deleteSession(ctx.db, principal.sessionId);
  const session = await createSession(ctx, user, meta, false);
  await recordAudit(ctx.db, now, auditActor(user, meta.ip), {
    action: 'session.created',
    resourceType: 'user',
    resourceId: user.id,
  });
  return session;
}

export async function logout(ctx: ServiceContext, principal: Principal): Promise<void> {
  if (!principal.sessionId) return;
  await deleteSession(ctx.db, principal.sessionId);
  await recordAudit(
    ctx.db,
    ctx.clock.now(),
    { ...auditActor(principal.user, ''), ip: null, label: actorLabel(principal) },
    {
      action: 'session.deleted',
      resourceType: 'user',
      resourceId: principal.user.id,
    },
  );
}

/** The principal for a session cookie, or null when the token is unknown, expired or its user disabled. */
export async function resolveSession(ctx: ServiceContext, token: string): Promise<Principal | null> {
  if (token.length < 20 || token.length > 100) return null;
  const now = ctx.clock.now();
  const session = await findSession(ctx.db, sha256(token));
  if (!session || session.expires_at <= now) return null;
  const user = await findUserById(ctx.db, session.user_id);
  if (!user || user.disabled) return null;
  if (!session.mfa_pending && now - session.last_seen_at > touchEveryMs) {
    await touchSession(ctx.db, session.id, now, now + ctx.config.sessionTtlMs);
  }
  return {
    user,
    via: 'session',
    scopes: null,
    sessionId: session.id,
    csrfToken: session.csrf_token,
    apiKeyId: null,
    apiKeyName: null,
    mfaPending: session.mfa_pending === 1,
  };
}
