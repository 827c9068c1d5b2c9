import type { IncidentSeverity } from '../../incidents/index.js';
import type { MessageKind, NotificationMessage } from './channel.js';

/**
 * Wording shared by the channels, so a page reads the same everywhere. Each channel escapes
 * for its own markup; these return plain text.
 */

export function kindLabel(kind: MessageKind): string {
  switch (kind) {
    case 'trigger':
      return 'Triggered';
    case 'escalation':
      return 'Escalated';
    case 'acknowledged':
      return 'Acknowledged';
    case 'resolved':
      return 'Resolved';
    case 'test':
      return 'Test';
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}

/** "Triggered #42: Checkout latency above 2 s". */
export function headline(m: NotificationMessage): string {
  return `${kindLabel(m.kind)} #${m.incidentNumber}: ${m.title}`;
}

/** "SEV1 · high urgency · checkout-api". */
export function factsLine(m: NotificationMessage): string {
  return `${m.severity} · ${m.urgency} urgency · ${m.serviceName}`;
}

/** Whether the message asks someone to act (ack/resolve links matter). */
export function isPage(kind: MessageKind): boolean {
  return kind === 'trigger' || kind === 'escalation';
}

/**
 * Cuts text to at most `max` characters (code points, so an emoji is never split), ending
 * in "…" when it was cut. Services count characters, not bytes, unless noted at the call.
 */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Length in code points (what truncate counts). */
export function charLength(text: string): number {
  return Array.from(text).length;
}

/** The links of a message, in display order: acknowledge, resolve, open. */
export function links(m: NotificationMessage): { label: string; url: string }[] {
  const out: { label: string; url: string }[] = [];
  if (m.ackUrl && isPage(m.kind)) out.push({ label: 'Acknowledge', url: m.ackUrl });
  if (m.resolveUrl && m.kind !== 'resolved') out.push({ label: 'Resolve', url: m.resolveUrl });
  out.push({ label: 'Open incident', url: m.incidentUrl });
  return out;
}

/** A colour per severity (resolved is always green), as 0xRRGGBB. */
export function colourFor(m: NotificationMessage): number {
  if (m.kind === 'resolved') return 0x2e7d32;
  return severityColours[m.severity];
}

export function hexColour(colour: number): string {
  return `#${colour.toString(16).padStart(6, '0')}`;
}

const severityColours: Record<IncidentSeverity, number> = {
  SEV1: 0xc62828,
  SEV2: 0xef6c00,
  SEV3: 0xf9a825,
  SEV4: 0x1565c0,
};

/** Escapes &, <, > (and quotes) for HTML and HTML-like markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The host of a URL, for describe(): never the path or query, which often hold the secret. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

/**
 * The longest prefix of `raw` (cut with "…") whose escaped form is at most `max` characters:
 * truncating after escaping could split an entity, and escaping after truncating can overflow.
 */
export function fitEscaped(raw: string, max: number, escape: (s: string) => string): string {
  const whole = escape(raw);
  if (charLength(whole) <= max) return whole;
  // Binary search on the cut: the escaped length grows with the number of characters kept.
  let lo = 0;
  let hi = Math.min(charLength(raw), max);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (charLength(escape(truncate(raw, mid))) <= max) lo = mid;
    else hi = mid - 1;
  }
  return escape(truncate(raw, lo));
}
