import { z } from 'zod';
import { finishEvent } from './event.js';
import { jsonBytes } from './text.js';
import { looseTime } from './timestamp.js';
import type { ParseContext, ParseResult } from './types.js';
import { checkInput } from './input-guard.js';
import { requiredChars, validate } from './validate.js';

/**
 * PagerDuty Events API v2, alert events (`POST /v2/enqueue`), as PagerDuty documents them:
 * routing_key and event_action are required; a trigger needs payload.summary (at most 1024
 * characters: PagerDuty refuses longer ones, and so does Keel), payload.source and
 * payload.severity; acknowledge and resolve need the dedup_key of the alert (at most 255
 * characters). A trigger without dedup_key gets a generated one, returned in the 202 answer.
 * Unknown fields are ignored. Keel does not check routing_key's length: its integration keys are
 * its own; the route looks the key up with pagerDutyRoutingKey(). At an integration URL the key
 * is in the URL, so routing_key may be absent there (options.keyInUrl).
 */
const severity = z.enum(['critical', 'error', 'warning', 'info']);

const payloadSchema = z.object({
  summary: requiredChars(1024).optional(),
  // No documented limit on these: finishEvent cuts them to Keel's caps instead.
  source: z.string().min(1).optional(),
  severity: severity.optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  component: z.string().optional(),
  group: z.string().optional(),
  class: z.string().optional(),
  custom_details: z.unknown().optional(),
});

const eventSchema = z.object({
  routing_key: z.string().min(1),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: requiredChars(255).optional(),
  payload: payloadSchema.optional(),
  images: z
    .array(z.object({ src: z.string(), href: z.string().optional(), alt: z.string().optional() }))
    .optional(),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })).optional(),
  client: z.string().optional(),
  client_url: z.string().optional(),
});
/** At an integration URL, whose key identifies the integration. */
const urlEventSchema = eventSchema.extend({ routing_key: z.string().min(1).optional() });

/** PagerDuty's own limit on an event, applied to the body as parsed. */
const maxEventBytes = 512 * 1024;

export interface PagerDutyParseOptions {
  /**
   * The integration is already known from the URL (`<integration url>`), so routing_key may be
   * absent; when present it is still checked as PagerDuty checks it (a non-empty string) and
   * otherwise ignored: the URL's key decides. At /v2/enqueue it is required, as PagerDuty requires.
   */
  keyInUrl?: boolean;
}

type PagerDutyEvent = z.output<typeof eventSchema> | z.output<typeof urlEventSchema>;

const actions: ReadonlySet<unknown> = new Set(['trigger', 'acknowledge', 'resolve']);
const severities: ReadonlySet<unknown> = new Set(severity.options);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === 'string';
/** requiredChars(max) for the common case: code units ≤ max means code points ≤ max. */
const shortText = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
const everyItem = (v: unknown, ok: (item: Record<string, unknown>) => boolean) =>
  v === undefined || (Array.isArray(v) && v.every((item) => isRecord(item) && ok(item)));

/**
 * The schema's verdict for the events senders actually send, without zod (on the ingest hot path
 * zod cost a few percent of an event's CPU): true only when every field the schema reads has the
 * type it wants and no refinement could fail; anything else (a wrong type, a long text counted in
 * code points, a missing field) returns false and goes through zod, which also words the errors.
 * Unknown fields are ignored by both.
 */
