import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Time-ordered, URL-safe ids (UUIDv7 layout): sortable by creation time, unique across
 * nodes without coordination, and the same text type on SQLite and PostgreSQL.
 */
export function newId(now: number = Date.now()): string {
  const bytes = randomSlice(16);
  // 48 bits of milliseconds, big-endian (division: a 48-bit number does not fit 32-bit shifts).
  let ms = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Random bytes for ids come from a pool refilled 4 KiB at a time: one system call per 256 ids
// instead of one per id. Each slice is handed out once (ids must not share randomness).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomSlice(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + size));
  poolOffset += size;
  return out;
}

/** A random secret of `bytes` bytes, base64url encoded (tokens, keys, CSRF values). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
