import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { AppError } from '../../http/errors.js';

/** Input pieces shared by the routing-rule, silence and maintenance-window APIs. */

export const ruleId = z.string().min(1).max(64);
/** An instant in the API: ISO 8601 with a zone or offset; stored as epoch ms. */
export const isoInstant = z.iso.datetime({ offset: true });
export const toMs = (iso: string): number => new Date(iso).getTime();

export const idParams = z.object({ id: ruleId });

/** A 400 about one body field, in the catalogue's shape (details.issues). */
export function invalidBody(path: (string | number)[], message: string): AppError {
  return new AppError('validation_failed', `body.${path.join('.')}: ${message}`, {
    issues: [{ in: 'body', path: path.map(String), message }],
  });
}

/** Throws a 400 on `path` unless every service id exists. */
export async function requireServices(
  db: Db,
  ids: readonly string[],
  path: (string | number)[],
): Promise<void> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return;
  const found = await db.selectFrom('services').select('id').where('id', 'in', wanted).execute();
  const missing = wanted.filter((i) => !found.some((f) => f.id === i));
  if (missing.length) throw invalidBody(path, `no such service: ${missing.join(', ')}`);
}
