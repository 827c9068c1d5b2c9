import { z } from 'zod';
import { checkInput } from './input-guard.js';
import { issueMessages } from './issues.js';
import { charCount } from './text.js';

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: string[] };

/**
 * The one way a body meets a schema: the input guard first (depth, size, invalid Unicode), then
 * zod, then zod's issues as short sentences, paths named from `root`. Never throws.
 */
export function validate<S extends z.ZodType>(schema: S, body: unknown, root = 'body'): Checked<z.output<S>> {
  const guard = checkInput(body, root);
  if (guard.length > 0) return { ok: false, errors: guard };
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) return { ok: false, errors: issueMessages(result.error.issues, root) };
  return { ok: true, data: result.data };
}

/** A string of at most `max` characters, counted in code points as the senders' docs count them. */
export function chars(max: number) {
  return z.string().refine((s) => s.length <= max || charCount(s) <= max, {
    message: `must have at most ${max} characters`,
    abort: true,
  });
}

/** A string that is not empty and at most `max` characters. */
export function requiredChars(max: number) {
  return z
    .string()
    .min(1)
    .refine((s) => s.length <= max || charCount(s) <= max, {
      message: `must have at most ${max} characters`,
    });
}

/** Label and annotation maps: string keys to string values. */
export const stringMap = z.record(z.string(), z.string());
