import { randomBytes } from 'node:crypto';

/**
 * Time-ordered, URL-safe ids (UUIDv7 layout): sortable by creation time, unique across
 * nodes without coordination, and the same text type on SQLite and PostgreSQL.
 */
export function newId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random secret of `bytes` bytes, base64url encoded (tokens, keys, CSRF values). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
