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

// The sequence of sequencedId, in memory the ingest writer thread shares with the main thread
// (shareSequence/useSharedSequence): [lock, count, ms high 16 bits, ms low 32 bits].
let sequence = new Int32Array(new SharedArrayBuffer(16));

/** The memory of this thread's sequence, to hand to a worker thread (workerData). */
export function shareSequence(): SharedArrayBuffer {
  return sequence.buffer as SharedArrayBuffer;
}

/** In a worker thread: continue the sequence of the thread that shared it. */
export function useSharedSequence(buffer: SharedArrayBuffer): void {
  sequence = new Int32Array(buffer);
}

/**
 * A time-ordered id (UUIDv7 layout, as newId) that is strictly greater than every earlier one
 * from this process made in the same millisecond, whichever thread made it: a 24-bit count within
 * the millisecond fills the bits after the version and variant, the rest is random. For rows
 * read in (time, id) order whose writers may share a millisecond (an incident's timeline, written
 * by the main thread and the ingest writer thread).
 */
export function sequencedId(now: number = Date.now()): string {
  const ms = Math.max(0, Math.floor(now));
  const high = Math.floor(ms / 2 ** 32);
  const low = (ms % 2 ** 32) | 0;
  while (Atomics.compareExchange(sequence, 0, 0, 1) !== 0) Atomics.wait(sequence, 0, 1, 1);
  let count: number;
  if (sequence[2] === high && sequence[3] === low) count = ++sequence[1]!;
  else {
    sequence[1] = count = 0;
    sequence[2] = high;
    sequence[3] = low;
  }
  Atomics.store(sequence, 0, 0);
  Atomics.notify(sequence, 0, 1);
  const id = newId(ms);
  const c = (count & 0xffffff).toString(16).padStart(6, '0');
  // xxxxxxxx-xxxx-7CCC-8CCC-rrrrrrrrrrrr: the count's high 12 bits after the version nibble, its
  // low 12 bits after the variant nibble (fixed at 8, so it does not shuffle the order).
  return `${id.slice(0, 15)}${c.slice(0, 3)}-8${c.slice(3)}${id.slice(23)}`;
}
