import { safeEqual } from '../../../lib/crypto.js';
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

export interface ActionClaims {
  incidentId: string;
  action: LinkAction;
  userId: string;
  expiresAt: number;
}

/*
 * Compact, to fit a URL path segment (the router's limit is 200 characters) and an SMS: one
 * version byte, one action byte, the expiry in Unix seconds (4 bytes), the incident and user
 * ids as their 16 UUID bytes; 38 bytes, 51 base64url characters. The signature is HMAC-SHA256
 * cut to 128 bits (22 characters), plenty against forgery.
 */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const sigLength = 22;

/** Throws when an id is not a UUID (every Keel id is one). */
export function signActionToken(box: SecretBox, c: ActionClaims): string {
  if (!uuid.test(c.incidentId) || !uuid.test(c.userId)) throw new Error('action links need UUID ids');
  const buf = Buffer.alloc(38);
  buf[0] = 1;
  buf[1] = linkActions.indexOf(c.action);
  buf.writeUInt32BE(Math.min(0xffffffff, Math.max(0, Math.floor(c.expiresAt / 1000))), 2);
  uuidBytes(c.incidentId).copy(buf, 6);
  uuidBytes(c.userId).copy(buf, 22);
  const payload = buf.toString('base64url');
  return `${payload}.${box.sign(`act:${payload}`).slice(0, sigLength)}`;
}

export type TokenCheck = { ok: true; claims: ActionClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Verifies the signature first (nothing in an unsigned payload is trusted), then the expiry. */
export function verifyActionToken(box: SecretBox, token: string, now: number): TokenCheck {
  const parts = token.split('.');
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || signature?.length !== sigLength || payload.length !== 51) {
    return { ok: false, reason: 'invalid' };
  }
  if (!safeEqual(box.sign(`act:${payload}`).slice(0, sigLength), signature))
    return { ok: false, reason: 'invalid' };
  const buf = Buffer.from(payload, 'base64url');
  const action = linkActions[buf[1] ?? -1];
  if (buf.length !== 38 || buf[0] !== 1 || !action) return { ok: false, reason: 'invalid' };
  const expiresAt = buf.readUInt32BE(2) * 1000;
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: {
      incidentId: uuidText(buf.subarray(6, 22)),
      action,
      userId: uuidText(buf.subarray(22, 38)),
      expiresAt,
    },
  };
}
