import { charCount, sha256Hex, truncateChars } from './text.js';

/**
 * Opsgenie's documented field limits (docs.opsgenie.com, Alert API and "Alerts and alert
 * fields"). Opsgenie states each limit without refusing a request past it (its older API says so
 * outright: what exceeds a limit is ignored), and senders rely on that: Alertmanager's default
 * `source` is its external URL plus the receiver name, easily over 100 characters. So Keel cuts
 * to these limits, as Opsgenie keeps them, and records every cut in `details._truncated`; it
 * refuses only what Opsgenie refuses (no message, wrong types, an unknown priority).
 */
export const opsgenieLimits = Object.freeze({
  messageChars: 130,
  aliasChars: 512,
  descriptionChars: 15_000,
  entityChars: 512,
  sourceChars: 100,
  userChars: 100,
  noteChars: 25_000,
  tags: 20,
  tagChars: 50,
  /** Keys and values of `details`, together. */
  detailsChars: 8000,
});

/** What was cut, by field, for `details._truncated` (the shape finishEvent writes). */
export type CutNotes = Record<string, unknown>;

const maxListed = 20;
const listed = (keys: string[]) => keys.slice(0, maxListed).map((k) => truncateChars(k, 64));

/** `value` cut to `max` characters (ending in …), noting the original length under `field`. */
export function cutText(notes: CutNotes, field: string, value: string, max: number): string;
export function cutText(
  notes: CutNotes,
  field: string,
  value: string | undefined,
  max: number,
): string | undefined;
export function cutText(
  notes: CutNotes,
  field: string,
  value: string | undefined,
  max: number,
): string | undefined {
  if (value === undefined) return undefined;
  const cut = truncateChars(value, max);
  if (cut !== value) notes[field] = { originalChars: charCount(value) };
  return cut;
}

/**
 * The dedup key of an alias: the alias itself, or past 512 characters its SHA-256, as Keel keys
 * every over-long sender key (close, acknowledge and updates map their identifier the same way,
 * so they still find the alert, and two long aliases never collide as a cut would make them).
 */
export function aliasKey(alias: string): string {
  return alias.length > opsgenieLimits.aliasChars && charCount(alias) > opsgenieLimits.aliasChars
    ? sha256Hex(alias)
    : alias;
}

/** The first 20 tags, each cut to 50 characters. */
export function capTags(notes: CutNotes, tags: readonly string[]): string[] {
  const kept = tags.slice(0, opsgenieLimits.tags);
  const cut: string[] = [];
  const out = kept.map((t) => {
    const short = truncateChars(t, opsgenieLimits.tagChars);
    if (short !== t) cut.push(t);
    return short;
  });
  if (cut.length > 0 || tags.length > kept.length) {
    notes.tags = { originalCount: tags.length, droppedCount: tags.length - kept.length, cut: listed(cut) };
  }
  return out;
}

/**
 * Details within 8000 characters (keys and values counted together): entries kept whole in the
 * sender's order while they fit, the first that does not is cut to what is left, later ones dropped.
 */
export function capOpsgenieDetails(notes: CutNotes, details: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const dropped: string[] = [];
  const cutKeys: string[] = [];
  let used = 0;
  let total = 0;
  for (const [key, value] of Object.entries(details)) {
    const size = charCount(key) + charCount(value);
    total += size;
    const room = opsgenieLimits.detailsChars - used - charCount(key);
    if (used + size <= opsgenieLimits.detailsChars) {
      out[key] = value;
      used += size;
    } else if (dropped.length === 0 && cutKeys.length === 0 && room >= 2) {
      out[key] = truncateChars(value, room);
      used = opsgenieLimits.detailsChars;
      cutKeys.push(key);
    } else dropped.push(key);
  }
  if (dropped.length > 0 || cutKeys.length > 0) {
    notes.details = {
      originalChars: total,
      droppedKeys: listed(dropped),
      droppedCount: dropped.length,
      cutKeys: listed(cutKeys),
    };
  }
  return out;
}
