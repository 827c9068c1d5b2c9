import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  currentOrNext,
  lastEnd,
  occurrence,
  scheduleIssues,
  windowState,
  type Schedule,
} from './recurrence.domain.js';

const t = (s: string) => new Date(s).getTime();
const at = (ms: number) => new Date(ms).toISOString();

describe('recurrence: occurrences keep local time across DST', () => {
  const weeklyLondon: Schedule = {
    // Sundays 02:30–04:00 London, from 15 March 2026 (GMT).
    startsAt: t('2026-03-15T02:30:00Z'),
    endsAt: t('2026-03-15T04:00:00Z'),
    timeZone: 'Europe/London',
    recurrence: { frequency: 'weekly', interval: 1, until: null },
  };
  const dailyNewYork: Schedule = {
    // Every day 01:30–02:15 New York, from 30 October 2026 (EDT).
    startsAt: t('2026-10-30T05:30:00Z'),
    endsAt: t('2026-10-30T06:15:00Z'),
    timeZone: 'America/New_York',
    recurrence: { frequency: 'daily', interval: 1, until: null },
  };
  const cases: [string, Schedule, number, string, string][] = [
    ['London weekly, first', weeklyLondon, 0, '2026-03-15T02:30:00.000Z', '2026-03-15T04:00:00.000Z'],
    [
      'London weekly, first Sunday of BST: 02:30 local is 01:30Z',
      weeklyLondon,
      2,
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T03:00:00.000Z',
    ],
    ['London weekly, BST', weeklyLondon, 3, '2026-04-05T01:30:00.000Z', '2026-04-05T03:00:00.000Z'],
    [
      'London weekly, autumn change day (02:30 once, GMT)',
      weeklyLondon,
      32,
      '2026-10-25T02:30:00.000Z',
      '2026-10-25T04:00:00.000Z',
    ],
    ['New York daily, EDT', dailyNewYork, 1, '2026-10-31T05:30:00.000Z', '2026-10-31T06:15:00.000Z'],
    [
      'New York daily, 01:30 twice on 1 Nov: the first',
      dailyNewYork,
      2,
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T07:15:00.000Z',
    ],
    ['New York daily, EST', dailyNewYork, 3, '2026-11-02T06:30:00.000Z', '2026-11-02T07:15:00.000Z'],
  ];
  for (const [name, s, k, start, end] of cases) {
    test(name, () => {
      const o = occurrence(s, k)!;
      assert.deepEqual([at(o.startsAt), at(o.endsAt)], [start, end]);
      assert.ok(o.endsAt > o.startsAt);
    });
  }

  test('an end that falls before its moved start keeps the window length', () => {
    // 01:30–02:15 London daily. On 29 March 01:00–02:00 local is skipped: 01:30 moves to 02:30
    // BST (01:30Z), after 02:15 BST (01:15Z), so the end keeps the 45 minutes instead.
    const s: Schedule = {
      startsAt: t('2026-03-28T01:30:00Z'),
      endsAt: t('2026-03-28T02:15:00Z'),
      timeZone: 'Europe/London',
      recurrence: { frequency: 'daily', interval: 1, until: null },
    };
    const o = occurrence(s, 1)!;
    assert.deepEqual(
      [at(o.startsAt), at(o.endsAt)],
      ['2026-03-29T01:30:00.000Z', '2026-03-29T02:15:00.000Z'],
    );
  });

  test('monthly on the 31st falls on the last day of shorter months', () => {
    const s: Schedule = {
      startsAt: t('2026-01-31T22:00:00Z'),
      endsAt: t('2026-01-31T23:00:00Z'),
      timeZone: 'UTC',
      recurrence: { frequency: 'monthly', interval: 1, until: null },
    };
    assert.equal(at(occurrence(s, 1)!.startsAt), '2026-02-28T22:00:00.000Z');
    assert.equal(at(occurrence(s, 2)!.startsAt), '2026-03-31T22:00:00.000Z');
    assert.equal(at(occurrence(s, 3)!.startsAt), '2026-04-30T22:00:00.000Z');
  });

  test('every 2 weeks, until a date', () => {
    const s: Schedule = {
      startsAt: t('2026-01-04T10:00:00Z'),
      endsAt: t('2026-01-04T11:00:00Z'),
      timeZone: 'UTC',
      recurrence: { frequency: 'weekly', interval: 2, until: t('2026-02-01T10:00:00Z') },
    };
    assert.equal(at(occurrence(s, 1)!.startsAt), '2026-01-18T10:00:00.000Z');
    assert.equal(at(occurrence(s, 2)!.startsAt), '2026-02-01T10:00:00.000Z');
    assert.equal(occurrence(s, 3), null);
    assert.equal(at(lastEnd(s)!), '2026-02-01T11:00:00.000Z');
  });
});

describe('recurrence: state and the next occurrence', () => {
  const s: Schedule = {
    startsAt: t('2026-03-15T02:30:00Z'),
    endsAt: t('2026-03-15T04:00:00Z'),
    timeZone: 'Europe/London',
    recurrence: { frequency: 'weekly', interval: 1, until: t('2026-04-05T12:00:00Z') },
  };
  const cases: [string, string, string | null][] = [
    ['2026-03-01T00:00:00Z', 'scheduled', '2026-03-15T02:30:00.000Z'],
    ['2026-03-15T03:00:00Z', 'in_progress', '2026-03-15T02:30:00.000Z'],
    ['2026-03-15T04:00:00Z', 'scheduled', '2026-03-22T02:30:00.000Z'],
    ['2026-03-29T02:45:00Z', 'in_progress', '2026-03-29T01:30:00.000Z'],
    ['2026-04-05T01:29:59Z', 'scheduled', '2026-04-05T01:30:00.000Z'],
    ['2026-04-05T02:59:59Z', 'in_progress', '2026-04-05T01:30:00.000Z'],
    ['2026-04-05T03:00:00Z', 'completed', null],
  ];
  for (const [now, state, next] of cases) {
    test(`at ${now}: ${state}`, () => {
      const r = windowState(s, t(now));
      assert.equal(r.state, state);
      assert.equal(r.next ? at(r.next.startsAt) : null, next);
    });
  }

  test('far from the first occurrence, the estimate still lands on the right one', () => {
    const daily: Schedule = { ...s, recurrence: { frequency: 'daily', interval: 1, until: null } };
    const o = currentOrNext(daily, t('2031-07-01T12:00:00Z'))!;
    assert.equal(at(o.startsAt), '2031-07-02T01:30:00.000Z');
  });

  test('a one-off window', () => {
    const once: Schedule = { ...s, recurrence: null };
    assert.equal(windowState(once, t('2026-03-15T02:00:00Z')).state, 'scheduled');
    assert.equal(windowState(once, t('2026-03-15T02:30:00Z')).state, 'in_progress');
    assert.equal(windowState(once, t('2026-03-15T04:00:00Z')).state, 'completed');
    assert.equal(lastEnd(once), once.endsAt);
  });

  test('invalid schedules', () => {
    assert.deepEqual(
      scheduleIssues({ ...s, endsAt: s.startsAt }).map((i) => i[0]),
      ['endsAt'],
    );
    const long = { ...s, endsAt: s.startsAt + 8 * 86_400_000 };
    assert.deepEqual(
      scheduleIssues(long).map((i) => i[0]),
      ['endsAt'],
    );
    assert.deepEqual(
      scheduleIssues({ ...s, recurrence: { frequency: 'daily', interval: 1, until: s.startsAt - 1 } }).map(
        (i) => i[0],
      ),
      ['recurrence'],
    );
    assert.deepEqual(scheduleIssues(s), []);
  });
});
