import { limits } from './limits.js';
import { charCount, jsonBytes, safeUrl, truncateChars, truncateJsonString } from './text.js';
import type { EventAction, NormalizedEvent, OpsgeniePriority, SourceSeverity } from './types.js';

/** What a parser knows about one event before the shared caps are applied. */
export interface EventDraft {
  action: EventAction;
  dedupKey: string;
  summary: string;
  severity: SourceSeverity;
  source?: string | null | undefined;
  priority?: OpsgeniePriority | null | undefined;
  component?: string | null | undefined;
  group?: string | null | undefined;
  class?: string | null | undefined;
  labels?: Record<string, string> | undefined;
  details?: Record<string, unknown> | undefined;
  links?: readonly { href: string; text?: string | null | undefined }[] | undefined;
  images?:
    readonly { src: string; href?: string | null | undefined; alt?: string | null | undefined }[] | undefined;
  occurredAt?: number | null | undefined;
  groupKey?: string | null | undefined;
  client?: string | null | undefined;
  clientUrl?: string | null | undefined;
  description?: string | null | undefined;
  /** What the parser already cut to the sender's own limits, for `details._truncated`. */
  truncated?: Record<string, unknown> | undefined;
}

/** The key under which details record what the caps cut. Keel owns it; a sender's value is replaced. */
export const truncatedKey = '_truncated';
/** Room kept in details for the `_truncated` note itself. */
const noteReserve = 4096;
const maxListed = 20;

/**
 * Applies the caps of limits.ts: text cut with an ellipsis, labels sorted and capped, links and
 * images filtered to http(s)/https and capped, details cut entry by entry (in the sender's order)
 * to fit 64 KiB. Everything cut is listed in details._truncated, so nothing disappears silently.
 * Deterministic: the same draft gives the same event.
 */
export function finishEvent(draft: EventDraft): NormalizedEvent {
  const notes: Record<string, unknown> = { ...draft.truncated };
  const text = (field: string, value: string | null | undefined, max: number): string | null => {
    if (value === null || value === undefined || value === '') return null;
    const cut = truncateChars(value, max);
    if (cut !== value) notes[field] = { originalChars: charCount(value) };
    return cut;
  };
  const summary = text('summary', draft.summary, limits.summaryChars) ?? '';
  const labels = capLabels(draft.labels ?? {}, notes);
  const links = capList(
    'links',
    (draft.links ?? []).flatMap((l) => {
      const href = safeUrl(l.href, limits.urlChars);
      return href ? [{ href, text: truncateChars(l.text || href, limits.shortTextChars) }] : [];
    }),
    limits.links,
    notes,
  );
  const images = capList(
    'images',
    (draft.images ?? []).flatMap((i) => {
      const src = safeUrl(i.src, limits.urlChars, true);
      if (!src) return [];
      const alt = i.alt ? truncateChars(i.alt, limits.shortTextChars) : null;
      return [{ src, href: safeUrl(i.href, limits.urlChars), alt }];
    }),
    limits.images,
    notes,
  );
  const event: NormalizedEvent = {
    action: draft.action,
    dedupKey: draft.dedupKey,
    summary,
    source: text('source', draft.source, limits.shortTextChars),
    severity: draft.severity,
    priority: draft.priority ?? null,
    component: text('component', draft.component, limits.shortTextChars),
    group: text('group', draft.group, limits.shortTextChars),
    class: text('class', draft.class, limits.shortTextChars),
    labels,
    details: {},
    links,
    images,
    occurredAt: draft.occurredAt ?? null,
    groupKey: draft.groupKey ?? null,
    client: text('client', draft.client, limits.shortTextChars),
    clientUrl: safeUrl(draft.clientUrl, limits.urlChars),
    description: text('description', draft.description, limits.descriptionChars),
  };
  event.details = capDetails(draft.details ?? {}, notes);
  return event;
}

function capLabels(labels: Record<string, string>, notes: Record<string, unknown>): Record<string, string> {
  const keys = Object.keys(labels).sort();
  const out: Record<string, string> = {};
  const dropped: string[] = [];
  const cutValues: string[] = [];
  let kept = 0;
  for (const key of keys) {
    const value = labels[key]!;
    if (kept >= limits.labels || charCount(key) > limits.labelKeyChars) {
      dropped.push(key);
      continue;
    }
    const cut = truncateChars(value, limits.labelValueChars);
    if (cut !== value) cutValues.push(key);
    out[key] = cut;
    kept++;
  }
  if (dropped.length > 0 || cutValues.length > 0) {
    notes.labels = {
      originalCount: keys.length,
      droppedKeys: listed(dropped),
      droppedCount: dropped.length,
      cutValues: listed(cutValues),
    };
  }
  return out;
}

function capList<T>(field: string, items: T[], max: number, notes: Record<string, unknown>): T[] {
  if (items.length <= max) return items;
  notes[field] = { originalCount: items.length };
  return items.slice(0, max);
}

function capDetails(
  details: Record<string, unknown>,
  notes: Record<string, unknown>,
): Record<string, unknown> {
  const { [truncatedKey]: _senderNote, ...own } = details;
  const originalBytes = jsonBytes(own);
  const hasNotes = Object.keys(notes).length > 0;
  if (originalBytes <= (hasNotes ? limits.detailsBytes - noteReserve : limits.detailsBytes)) {
    return hasNotes ? { ...own, [truncatedKey]: notes } : own;
  }
  // Whole entries first, in the sender's order, then what is left for cutting long strings: so a
  // small entry after a huge one survives.
  const budget = limits.detailsBytes - noteReserve;
  const kept = new Map<string, unknown>();
  const pending: string[] = [];
  let used = 2; // {}
  for (const [key, value] of Object.entries(own)) {
    const size = jsonBytes(key) + 2 + jsonBytes(value); // "key": and a comma
    if (used + size <= budget) {
      kept.set(key, value);
      used += size;
    } else pending.push(key);
  }
  const dropped: string[] = [];
  const cut: string[] = [];
  for (const key of pending) {
    const value = own[key];
    const room = budget - used - jsonBytes(key) - 2;
    if (typeof value === 'string' && room > 256) {
      const short = truncateJsonString(value, room);
      kept.set(key, short);
      used += jsonBytes(key) + 2 + jsonBytes(short);
      cut.push(key);
    } else dropped.push(key);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(own)) if (kept.has(key)) out[key] = kept.get(key);
  notes.details = {
    originalBytes,
    droppedKeys: listed(dropped),
    droppedCount: dropped.length,
    cutKeys: listed(cut),
  };
  out[truncatedKey] = notes;
  return out;
}

function listed(keys: string[]): string[] {
  return keys.slice(0, maxListed).map((k) => truncateChars(k, 64));
}
