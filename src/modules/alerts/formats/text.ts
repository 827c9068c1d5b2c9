import { createHash } from 'node:crypto';

/** Length in Unicode code points, which is what "characters" means in every limit here. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Cuts to at most `max` code points, the last one an ellipsis when anything was cut. */
export function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The longest prefix (plus an ellipsis) whose JSON encoding fits in `maxBytes` UTF-8 bytes. */
export function truncateJsonString(text: string, maxBytes: number): string {
  const points = Array.from(text);
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (jsonBytes(`${points.slice(0, mid).join('')}…`) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return `${points.slice(0, lo).join('')}…`;
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** The URL as given when it parses as http(s) (https only when asked) and is not overlong; else null. */
export function safeUrl(value: unknown, maxChars: number, httpsOnly = false): string | null {
  if (typeof value !== 'string' || value === '' || value.length > maxChars) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') return value;
  return url.protocol === 'http:' && !httpsOnly ? value : null;
}

/**
 * SHA-256 (hex) of the labels sorted by name: the dedup key of an alert that has no fingerprint.
 * Same labels, same key, whatever order they arrived in.
 */
export function labelsKey(labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}

/** SHA-256 (hex) of any string, for keys longer than Keel stores. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
