import { z } from 'zod';
import { finishEvent } from './event.js';
import { limits } from './limits.js';
import { jsonBytes, safeUrl } from './text.js';
import { parseTimestamp } from './timestamp.js';
import type { ParseContext, ParseResult } from './types.js';
import { chars, requiredChars, validate } from './validate.js';

/**
 * Keel's own event format: the shape Keel's docs show for anything that has no format of its own.
 *
 * ```json
 * {
 *   "action": "trigger",                  // required: "trigger" | "acknowledge" | "resolve"
 *   "dedupKey": "checkout-5xx",           // 1–512 characters; optional on trigger (Keel makes one
 *                                         // and returns it), required on acknowledge and resolve
 *   "summary": "Checkout 5xx above 2%",   // 1–1024 characters; required on trigger
 *   "severity": "critical",               // "critical" | "error" | "warning" | "info"; default "error"
 *   "source": "api-1.prod",               // the affected system, at most 1024 characters
 *   "labels": { "service": "checkout" },  // at most 100; names 1–1024, values ≤ 1024 characters
 *   "details": { "rate": 0.031 },         // any JSON object, at most 64 KiB serialized
 *   "links": [{ "href": "https://grafana.example.com/d/abc", "text": "Dashboard" }],
 *                                         // at most 20, http(s) only; text ≤ 1024 characters
 *   "occurredAt": "2026-11-27T14:03:00Z"  // ISO 8601 date-time, or epoch milliseconds
 * }
 * ```
 *
 * Every limit is enforced, not cut, and unknown fields are refused: this is Keel's own contract,
 * so a typo fails loudly instead of being dropped.
 */
const maxEpochMs = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const occurredAtMessage = 'must be an ISO 8601 date-time or epoch milliseconds';

export const keelEventSchema = z.strictObject({
  action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedupKey: requiredChars(limits.dedupKeyChars).optional(),
  summary: requiredChars(limits.summaryChars).optional(),
  severity: z.enum(['critical', 'error', 'warning', 'info']).optional(),
  source: chars(limits.shortTextChars).optional(),
  labels: z
    .record(requiredChars(limits.labelKeyChars), chars(limits.labelValueChars))
    .refine((l) => Object.keys(l).length <= limits.labels, {
      message: `must have at most ${limits.labels} entries`,
    })
    .optional(),
  details: z
    .record(z.string(), z.unknown())
    .refine((d) => jsonBytes(d) <= limits.detailsBytes, {
      message: `must be at most ${limits.detailsBytes} bytes as JSON`,
    })
    .optional(),
  links: z
    .array(
      z.strictObject({
        href: z
          .string()
          .refine((h) => safeUrl(h, limits.urlChars) !== null, { message: 'must be an http(s) URL' }),
        text: chars(limits.shortTextChars).optional(),
      }),
    )
    .max(limits.links)
    .optional(),
  occurredAt: z
    .union(
      [
        z.number().int().min(0).max(maxEpochMs),
        z.string().refine((t) => parseTimestamp(t) !== null, { message: occurredAtMessage }),
      ],
      { error: occurredAtMessage },
    )
    .optional(),
});

export type KeelEvent = z.output<typeof keelEventSchema>;

export function parseKeel(body: unknown, ctx: ParseContext): ParseResult {
  const checked = validate(keelEventSchema, body);
  if (!checked.ok) return checked;
  const e = checked.data;
  if (e.action === 'trigger' && e.summary === undefined) {
    return { ok: false, errors: ['summary is required for trigger events'] };
  }
  if (e.action !== 'trigger' && e.dedupKey === undefined) {
    return { ok: false, errors: [`dedupKey is required for ${e.action} events`] };
  }
  const event = finishEvent({
    action: e.action,
    dedupKey: e.dedupKey ?? ctx.newKey(),
    summary: e.summary ?? '',
    severity: e.severity ?? 'error',
    source: e.source,
    labels: e.labels,
    details: e.details,
    links: e.links,
    occurredAt: typeof e.occurredAt === 'string' ? parseTimestamp(e.occurredAt) : e.occurredAt,
    client: null,
  });
  return { ok: true, events: [event] };
}
