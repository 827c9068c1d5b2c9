import { z } from 'zod';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { sha256 } from '../../lib/crypto.js';
import { newId, randomToken } from '../../lib/ids.js';
import { isoOrNull, iso } from '../../lib/time.js';
import { recordAudit } from '../audit/index.js';
import { findUserById } from '../users/index.js';
import { findApiKeyByHash, touchApiKey, type ApiKeyRow } from './auth.repository.js';
import { apiKeyScopes, type ApiKeyScope } from './auth.table.js';
import type { Principal } from './principal.js';

/** Keys look like `keel_` + 43 base64url characters (256 bits). Only their SHA-256 is stored. */
export const apiKeyPrefix = 'keel_';
const touchEveryMs = 60_000;

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1, 'choose at least one scope').max(3),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;

export interface ApiKeyView {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export function presentApiKey(k: ApiKeyRow): ApiKeyView {
  return {
    id: k.id,
    userId: k.user_id,
    name: k.name,
    prefix: k.prefix,
    scopes: JSON.parse(k.scopes) as ApiKeyScope[],
    createdAt: iso(k.created_at),
    lastUsedAt: isoOrNull(k.last_used_at),
    expiresAt: isoOrNull(k.expires_at),
    revokedAt: isoOrNull(k.revoked_at),
  };
}

/**
 * Makes a key for the actor. `callerScopes` are the scopes of the key making this request (null
 * when signed in): a key acts for its user limited to its scopes, so it may only make keys within
 * them, never one that can do more than itself.
 */
export async function createApiKey(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateApiKeyInput,
  callerScopes: ReadonlySet<ApiKeyScope> | null = null,
): Promise<ApiKeyView & { key: string }> {
  if (!actor.userId) throw new AppError('forbidden', 'API keys belong to a user.');
  const missing = callerScopes ? input.scopes.find((s) => !callerScopes.has(s)) : undefined;
  if (missing) {
    throw new AppError(
      'insufficient_scope',
      `An API key can only make keys with its own scopes; this one lacks "${missing}".`,
      {
        required: missing,
      },
    );
  }
  const now = ctx.clock.now();
  const expiresAt = input.expiresAt ? Date.parse(input.expiresAt) : null;
  if (expiresAt !== null && expiresAt <= now) {
    throw new AppError('validation_failed', 'The expiry must be in the future.', {
      issues: [{ path: ['expiresAt'], message: 'must be in the future' }],
    });
  }
  const key = apiKeyPrefix + randomToken(32);
  const row: ApiKeyRow = {
    id: newId(now),
    user_id: actor.userId,
    name: input.name,
    prefix: key.slice(0, 12),
    key_hash: sha256(key),
    scopes: JSON.stringify([...new Set(input.scopes)].sort()),
    created_at: now,
    last_used_at: null,
    expires_at: expiresAt,
    revoked_at: null,
  };
  const view = presentApiKey(row);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('api_keys').values(row).execute();
    await recordAudit(trx, now, actor, {
      action: 'api_key.created',
      resourceType: 'api_key',
      resourceId: row.id,
      after: view,
    });
  });
  return { ...view, key };
}

/** Own keys, or everyone's for owners and admins who ask for all. Newest first. */
export async function listApiKeys(ctx: ServiceContext, actor: Actor, all: boolean): Promise<ApiKeyView[]> {
  let q = ctx.db.selectFrom('api_keys').selectAll();
  const seeAll = all && (actor.role === 'owner' || actor.role === 'admin');
  if (!seeAll) q = q.where('user_id', '=', actor.userId ?? '');
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1000).execute();
  return rows.map(presentApiKey);
}

/** Revokes a key at once. People revoke their own keys; owners and admins any key. Idempotent. */
export async function revokeApiKey(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const key = await trx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    const mayManage =
      key && (key.user_id === actor.userId || actor.role === 'owner' || actor.role === 'admin');
    if (!key || !mayManage) throw notFound('API key', id);
    if (key.revoked_at !== null) return;
    await trx.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, now, actor, {
      action: 'api_key.revoked',
      resourceType: 'api_key',
      resourceId: id,
      before: presentApiKey(key),
      after: presentApiKey({ ...key, revoked_at: now }),
    });
  });
}

/** The principal for a Bearer key, or null when unknown, revoked, expired or its user disabled. */
export async function resolveApiKey(ctx: ServiceContext, key: string): Promise<Principal | null> {
  if (!key.startsWith(apiKeyPrefix) || key.length > 100) return null;
  const now = ctx.clock.now();
  const row = await findApiKeyByHash(ctx.db, sha256(key));
  if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return null;
  const user = await findUserById(ctx.db, row.user_id);
  if (!user || user.disabled) return null;
  if (row.last_used_at === null || now - row.last_used_at > touchEveryMs)
    await touchApiKey(ctx.db, row.id, now);
  return {
    user,
    via: 'api_key',
    scopes: new Set(JSON.parse(row.scopes) as ApiKeyScope[]),
    sessionId: null,
    csrfToken: null,
    apiKeyId: row.id,
    apiKeyName: row.name,
    mfaPending: false,
  };
}
