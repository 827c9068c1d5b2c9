import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeText, foldLine, icalTime, renderCalendar, stableUid } from './ical.domain.js';

test('icalTime: UTC basic format', () => {
  assert.equal(icalTime(Date.parse('2026-03-29T08:00:00.123Z')), '20260329T080000Z');
});

test('escapeText: backslash, semicolon, comma, line breaks', () => {
  assert.equal(escapeText('a\\b;c,d\ne\r\nf'), 'a\\\\b\\;c\\,d\\ne\\nf');
});

test('foldLine: at most 75 octets per line, continuation lines start with a space, UTF-8 kept whole', () => {
  assert.equal(foldLine('short'), 'short');
  const ascii = 'X'.repeat(200);
  const folded = foldLine(ascii).split('\r\n');
  assert.deepEqual(
    folded.map((l) => l.length),
    [75, 75, 52],
  );
  assert.ok(folded.slice(1).every((l) => l.startsWith(' ')));
  assert.equal(folded.join('').replace(/ /g, ''), ascii);
  const wide = `SUMMARY:${'é😀'.repeat(40)}`;
  const lines = foldLine(wide).split('\r\n');
  for (const l of lines) assert.ok(Buffer.byteLength(l) <= 75);
  assert.equal(lines.map((l, i) => (i ? l.slice(1) : l)).join(''), wide);
  assert.ok(!lines.some((l) => l.includes('\uFFFD')));
});

test('stableUid: same parts, same UID; different parts, different UID', () => {
  assert.equal(stableUid(['a', 1]), stableUid(['a', 1]));
  assert.notEqual(stableUid(['a', 1]), stableUid(['a1']));
  assert.match(stableUid(['x']), /^[0-9a-f]{32}@keel$/);
});

test('renderCalendar: VCALENDAR with name, VEVENTs with UID, DTSTAMP, DTSTART, DTEND; CRLF', () => {
  const text = renderCalendar({
    name: 'On call, "primary"',
    stamp: Date.parse('2026-03-01T09:00:00Z'),
    events: [{ uid: 'u1@keel', start: 0, end: 3_600_000, summary: 'On call: Ada' }],
  });
  assert.equal(
    text,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Keel//On-call schedules//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:On call\\, "primary"',
      'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
      'X-PUBLISHED-TTL:PT1H',
      'BEGIN:VEVENT',
      'UID:u1@keel',
      'DTSTAMP:20260301T090000Z',
      'DTSTART:19700101T000000Z',
      'DTEND:19700101T010000Z',
      'SUMMARY:On call: Ada',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
});
