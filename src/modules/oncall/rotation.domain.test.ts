import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { handoffAt, shiftIndexAt, shiftsBetween } from './rotation.domain.js';
import type { Layer, Rotation } from './schedule.types.js';

const t = (s: string) => new Date(s).getTime();
const at = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
const layer = (rotation: Rotation, startsAt: string, members = ['a', 'b', 'c']): Layer => ({
  id: 'l1',
  name: 'Primary',
  members,
  rotation,
  startsAt: t(startsAt),
  restrictions: null,
});

describe('rotation: which shift, whose turn', () => {
  // Mondays 5 January 2026, 09:00 London (GMT, so 09:00Z); [rotation, instant, shift index].
  const start = '2026-01-05T09:00:00Z';
  const cases: [Rotation, string, number][] = [
    [{ kind: 'daily', every: 1 }, '2026-01-05T08:59:59Z', -1],
    [{ kind: 'daily', every: 1 }, '2026-01-05T09:00:00Z', 0],
    [{ kind: 'daily', every: 1 }, '2026-01-06T08:59:59Z', 0],
    [{ kind: 'daily', every: 1 }, '2026-01-06T09:00:00Z', 1],
    [{ kind: 'daily', every: 1 }, '2026-01-08T09:00:00Z', 3],
    [{ kind: 'weekly', every: 1 }, '2026-01-12T08:59:59Z', 0],
    [{ kind: 'weekly', every: 1 }, '2026-01-12T09:00:00Z', 1],
    [{ kind: 'weekly', every: 1 }, '2026-01-26T09:00:00Z', 3],
    [{ kind: 'weekly', every: 2 }, '2026-01-18T23:00:00Z', 0],
    [{ kind: 'weekly', every: 2 }, '2026-01-19T09:00:00Z', 1],
    [{ kind: 'hours', every: 12 }, '2026-01-05T20:59:59Z', 0],
    [{ kind: 'hours', every: 12 }, '2026-01-05T21:00:00Z', 1],
    [{ kind: 'hours', every: 12 }, '2026-01-06T09:00:00Z', 2],
    [{ kind: 'hours', every: 12 }, '2026-01-06T21:00:00Z', 3],
    [{ kind: 'days', every: 3 }, '2026-01-08T08:59:59Z', 0],
    [{ kind: 'days', every: 3 }, '2026-01-08T09:00:00Z', 1],
    [{ kind: 'days', every: 3 }, '2026-01-14T09:00:00Z', 3],
  ];
  for (const [rotation, instant, index] of cases) {
    test(`${rotation.kind} every ${rotation.every} at ${instant}: shift ${index}`, () => {
      assert.equal(shiftIndexAt(layer(rotation, start), 'Europe/London', t(instant)), index);
    });
  }

  test('members rotate in order, wrap, and may repeat', () => {
    const l = layer({ kind: 'daily', every: 1 }, start, ['a', 'a', 'b']);
    const spans = shiftsBetween(l, 'UTC', t('2026-01-05T00:00:00Z'), t('2026-01-09T12:00:00Z'));
    assert.deepEqual(
      spans.map((s) => `${s.userId} ${at(s.start)}`),
      [
        'a 2026-01-05T09:00Z',
        'a 2026-01-06T09:00Z',
        'b 2026-01-07T09:00Z',
        'a 2026-01-08T09:00Z',
        'a 2026-01-09T09:00Z',
      ],
    );
    assert.equal(at(spans.at(-1)!.end), '2026-01-09T12:00Z');
  });

  test('a layer ends at endsAt', () => {
    const l = { ...layer({ kind: 'daily', every: 1 }, start), endsAt: t('2026-01-06T12:00:00Z') };
    const spans = shiftsBetween(l, 'UTC', t('2026-01-01T00:00:00Z'), t('2026-01-10T00:00:00Z'));
    assert.deepEqual(
      spans.map((s) => [s.userId, at(s.start), at(s.end)]),
      [
        ['a', '2026-01-05T09:00Z', '2026-01-06T09:00Z'],
        ['b', '2026-01-06T09:00Z', '2026-01-06T12:00Z'],
      ],
    );
  });
});

