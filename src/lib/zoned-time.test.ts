import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, dayNumber, wallClock, wallOn, weekdayOf, zonedInstant } from './zoned-time.js';

const t = (s: string) => new Date(s).getTime();
const at = (ms: number) => new Date(ms).toISOString();
const wall = (y: number, mo: number, d: number, h: number, mi = 0) => ({ y, mo, d, h, mi, s: 0, ms: 0 });

describe('zoned time: local wall-clock to instant', () => {
  // [zone, local wall-clock, expected instant, why]
  const cases: [string, ReturnType<typeof wall>, string, string][] = [
    ['Europe/London', wall(2026, 1, 15, 2, 30), '2026-01-15T02:30:00.000Z', 'GMT in winter'],
    ['Europe/London', wall(2026, 7, 15, 2, 30), '2026-07-15T01:30:00.000Z', 'BST in summer'],
    [
      'Europe/London',
      wall(2026, 3, 29, 1, 30),
      '2026-03-29T01:30:00.000Z',
      'skipped hour moves forward (02:30 BST)',
    ],
    [
      'Europe/London',
      wall(2026, 10, 25, 1, 30),
      '2026-10-25T00:30:00.000Z',
      'repeated hour: the earlier (BST)',
    ],
    [
      'America/New_York',
      wall(2026, 3, 8, 2, 30),
      '2026-03-08T07:30:00.000Z',
      'skipped hour moves forward (03:30 EDT)',
    ],
    [
      'America/New_York',
      wall(2026, 11, 1, 1, 30),
      '2026-11-01T05:30:00.000Z',
      'repeated hour: the earlier (EDT)',
    ],
    ['America/New_York', wall(2026, 11, 1, 3, 0), '2026-11-01T08:00:00.000Z', 'after the change: EST'],
    [
      'Australia/Lord_Howe',
      wall(2026, 4, 5, 1, 45),
      '2026-04-04T14:45:00.000Z',
      'a half-hour change, repeated',
    ],
    ['UTC', wall(2026, 3, 29, 1, 30), '2026-03-29T01:30:00.000Z', 'UTC has no changes'],
  ];
  for (const [zone, w, expected, why] of cases) {
    test(`${zone} ${w.y}-${w.mo}-${w.d} ${w.h}:${w.mi}: ${why}`, () => {
      assert.equal(at(zonedInstant(w, zone)), expected);
    });
  }

  test('wallClock is the inverse away from changes', () => {
    const ms = t('2026-06-01T12:34:56.789Z');
    const w = wallClock(ms, 'America/New_York');
    assert.deepEqual(w, { y: 2026, mo: 6, d: 1, h: 8, mi: 34, s: 56, ms: 789 });
    assert.equal(zonedInstant(w, 'America/New_York'), ms);
  });
});

describe('zoned time: calendar days', () => {
  // [local date, day number, weekday (0 = Monday)]
  const cases: [ReturnType<typeof wall>, number, number][] = [
    [wall(1970, 1, 1, 0), 0, 3],
    [wall(1969, 12, 31, 23), -1, 2],
    [wall(2024, 2, 29, 9), 19782, 3],
    [wall(2026, 3, 29, 1, 30), 20541, 6],
  ];
  for (const [w, day, weekday] of cases) {
    test(`${w.y}-${w.mo}-${w.d} is day ${day}, weekday ${weekday}`, () => {
      assert.equal(dayNumber(w), day);
      assert.equal(weekdayOf(day), weekday);
      assert.deepEqual(wallOn(day, 9 * 60 + 30), { ...w, h: 9, mi: 30 });
    });
  }

  test('addDays crosses month ends and leap days, keeping the time of day', () => {
    assert.deepEqual(addDays(wall(2024, 2, 28, 9), 1), wall(2024, 2, 29, 9));
    assert.deepEqual(addDays(wall(2024, 2, 28, 9), 2), wall(2024, 3, 1, 9));
    assert.deepEqual(addDays(wall(2025, 2, 28, 9), 1), wall(2025, 3, 1, 9));
    assert.deepEqual(addDays(wall(2016, 1, 4, 9), 3653), wall(2026, 1, 4, 9));
    assert.deepEqual(addDays(wall(2026, 1, 1, 9), -1), wall(2025, 12, 31, 9));
  });
});
