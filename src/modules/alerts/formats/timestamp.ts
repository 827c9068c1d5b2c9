/**
 * Strict ISO 8601 / RFC 3339 date-times, the forms senders actually emit:
 * `2026-11-27T14:03:00.568Z`, `2026-11-27T14:03:04.881099423Z` (Go's nanoseconds; digits past
 * milliseconds are dropped, not rounded), `2021-10-12T09:51:03.157076+02:00`,
 * `2015-07-17T08:42:58.315+0000` (PagerDuty's own example), a space instead of `T`, and no zone
 * (read as UTC). Anything else is null: Date.parse accepts too much, and differently per engine.
 */
const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseTimestamp(text: string): number | null {
  const m = isoPattern.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, Math.min(second, 59), millis));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999; Go's zero time is year 1
  return date.getTime() - zoneOffsetMs(m[8]);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || 0);
  return sign * (hours * 60 + minutes) * 60_000;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Go's zero time.Time, which Alertmanager and Grafana send as the endsAt of a firing alert. */
export const goZeroTime = parseTimestamp('0001-01-01T00:00:00Z')!;

/** A sender timestamp worth keeping: parsed, and not Go's zero time. */
export function senderTime(text: string | undefined | null): number | null {
  if (!text) return null;
  const ms = parseTimestamp(text);
  return ms === null || ms === goZeroTime ? null : ms;
}

/** ISO 8601 text, or a number: below 1e11 read as Unix seconds, otherwise as milliseconds. */
export function looseTime(value: unknown): number | null {
  if (typeof value === 'string') return parseTimestamp(value);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return Math.trunc(value < 1e11 ? value * 1000 : value);
  }
  return null;
}
