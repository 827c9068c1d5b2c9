import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeIntervals, restrictionIntervals, withinRestriction } from './restrictions.domain.js';
import type { Restriction, Weekday } from './schedule.types.js';

const t = (s: string) => new Date(s).getTime();
const at = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');

const nights: Restriction = { kind: 'daily', from: '18:00', to: '08:00' };
const businessHours: Restriction = {
  kind: 'weekly',
  windows: (['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[]).map((d) => ({
    fromDay: d,
    from: '09:00',
    toDay: d,
    to: '17:30',
  })),
};
const weekends: Restriction = {
  kind: 'weekly',
  windows: [{ fromDay: 'fri', from: '18:00', toDay: 'mon', to: '08:00' }],
};
const sundayNight: Restriction = {
  kind: 'weekly',
  windows: [{ fromDay: 'sun', from: '22:00', toDay: 'mon', to: '02:00' }],
};

describe('restrictions: inside or outside', () => {
  // 2026-01-05 is a Monday; UTC, so local time is the instant's. [name, restriction, instant, inside]
  const cases: [string, Restriction, string, boolean][] = [
    ['nights', nights, '2026-01-05T17:59:59Z', false],
    ['nights', nights, '2026-01-05T18:00:00Z', true],
    ['nights', nights, '2026-01-05T23:59:59Z', true],
    ['nights', nights, '2026-01-06T00:00:00Z', true],
    ['nights', nights, '2026-01-06T07:59:59Z', true],
    ['nights', nights, '2026-01-06T08:00:00Z', false],
    ['business hours', businessHours, '2026-01-05T08:59:59Z', false],
    ['business hours', businessHours, '2026-01-05T09:00:00Z', true],
    ['business hours', businessHours, '2026-01-09T17:29:59Z', true],
    ['business hours', businessHours, '2026-01-09T17:30:00Z', false],
    ['business hours', businessHours, '2026-01-10T12:00:00Z', false],
    ['weekends', weekends, '2026-01-09T17:59:59Z', false],
    ['weekends', weekends, '2026-01-09T18:00:00Z', true],
    ['weekends', weekends, '2026-01-11T12:00:00Z', true],
    ['weekends', weekends, '2026-01-12T07:59:59Z', true],
    ['weekends', weekends, '2026-01-12T08:00:00Z', false],
    ['weekends', weekends, '2026-01-14T12:00:00Z', false],
    ['Sunday night wraps the week', sundayNight, '2026-01-11T21:59:59Z', false],
    ['Sunday night wraps the week', sundayNight, '2026-01-11T23:00:00Z', true],
    ['Sunday night wraps the week', sundayNight, '2026-01-12T01:59:59Z', true],
    ['Sunday night wraps the week', sundayNight, '2026-01-12T02:00:00Z', false],
  ];
  for (const [name, r, instant, inside] of cases) {
    test(`${name} at ${instant}: ${inside ? 'inside' : 'outside'}`, () => {
      assert.equal(withinRestriction(r, 'UTC', t(instant)), inside);
    });
  }
});

describe('restrictions: windows as instants', () => {
  // [why, restriction, zone, from, to, expected windows]
  const cases: [string, Restriction, string, string, string, string[]][] = [
    [
      'nights wrap midnight; a window open at the range start is clipped',
      nights,
      'UTC',
      '2026-01-05T00:00:00Z',
      '2026-01-07T00:00:00Z',
      [
        '2026-01-05T00:00Z–2026-01-05T08:00Z',
        '2026-01-05T18:00Z–2026-01-06T08:00Z',
        '2026-01-06T18:00Z–2026-01-07T00:00Z',
      ],
    ],
    [
      'weekends in New York, which fall back on Sunday 1 Nov: the window is an hour longer',
      weekends,
      'America/New_York',
      '2026-10-26T13:00:00Z',
      '2026-11-06T00:00:00Z',
      ['2026-10-30T22:00Z–2026-11-02T13:00Z'],
    ],
    [
      '09:00–17:30 London stays local across 29 Mar (08:00Z in BST)',
      { kind: 'daily', from: '09:00', to: '17:30' },
      'Europe/London',
      '2026-03-28T00:00:00Z',
      '2026-03-30T00:00:00Z',
      ['2026-03-28T09:00Z–2026-03-28T17:30Z', '2026-03-29T08:00Z–2026-03-29T16:30Z'],
    ],
    [
      'nights in London on 29 Mar: 18:00 GMT to 08:00 BST is 13 hours',
      nights,
      'Europe/London',
      '2026-03-28T12:00:00Z',
      '2026-03-29T12:00:00Z',
      ['2026-03-28T18:00Z–2026-03-29T07:00Z'],
    ],
    [
      'a window inside the skipped hour moves forward by the gap that day (02:10–02:50 BST)',
      { kind: 'daily', from: '01:10', to: '01:50' },
      'Europe/London',
      '2026-03-28T00:00:00Z',
      '2026-03-31T00:00:00Z',
      [
        '2026-03-28T01:10Z–2026-03-28T01:50Z',
        '2026-03-29T01:10Z–2026-03-29T01:50Z',
        '2026-03-30T00:10Z–2026-03-30T00:50Z',
      ],
    ],
    [
      'overlapping windows are joined',
      {
        kind: 'weekly',
        windows: [
          { fromDay: 'mon', from: '09:00', toDay: 'mon', to: '12:00' },
          { fromDay: 'mon', from: '11:00', toDay: 'mon', to: '14:00' },
          { fromDay: 'mon', from: '14:00', toDay: 'mon', to: '15:00' },
        ],
      },
      'UTC',
      '2026-01-05T00:00:00Z',
      '2026-01-06T00:00:00Z',
      ['2026-01-05T09:00Z–2026-01-05T15:00Z'],
    ],
  ];
  for (const [why, r, zone, from, to, expected] of cases) {
    test(why, () => {
      const windows = restrictionIntervals(r, zone, t(from), t(to));
      assert.deepEqual(
        windows.map((w) => `${at(w.start)}–${at(w.end)}`),
        expected,
      );
    });
  }

  test('mergeIntervals sorts, joins overlapping and touching, keeps gaps', () => {
    assert.deepEqual(
      mergeIntervals([
        { start: 5, end: 7 },
        { start: 1, end: 3 },
        { start: 3, end: 4 },
        { start: 6, end: 9 },
      ]),
      [
        { start: 1, end: 4 },
        { start: 5, end: 9 },
      ],
    );
  });
});
