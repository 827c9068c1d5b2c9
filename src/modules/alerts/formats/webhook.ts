import { z } from 'zod';
import { finishEvent } from './event.js';
import { compilePath, evaluatePath } from './json-path.js';
import { limits } from './limits.js';
import { lookupSeverity } from './severity.js';
import { sha256Hex } from './text.js';
import { looseTime } from './timestamp.js';
import type { EventAction, NormalizedEvent, ParseContext, ParseResult, SourceSeverity } from './types.js';
import { validate } from './validate.js';

/**
 * Generic JSON webhooks: any sender, with a per-integration mapping that says where each field
 * is (paths as in json-path.ts). Only `title` is required. For example:
 *
 * ```json
 * {
 *   "title": "$.alert.name",
 *   "dedupKey": "$.alert.id",
 *   "action": { "path": "$.state", "map": { "firing": "trigger", "ok": "resolve" } },
 *   "severity": { "path": "$.level", "map": { "sev-a": "critical" }, "default": "warning" },
 *   "source": "$.host",
 *   "description": "$.alert.text",
 *   "occurredAt": "$.time",
 *   "links": [{ "href": "$.alert.url", "text": "Open in tool" }],
 *   "details": "$.alert"
 * }
 * ```
 */
const path = z.string().superRefine((p, ctx) => {
  const compiled = compilePath(p);
  if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.error });
});
const severityName = z.enum(['critical', 'error', 'warning', 'info']);
const actionName = z.enum(['trigger', 'acknowledge', 'resolve']);

export const webhookMappingSchema = z.strictObject({
  title: path,
  dedupKey: path.optional(),
  /** Value → action; without a match, the built-in spellings below, then `default`. */
  action: z
    .strictObject({ path, map: z.record(z.string(), actionName).optional(), default: actionName.optional() })
    .optional(),
  /** Value → severity; without a match, the common spellings of severity.ts, then `default`. */
  severity: z
    .strictObject({
      path,
      map: z.record(z.string(), severityName).optional(),
      default: severityName.optional(),
    })
    .optional(),
  source: path.optional(),
  description: path.optional(),
  occurredAt: path.optional(),
  links: z
    .array(z.strictObject({ href: path, text: z.string().max(limits.shortTextChars).optional() }))
    .max(limits.links)
    .optional(),
  /** Where the details are; the whole body when not set. */
  details: path.optional(),
});

export type WebhookMapping = z.output<typeof webhookMappingSchema>;

/** Action spellings understood without a map. */
const actionSpellings: Record<string, EventAction> = {
  trigger: 'trigger',
  triggered: 'trigger',
  firing: 'trigger',
  alerting: 'trigger',
  problem: 'trigger',
  open: 'trigger',
  acknowledge: 'acknowledge',
  acknowledged: 'acknowledge',
  ack: 'acknowledge',
  resolve: 'resolve',
  resolved: 'resolve',
  ok: 'resolve',
  recovered: 'resolve',
  recovery: 'resolve',
  closed: 'resolve',
  close: 'resolve',
};

export function parseWebhook(body: unknown, ctx: ParseContext, mapping: WebhookMapping): ParseResult {
  const checked = validate(z.unknown(), body);
  if (!checked.ok) return checked;
  const at = (p: string): unknown => {
    const compiled = compilePath(p);
    return compiled.ok ? evaluatePath(compiled.segments, body) : undefined;
  };
  const errors: string[] = [];
  const scalar = (field: string, p: string | undefined): string | undefined => {
    if (p === undefined) return undefined;
    const v = at(p);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    errors.push(
      `${field} at ${p} must be text or a number, not ${Array.isArray(v) ? 'an array' : 'an object'}`,
    );
    return undefined;
  };

  const action = pickAction(scalar('action', mapping.action?.path), mapping, errors);
  const title = scalar('title', mapping.title);
  const rawKey = scalar('dedupKey', mapping.dedupKey);
  const severityValue = scalar('severity', mapping.severity?.path);
  const source = scalar('source', mapping.source);
  const description = scalar('description', mapping.description);
  if (errors.length > 0) return { ok: false, errors };
  if (action === 'trigger' && title === undefined) {
    return { ok: false, errors: [`title: nothing found at ${mapping.title}`] };
  }
  if (action !== 'trigger' && rawKey === undefined) {
    const where = mapping.dedupKey
      ? `nothing found at ${mapping.dedupKey}`
      : 'the mapping has no dedupKey path';
    return { ok: false, errors: [`dedupKey: ${where}, and ${action} events need one`] };
  }
  const details = mapping.details === undefined ? body : at(mapping.details);
  const event = finishEvent({
    action,
    dedupKey:
      rawKey === undefined ? ctx.newKey() : rawKey.length > limits.dedupKeyChars ? sha256Hex(rawKey) : rawKey,
    summary: title ?? '',
    severity: pickSeverity(severityValue, mapping),
    source,
    description,
    details: details === undefined ? {} : isRecord(details) ? details : { value: details },
    links: (mapping.links ?? []).flatMap((l) => {
      const href = at(l.href);
      return typeof href === 'string' ? [{ href, text: l.text }] : [];
    }),
    occurredAt: mapping.occurredAt === undefined ? null : looseTime(at(mapping.occurredAt)),
  });
  return { ok: true, events: [event] };
}

/** Exact match in the map, then a case-insensitive one, then built-ins, then the default. */
function lookup<T>(
  value: string,
  map: Record<string, T> | undefined,
  builtIn: (v: string) => T | null,
): T | null {
  if (map) {
    if (Object.hasOwn(map, value)) return map[value]!;
    const folded = value.trim().toLowerCase();
    for (const [k, v] of Object.entries(map)) if (k.trim().toLowerCase() === folded) return v;
  }
  return builtIn(value);
}

function pickAction(value: string | undefined, mapping: WebhookMapping, errors: string[]): EventAction {
  const fallback = mapping.action?.default ?? 'trigger';
  if (value === undefined) return fallback;
  const found = lookup(value, mapping.action?.map, (v) => {
    const key = v.trim().toLowerCase();
    return Object.hasOwn(actionSpellings, key) ? actionSpellings[key]! : null;
  });
  if (found) return found;
  if (mapping.action?.default) return mapping.action.default;
  errors.push(
    `action value ${JSON.stringify(value.slice(0, 64))} at ${mapping.action?.path ?? '$'} is not mapped: add it to action.map or set action.default`,
  );
  return fallback;
}

function pickSeverity(value: string | undefined, mapping: WebhookMapping): SourceSeverity {
  const fallback = mapping.severity?.default ?? 'error';
  if (value === undefined) return fallback;
  return lookup(value, mapping.severity?.map, lookupSeverity) ?? fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type PreviewResult = { ok: true; event: NormalizedEvent } | { ok: false; errors: string[] };

/** Stands in for the key Keel would generate, so a preview is the same every time. */
export const previewDedupKey = '(generated on trigger)';

/**
 * For the integration editor: checks a mapping, applies it to a sample body and returns the event
 * Keel would record, or every problem (a mapping's named from `mapping`, e.g. `mapping.title …`).
 */
export function previewWebhook(mapping: unknown, sample: unknown): PreviewResult {
  const m = validate(webhookMappingSchema, mapping, 'mapping');
  if (!m.ok) return m;
  const result = parseWebhook(sample, { now: 0, newKey: () => previewDedupKey, headers: {} }, m.data);
  return result.ok ? { ok: true, event: result.events[0]! } : result;
}
