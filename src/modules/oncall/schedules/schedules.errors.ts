import { AppError } from '../../../http/errors.js';
import type { Actor } from '../../../lib/context.js';

/** A 400 about request fields (the body's unless said), in the catalogue's shape (details.issues). */
export function invalidBody(
  issues: { path: (string | number)[]; message: string }[],
  where: 'body' | 'querystring' = 'body',
): AppError {
  const first = issues[0]!;
  return new AppError('validation_failed', `${where}.${first.path.join('.')}: ${first.message}`, {
    issues: issues.map((i) => ({ in: where, path: i.path.map(String), message: i.message })),
  });
}

/** Owners and admins manage schedules and act for anyone; responders act for themselves. */
export const actsForAnyone = (actor: Actor): boolean => actor.role === 'owner' || actor.role === 'admin';
