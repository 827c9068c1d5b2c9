import { z } from 'zod';
import { identifierTypeError } from './opsgenie.js';
import { aliasKey, cutText, opsgenieLimits, type CutNotes } from './opsgenie-limits.js';
import { validate } from './validate.js';

/**
 * Opsgenie's Update Alert Message and Update Alert Description (`PUT /v2/alerts/{identifier}/
 * message|description?identifierType=alias`), which Alertmanager sends after every create when
 * its opsgenie_configs set `update_alerts: true`. As Opsgenie documents them: `message` is
 * required (cut to 130 characters), `description` is optional (cut to 15 000; absent or empty
 * clears it, as Alertmanager sends `{}` for an empty description). The identifier is the alias,
 * mapped to a dedup key as create maps it.
 */
export type OpsgenieUpdateField = 'message' | 'description';

export interface OpsgenieUpdate {
  field: OpsgenieUpdateField;
  dedupKey: string;
  /** The new text; '' clears a description. */
  value: string;
  /** What was cut, as `details._truncated` records it. */
  truncated: CutNotes;
}

export type OpsgenieUpdateResult = { ok: true; update: OpsgenieUpdate } | { ok: false; errors: string[] };

const schemas = {
  message: z.object({
    message: z
      .string()
      .min(1, { abort: true })
      .refine((m) => m.trim() !== '', { message: 'must not be blank' }),
  }),
  description: z.object({ description: z.string().optional() }),
} as const;

export function parseOpsgenieUpdate(
  field: OpsgenieUpdateField,
  identifier: string,
  identifierType: string | undefined,
  body: unknown,
): OpsgenieUpdateResult {
  const typeError = identifierTypeError(`update ${field}`, identifierType);
  if (typeError) return { ok: false, errors: [typeError] };
  const id = validate(z.object({ identifier: z.string().min(1) }), { identifier });
  if (!id.ok) return id;
  const truncated: CutNotes = {};
  let value: string;
  if (field === 'message') {
    const checked = validate(schemas.message, body ?? undefined);
    if (!checked.ok) return checked;
    value = cutText(truncated, 'summary', checked.data.message, opsgenieLimits.messageChars);
  } else {
    const checked = validate(schemas.description, body ?? {});
    if (!checked.ok) return checked;
    value = cutText(
      truncated,
      'description',
      checked.data.description ?? '',
      opsgenieLimits.descriptionChars,
    );
  }
  return { ok: true, update: { field, dedupKey: aliasKey(id.data.identifier), value, truncated } };
}
