import { z } from 'zod';
import { AppError } from '../http/errors.js';

/**
 * Keyset pagination: lists are ordered by a unique key tuple and the cursor is the last tuple
 * seen, so page N costs the same as page 1 at any table size.
 */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Only values Keel's own cursors hold (epoch-ms integers, text without NUL): anything else
    // would make PostgreSQL fail the query (bigint parameter "1.5" or "Infinity", text with U+0000).
    const valid = (v: unknown, i: number): boolean =>
      typeof v === shape[i] &&
      (typeof v === 'number' ? Number.isSafeInteger(v) : !(v as string).includes('\u0000'));
    if (Array.isArray(values) && values.length === shape.length && values.every(valid)) {
      return values as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'The cursor is not valid.', {
    issues: [{ path: ['cursor'], message: 'not a cursor Keel gave out' }],
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Takes one row more than asked to know whether another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  present: (r: R) => T,
  key: (r: R) => (string | number)[],
): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(present), nextCursor: more && last ? encodeCursor(key(last)) : null };
}