describe('rotation: hand-offs keep local time across daylight-saving changes', () => {
  // [why, zone, rotation, first hand-off, the next hand-offs]
  const daily: Rotation = { kind: 'daily', every: 1 };
  const cases: [string, string, Rotation, string, string[]][] = [
    [
      'London 09:00, spring forward (29 Mar 2026): GMT → BST',
      'Europe/London',
      daily,
      '2026-03-27T09:00:00Z',
      ['2026-03-28T09:00Z', '2026-03-29T08:00Z', '2026-03-30T08:00Z'],
    ],
    [
      'London 09:00, fall back (25 Oct 2026): BST → GMT',
      'Europe/London',
      daily,
      '2026-10-23T08:00:00Z',
      ['2026-10-24T08:00Z', '2026-10-25T09:00Z', '2026-10-26T09:00Z'],
    ],
    [
      'London 01:30, skipped on 29 Mar: moves forward by the gap to 02:30 BST',
      'Europe/London',
      daily,
      '2026-03-27T01:30:00Z',
      ['2026-03-28T01:30Z', '2026-03-29T01:30Z', '2026-03-30T00:30Z'],
    ],
    [
      'London 01:30, twice on 25 Oct: the first (BST)',
      'Europe/London',
      daily,
      '2026-10-23T00:30:00Z',
      ['2026-10-24T00:30Z', '2026-10-25T00:30Z', '2026-10-26T01:30Z'],
    ],
    [
      'New York 09:00, spring forward (8 Mar 2026): EST → EDT',
      'America/New_York',
      daily,
      '2026-03-06T14:00:00Z',
      ['2026-03-07T14:00Z', '2026-03-08T13:00Z', '2026-03-09T13:00Z'],
    ],
    [
      'New York 09:00, fall back (1 Nov 2026): EDT → EST',
      'America/New_York',
      daily,
      '2026-10-30T13:00:00Z',
      ['2026-10-31T13:00Z', '2026-11-01T14:00Z', '2026-11-02T14:00Z'],
    ],
    [
      'New York 02:30, skipped on 8 Mar: moves forward by the gap to 03:30 EDT',
      'America/New_York',
      daily,
      '2026-03-06T07:30:00Z',
      ['2026-03-07T07:30Z', '2026-03-08T07:30Z', '2026-03-09T06:30Z'],
    ],
    [
      'New York 01:30, twice on 1 Nov: the first (EDT)',
      'America/New_York',
      daily,
      '2026-10-30T05:30:00Z',
      ['2026-10-31T05:30Z', '2026-11-01T05:30Z', '2026-11-02T06:30Z'],
    ],
    [
      'London weekly Sunday 09:00 across both changes',
      'Europe/London',
      { kind: 'weekly', every: 1 },
      '2026-03-22T09:00:00Z',
      ['2026-03-29T08:00Z', '2026-04-05T08:00Z'],
    ],
    [
      'New York weekly Sunday 01:30: the repeated hour on 1 Nov takes the first',
      'America/New_York',
      { kind: 'weekly', every: 1 },
      '2026-10-25T05:30:00Z',
      ['2026-11-01T05:30Z', '2026-11-08T06:30Z'],
    ],
    [
      'every 12 hours is elapsed time: 09:00 GMT becomes 10:00 BST',
      'Europe/London',
      { kind: 'hours', every: 12 },
      '2026-03-28T09:00:00Z',
      ['2026-03-28T21:00Z', '2026-03-29T09:00Z', '2026-03-29T21:00Z'],
    ],
    [
      'every 3 days, New York 09:00, across 1 Nov',
      'America/New_York',
      { kind: 'days', every: 3 },
      '2026-10-30T13:00:00Z',
      ['2026-11-02T14:00Z', '2026-11-05T14:00Z'],
    ],
  ];
  for (const [why, zone, rotation, first, next] of cases) {
    test(why, () => {
      const l = layer(rotation, first);
      const handoffs = next.map((_, i) => at(handoffAt(l, zone, i + 1)));
      assert.deepEqual(handoffs, next);
      // Each hand-off starts its shift; the instant before still belongs to the previous one.
      next.forEach((h, i) => {
        assert.equal(shiftIndexAt(l, zone, t(h)), i + 1, `at ${h}`);
        assert.equal(shiftIndexAt(l, zone, t(h) - 1), i, `just before ${h}`);
      });
    });
  }
});

describe('rotation: leap days', () => {
  const cases: [string, Rotation, string, string[]][] = [
    [
      'weekly from Thursday 22 Feb 2024 hands off on 29 Feb',
      { kind: 'weekly', every: 1 },
      '2024-02-22T09:00:00Z',
      ['2024-02-29T09:00Z', '2024-03-07T09:00Z'],
    ],
    [
      'weekly from 29 Feb 2024 continues on Thursdays',
      { kind: 'weekly', every: 1 },
      '2024-02-29T09:00:00Z',
      ['2024-03-07T09:00Z', '2024-03-14T09:00Z'],
    ],
    [
      'every 3 days from 27 Feb 2024 counts 29 Feb',
      { kind: 'days', every: 3 },
      '2024-02-27T09:00:00Z',
      ['2024-03-01T09:00Z', '2024-03-04T09:00Z'],
    ],
    [
      'every 3 days from 27 Feb 2025 (no 29th)',
      { kind: 'days', every: 3 },
      '2025-02-27T09:00:00Z',
      ['2025-03-02T09:00Z', '2025-03-05T09:00Z'],
    ],
  ];
  for (const [why, rotation, first, next] of cases) {
    test(why, () => {
      const l = layer(rotation, first);
      assert.deepEqual(
        next.map((_, i) => at(handoffAt(l, 'UTC', i + 1))),
        next,
      );
    });
  }

  test('a weekly rotation from 29 Feb 2024 hands off on Thursday 27 Feb 2025 (shift 52)', () => {
    const l = layer({ kind: 'weekly', every: 1 }, '2024-02-29T09:00:00Z');
    assert.equal(at(handoffAt(l, 'Europe/London', 52)), '2025-02-27T09:00Z');
    assert.equal(shiftIndexAt(l, 'Europe/London', t('2025-02-27T08:59:59Z')), 51);
    assert.equal(shiftIndexAt(l, 'Europe/London', t('2025-03-01T00:00:00Z')), 52);
  });
});

describe('rotation: a local date that runs backward', () => {
  test('Juneau, 18 Oct 1867 (tzdata repeats a day): the shift is the last hand-off at or before', () => {
    // When Alaska changed hands, local time went from 19 October back to 18 October. A daily
    // 12:00 hand-off on the 19th (first pass) precedes instants dated the 18th (second pass).
    const l = layer({ kind: 'daily', every: 1 }, '1867-10-14T20:57:41Z');
    const zone = 'America/Juneau';
    const handoffs = Array.from({ length: 12 }, (_, k) => handoffAt(l, zone, k));
    for (let x = t('1867-10-15T00:00:00Z'); x < t('1867-10-22T00:00:00Z'); x += 1_800_000) {
      const expected = handoffs.filter((h) => h <= x).length - 1;
      assert.equal(shiftIndexAt(l, zone, x), expected, `at ${at(x)}`);
    }
  });
});
