import { z } from 'zod';
import type { SecretBox } from '../../../lib/secret-box.js';

/**
 * Acknowledge/resolve links: `<payload>.<signature>`, the payload base64url JSON naming the
 * incident, the action, the person it was sent to and when it expires; the signature is
 * HMAC-SHA256 with the key's signing half. Whoever holds the link may act as that person on
 * that incident until it expires (default 24 h) — the link is the credential, like a
 * password-reset link, so it only goes to the person's own contact methods.
 */
export const actionLinkTtlMs = 24 * 3_600_000;
export const linkActions = ['acknowledge', 'resolve'] as const;
export type LinkAction = (typeof linkActions)[number];

const claims = z.object({
  v: z.literal(1),
  i: z.string().min(1).max(100),
  a: z.enum(linkActions),
  u: z.string().min(1).max(100),
  e: z.number().int(),
});
export interface ActionClaims {
  incidentId: string;
  action: LinkAction;
  userId: string;
  expiresAt: number;
}

export function signActionToken(box: SecretBox, c: ActionClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ v: 1, i: c.incidentId, a: c.action, u: c.userId, e: c.expiresAt }),
  ).toString('base64url');
  return `${payload}.${box.sign(`act:${payload}`)}`;
}

export type TokenCheck = { ok: true; claims: ActionClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Verifies the signature first (nothing in an unsigned payload is trusted), then the expiry. */
export function verifyActionToken(box: SecretBox, token: string, now: number): TokenCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || token.length > 1000)
    return { ok: false, reason: 'invalid' };
  if (!box.verify(`act:${payload}`, signature)) return { ok: false, reason: 'invalid' };
  let parsed: z.infer<typeof claims>;
  try {
    parsed = claims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (parsed.e <= now) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: { incidentId: parsed.i, action: parsed.a, userId: parsed.u, expiresAt: parsed.e },
  };
}
