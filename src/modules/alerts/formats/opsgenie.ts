import { z } from 'zod';
import { finishEvent } from './event.js';
import type { OpsgeniePriority, ParseContext, ParseResult, SourceSeverity } from './types.js';
import { chars, requiredChars, validate } from './validate.js';

/**
 * Opsgenie's Alert API, the part a monitoring tool uses to page: create (`POST /v2/alerts`),
 * close and acknowledge (`POST /v2/alerts/{identifier}/close|acknowledge`). Limits are Opsgenie's
 * documented ones and are enforced, not cut: message at most 130 characters, alias 512,
 * description 15 000, entity 512, source 100, user 100, note 25 000.
 *
 * Mapping: alias → dedup key (generated when absent, as Opsgenie does), message → summary,
 * entity (the affected system) → source, source (the sending tool) → client, priority (P3 when
 * absent) → priority and severity, tags → labels as `tag: "true"`, details → details, with user
 * and note under `opsgenie.user` / `opsgenie.note`. responders, visibleTo and actions are checked
 * and ignored: in Keel the integration's service and escalation policy decide who is paged.
 */
const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
const prioritySeverity: Record<OpsgeniePriority, SourceSeverity> = {
  P1: 'critical',
  P2: 'error',
  P3: 'warning',
  P4: 'info',
  P5: 'info',
};

const responder = z.object({
  type: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  username: z.string().optional(),
});

/** Opsgenie keeps details as strings; scalars are read as their text, like Opsgenie's own API does. */
const detailValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'must be a string' })
  .transform((v) => String(v));

const createSchema = z.object({
  message: requiredChars(130).refine((m) => m.trim() !== '', { message: 'must not be blank' }),
  alias: requiredChars(512).optional(),
  description: chars(15_000).optional(),
  responders: z.array(responder).optional(),
  visibleTo: z.array(responder).optional(),
  actions: z.array(z.string()).optional(),
  tags: z
    .array(
      z
        .string()
        .min(1)
        .refine((t) => t !== '__proto__', { message: 'is a reserved name' }),
    )
    .optional(),
  details: z.record(z.string(), detailValue).optional(),
  entity: chars(512).optional(),
  source: chars(100).optional(),
  priority: z.enum(priorities).optional(),
  user: chars(100).optional(),
  note: chars(25_000).optional(),
});

export function parseOpsgenieCreate(body: unknown, ctx: ParseContext): ParseResult {
  const checked = validate(createSchema, body);
  if (!checked.ok) return checked;
  const a = checked.data;
  const priority = a.priority ?? 'P3';
  const labels: Record<string, string> = {};
  for (const tag of a.tags ?? []) labels[tag] = 'true';
  const event = finishEvent({
    action: 'trigger',
    dedupKey: a.alias ?? ctx.newKey(),
    summary: a.message,
    severity: prioritySeverity[priority],
    priority,
    source: a.entity,
    client: a.source,
    labels,
    details: { ...a.details, ...actorDetails(a) },
    description: a.description,
  });
  return { ok: true, events: [event] };
}

const actionSchema = z.object({
  user: chars(100).optional(),
  source: chars(100).optional(),
  note: chars(25_000).optional(),
});

export type OpsgenieAction = 'close' | 'acknowledge';

/**
 * Close or acknowledge by alias. Opsgenie's identifierType defaults to `id`; Keel never hands out
 * Opsgenie alert ids or tiny ids, so anything but `alias` is refused with a message saying so.
 * The body (user, source, note) is optional.
 */
export function parseOpsgenieAction(
  action: OpsgenieAction,
  identifier: string,
  identifierType: string | undefined,
  body: unknown,
): ParseResult {
  if (identifierType !== 'alias') {
    return {
      ok: false,
      errors: [
        `identifierType must be alias (got ${identifierType === undefined ? 'none, which Opsgenie reads as id' : JSON.stringify(identifierType.slice(0, 20))}): Keel does not expose Opsgenie alert ids or tiny ids, so ${action} addresses the alert by its alias, e.g. ?identifierType=alias`,
      ],
    };
  }
  const id = validate(z.object({ identifier: requiredChars(512) }), { identifier });
  if (!id.ok) return id;
  const checked =
    body === undefined || body === null ? { ok: true as const, data: {} } : validate(actionSchema, body);
  if (!checked.ok) return checked;
  const b = checked.data;
  const event = finishEvent({
    action: action === 'close' ? 'resolve' : 'acknowledge',
    dedupKey: id.data.identifier,
    summary: '',
    severity: 'info',
    client: b.source,
    details: actorDetails(b),
  });
  return { ok: true, events: [event] };
}

function actorDetails(a: { user?: string | undefined; note?: string | undefined }): Record<string, string> {
  const out: Record<string, string> = {};
  if (a.user) out['opsgenie.user'] = a.user;
  if (a.note) out['opsgenie.note'] = a.note;
  return out;
}

/** The 202 body Opsgenie answers every accepted request with (its processing is asynchronous). */
export function opsgenieAccepted(
  requestId: string,
  tookSeconds: number,
): { result: 'Request will be processed'; took: number; requestId: string } {
  return { result: 'Request will be processed', took: tookSeconds, requestId };
}

/** The body of Opsgenie's 4xx answers: one message, several problems joined with "; ". */
export function opsgenieError(
  message: string | string[],
  requestId: string,
  tookSeconds = 0,
): { message: string; took: number; requestId: string } {
  return { message: Array.isArray(message) ? message.join('; ') : message, took: tookSeconds, requestId };
}
