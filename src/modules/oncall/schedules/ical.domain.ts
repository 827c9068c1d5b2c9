import { createHash } from 'node:crypto';

/**
 * RFC 5545 calendar text for on-call feeds, as pure functions: CRLF line ends, content lines
 * folded at 75 octets (never inside a UTF-8 sequence), TEXT values escaped, times in UTC.
 */

export interface IcalEvent {
  uid: string;
  start: number;
  end: number;
  summary: string;
  description?: string;
  url?: string;
}

export interface IcalCalendar {
  name: string;
  description?: string;
  /** Generation time: every event's DTSTAMP. */
  stamp: number;
  events: IcalEvent[];
}

/** 20260301T090000Z */
export const icalTime = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

/** A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11). */
export const escapeText = (s: string): string =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');

/**
 * One content line, folded: no physical line over 75 octets; continuation lines start with a
 * space, which counts toward their 75 (RFC 5545 §3.1).
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (size + n > 75) {
      out.push(current);
      current = ' ';
      size = 1;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join('\r\n');
}

/** A stable event id: the same inputs always give the same UID. */
export const stableUid = (parts: readonly (string | number)[], domain = 'keel'): string =>
  `${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}@${domain}`;

export function renderCalendar(cal: IcalCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Keel//On-call schedules//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    ...(cal.description ? [`X-WR-CALDESC:${escapeText(cal.description)}`] : []),
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  const stamp = icalTime(cal.stamp);
  for (const e of cal.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icalTime(e.start)}`,
      `DTEND:${icalTime(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      ...(e.url ? [`URL:${e.url}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
