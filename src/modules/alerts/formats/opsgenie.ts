import { z } from 'zod';
import { finishEvent } from './event.js';
import type { OpsgeniePriority, ParseContext, ParseResult, SourceSeverity } from './types.js';
import {
  aliasKey,
  capOpsgenieDetails,
  capTags,
  cutText,
  opsgenieLimits,
  type CutNotes,
} from './opsgenie-limits.js';
import { charCount } from './text.js';
import { validate } from './validate.js';

/**
 * Opsgenie's Alert API, the part a monitoring tool uses to page: create (`POST /v2/alerts`),
 * close and acknowledge (`POST /v2/alerts/{identifier}/close|acknowledge`). Opsgenie's documented
 * limits (message 130 characters, alias 512, description 15 000, entity 512, source 100, user 100,
 * note 25 000, 20 tags of 50, details 8000 in all) are applied as Opsgenie applies them: values
 * past them are cut, not refused (see opsgenie-limits.ts); only what Opsgenie refuses is refused.
 *
 * Mapping: alias → dedup key (generated when absent, as Opsgenie does; past 512 characters its
 * SHA-256), message → summary, entity (the affected system) → source, source (the sending tool)
 * → client, priority (P3 when absent) → priority and severity, tags → labels as `tag: "true"`,
 * details → details, with user and note under `opsgenie.user` / `opsgenie.note`. responders,
 * visibleTo and actions are checked and ignored: in Keel the integration's service and escalation
 * policy decide who is paged.
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
  message: z
    .string()
    .min(1, { abort: true })
    .refine((m) => m.trim() !== '', { message: 'must not be blank' }),
  alias: z.string().min(1).optional(),
  description: z.string().optional(),
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
  entity: z.string().optional(),
  source: z.string().optional(),
  priority: z.enum(priorities).optional(),
  user: z.string().optional(),
  note: z.string().optional(),
});

export function parseOpsgenieCreate(body: unknown, ctx: ParseContext): ParseResult {
  const checked = validate(createSchema, body);
  if (!checked.ok) return checked;
  const a = checked.data;
  const notes: CutNotes = {};
  const priority = a.priority ?? 'P3';
  const labels: Record<string, string> = {};
  for (const tag of capTags(notes, a.tags ?? [])) labels[tag] = 'true';
  let dedupKey = a.alias ?? ctx.newKey();
  if (aliasKey(dedupKey) !== dedupKey) {
    notes.dedupKey = { originalChars: charCount(dedupKey), replacedBy: 'sha256' };
    dedupKey = aliasKey(dedupKey);
  }
  const event = finishEvent({
    action: 'trigger',
    dedupKey,
    summary: cutText(notes, 'summary', a.message, opsgenieLimits.messageChars),
    severity: prioritySeverity[priority],
    priority,
    source: cutText(notes, 'source', a.entity, opsgenieLimits.entityChars),
    client: cutText(notes, 'client', a.source, opsgenieLimits.sourceChars),
    labels,
    details: { ...capOpsgenieDetails(notes, a.details ?? {}), ...actorDetails(notes, a) },
    description: cutText(notes, 'description', a.description, opsgenieLimits.descriptionChars),
    truncated: notes,
  });
  return { ok: true, events: [event] };
}

const actionSchema = z.object({
  user: z.string().optional(),
  source: z.string().optional(),
  note: z.string().optional(),
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
  const typeError = identifierTypeError(action, identifierType);
  if (typeError) return { ok: false, errors: [typeError] };
  const id = validate(z.object({ identifier: z.string().min(1) }), { identifier });
  if (!id.ok) return id;
  const checked =
    body === undefined || body === null ? { ok: true as const, data: {} } : validate(actionSchema, body);
  if (!checked.ok) return checked;
  const b = checked.data;
  const notes: CutNotes = {};
  const event = finishEvent({
    action: action === 'close' ? 'resolve' : 'acknowledge',
    dedupKey: aliasKey(id.data.identifier),
    summary: '',
    severity: 'info',
    client: cutText(notes, 'client', b.source, opsgenieLimits.sourceChars),
    details: actorDetails(notes, b),
    truncated: notes,
  });
  return { ok: true, events: [event] };
}

/** Why anything but `?identifierType=alias` is refused, or null when it is alias. */
export function identifierTypeError(action: string, identifierType: string | undefined): string | null {
  if (identifierType === 'alias') return null;
  return `identifierType must be alias (got ${identifierType === undefined ? 'none, which Opsgenie reads as id' : JSON.stringify(identifierType.slice(0, 20))}): Keel does not expose Opsgenie alert ids or tiny ids, so ${action} addresses the alert by its alias, e.g. ?identifierType=alias`;
}

/** user and note, cut to Opsgenie's limits, under `opsgenie.user` and `opsgenie.note`. */
export function actorDetails(
  notes: CutNotes,
  a: { user?: string | undefined; note?: string | undefined },
): Record<string, string> {
  const out: Record<string, string> = {};
  const user = cutText(notes, 'opsgenie.user', a.user, opsgenieLimits.userChars);
  const note = cutText(notes, 'opsgenie.note', a.note, opsgenieLimits.noteChars);
  if (user) out['opsgenie.user'] = user;
  if (note) out['opsgenie.note'] = note;
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
