import { z } from 'zod';
import { finishEvent } from './event.js';
import { jsonBytes } from './text.js';
import { looseTime } from './timestamp.js';
import type { ParseContext, ParseResult } from './types.js';
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

export function parsePagerDuty(
  body: unknown,
  ctx: ParseContext,
  options: PagerDutyParseOptions = {},
): ParseResult {
  const checked = validate(options.keyInUrl ? urlEventSchema : eventSchema, body);
  if (!checked.ok) return checked;
  // After validate: the guard has bounded the depth, so serializing cannot overflow the stack.
  if (jsonBytes(body) > maxEventBytes) return { ok: false, errors: ['event is larger than 512 KB'] };
  const e = checked.data;
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