export function plainlyValid(body: unknown, keyInUrl: boolean): body is PagerDutyEvent {
  if (!isRecord(body)) return false;
  const key = body.routing_key;
  if (!(typeof key === 'string' ? key.length > 0 : keyInUrl && key === undefined)) return false;
  if (!actions.has(body.event_action)) return false;
  if (body.dedup_key !== undefined && !shortText(body.dedup_key, 255)) return false;
  const p = body.payload;
  if (p !== undefined) {
    if (!isRecord(p)) return false;
    if (p.summary !== undefined && !shortText(p.summary, 1024)) return false;
    if (p.source !== undefined && !(typeof p.source === 'string' && p.source.length > 0)) return false;
    if (p.severity !== undefined && !severities.has(p.severity)) return false;
    const t = p.timestamp;
    if (t !== undefined && typeof t !== 'string' && typeof t !== 'number') return false;
    if (!optString(p.component) || !optString(p.group) || !optString(p.class)) return false;
  }
  return (
    everyItem(body.images, (i) => typeof i.src === 'string' && optString(i.href) && optString(i.alt)) &&
    everyItem(body.links, (l) => typeof l.href === 'string' && optString(l.text)) &&
    optString(body.client) &&
    optString(body.client_url)
  );
}

/** The zod schema's verdict alone, for tests holding plainlyValid to it. */
export function schemaAccepts(body: unknown, keyInUrl: boolean): boolean {
  return (keyInUrl ? urlEventSchema : eventSchema).safeParse(body).success;
}

export function parsePagerDuty(
  body: unknown,
  ctx: ParseContext,
  options: PagerDutyParseOptions = {},
): ParseResult {
  const guard = checkInput(body, 'body');
  if (guard.length > 0) return { ok: false, errors: guard };
  let e: PagerDutyEvent;
  if (plainlyValid(body, options.keyInUrl === true)) e = body;
  else {
    const checked = validate(options.keyInUrl ? urlEventSchema : eventSchema, body);
    if (!checked.ok) return checked;
    e = checked.data;
  }
  // After the guard has bounded the depth, serializing cannot overflow the stack. JSON parsed
  // from at most the limit's bytes cannot re-serialize to more (the route's body limit says so).
  const bounded = ctx.bodyBytesAtMost !== undefined && ctx.bodyBytesAtMost <= maxEventBytes;
  if (!bounded && jsonBytes(body) > maxEventBytes)
    return { ok: false, errors: ['event is larger than 512 KB'] };
  const p = e.payload;
  const errors: string[] = [];
  if (e.event_action === 'trigger') {
    if (!p) errors.push('payload is required');
    else {
      if (p.summary === undefined) errors.push('payload.summary is required');
      if (p.source === undefined) errors.push('payload.source is required');
      if (p.severity === undefined) errors.push('payload.severity is required');
    }
  } else if (e.dedup_key === undefined) {
    errors.push(`dedup_key is required for ${e.event_action} events`);
  }
  if (errors.length > 0) return { ok: false, errors };
  const custom = p?.custom_details;
  const details =
    custom === undefined || custom === null
      ? {}
      : typeof custom === 'object' && !Array.isArray(custom)
        ? (custom as Record<string, unknown>)
        : { custom_details: custom };
  const event = finishEvent({
    action: e.event_action,
    dedupKey: e.dedup_key ?? ctx.newKey(),
    summary: p?.summary ?? '',
    severity: p?.severity ?? 'info',
    source: p?.source,
    component: p?.component,
    group: p?.group,
    class: p?.class,
    details,
    links: e.links,
    images: e.images,
    occurredAt: looseTime(p?.timestamp),
    client: e.client,
    clientUrl: e.client_url,
  });
  return { ok: true, events: [event] };
}

/** The integration key a PagerDuty-style body is addressed to, for the route to look up. */
export function pagerDutyRoutingKey(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const key = (body as Record<string, unknown>).routing_key;
  return typeof key === 'string' && key !== '' ? key : null;
}

/** The 202 body PagerDuty answers an accepted event with. */
export function pagerDutyAccepted(dedupKey: string): {
  status: 'success';
  message: 'Event processed';
  dedup_key: string;
} {
  return { status: 'success', message: 'Event processed', dedup_key: dedupKey };
}

/** The 400 body PagerDuty answers an invalid event with. */
export function pagerDutyInvalid(errors: string[]): {
  status: 'invalid event';
  message: 'Event object is invalid';
  errors: string[];
} {
  return { status: 'invalid event', message: 'Event object is invalid', errors };
}
