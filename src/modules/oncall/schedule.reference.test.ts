import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wallClock, zonedInstant } from '../../lib/zoned-time.js';
import { shiftIndexAt } from './rotation.domain.js';
import { finalTimeline, onCallAt } from './schedule.domain.js';
import type { Layer, Override, Rotation, Schedule } from './schedule.types.js';

/**
 * The arithmetic answers checked against slow, obvious ones: hand-offs walked one at a time from
 * 2016 (one calendar step, or a fixed duration, after the last), and restriction membership read
 * off the wall clock, at instants drawn by a seeded generator so a failure repeats.
 */

const t = (s: string) => new Date(s).getTime();

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every hand-off from the layer's start up to `until`, each one step after the last. */
function walkHandoffs(layer: Layer, zone: string, until: number): number[] {
  const { kind, every } = layer.rotation;
  const out = [layer.startsAt];
  const first = wallClock(layer.startsAt, zone);
  const date = new Date(Date.UTC(first.y, first.mo - 1, first.d));
  for (;;) {
    let next: number;
    if (kind === 'hours') next = out.at(-1)! + every * 3_600_000;
    else {
      date.setUTCDate(date.getUTCDate() + every * (kind === 'weekly' ? 7 : 1));
      const w = { ...first, y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate() };
      next = zonedInstant(w, zone);
    }
    if (next > until) return out;
    out.push(next);
  }
}

/** The brute-force shift index: how many walked hand-offs are at or before `x`, minus one. */
const walkedIndex = (handoffs: number[], x: number) => handoffs.filter((h) => h <= x).length - 1;

const since2016 = (rotation: Rotation, startsAt: string, members: string[]): Layer => ({
  id: `${rotation.kind}-${rotation.every}`,
  name: rotation.kind,
  members,
  rotation,
  startsAt: t(startsAt),
  restrictions: null,
});

describe('reference: rotations started in 2016, queried in 2026', () => {
  const year2026 = t('2026-01-01T00:00:00Z');
  const yearMs = 365 * 86_400_000;
  const cases: [string, Layer][] = [
    ['Europe/London', since2016({ kind: 'daily', every: 1 }, '2016-01-04T09:00:00Z', ['a', 'b', 'c'])],
    ['Europe/London', since2016({ kind: 'daily', every: 1 }, '2016-01-04T01:30:00Z', ['a', 'b'])],
    [
      'America/New_York',
      since2016({ kind: 'weekly', every: 2 }, '2016-01-04T14:00:00Z', ['a', 'b', 'c', 'd']),
    ],
    ['America/New_York', since2016({ kind: 'days', every: 3 }, '2016-03-13T07:30:00Z', ['a', 'b'])],
    ['Europe/London', since2016({ kind: 'hours', every: 12 }, '2016-02-29T21:00:00Z', ['a', 'b', 'c'])],
    ['Australia/Lord_Howe', since2016({ kind: 'weekly', every: 1 }, '2016-04-02T15:00:00Z', ['a', 'b'])],
  ];
  cases.forEach(([zone, layer], n) => {
    test(`${layer.id} in ${zone}, from ${new Date(layer.startsAt).toISOString()}`, () => {
      const handoffs = walkHandoffs(layer, zone, year2026 + yearMs + 86_400_000 * 30);
      assert.ok(handoffs.at(-1)! > year2026 + yearMs, 'the walk reaches past 2026');
      const next = random(1000 + n);
      for (let i = 0; i < 300; i++) {
        // Half the samples anywhere in 2026, half within a minute of a hand-off.
        const x =
          i % 2
            ? year2026 + Math.floor(next() * yearMs)
            : handoffs[handoffs.length - 1 - Math.floor(next() * 100)]! +
              Math.floor(next() * 120_000) -
              60_000;
        const expected = walkedIndex(handoffs, x);
        assert.equal(shiftIndexAt(layer, zone, x), expected, `at ${new Date(x).toISOString()}`);
        const who = onCallAt({ timeZone: zone, layers: [layer] }, [], x)?.userId;
        assert.equal(who, layer.members[expected % layer.members.length]);
      }
    });
  });
});

describe('reference: final timeline agrees with onCallAt and the wall clock', () => {
  // Three layers in New York across the November change, restrictions away from 01:00–03:00 so
  // the wall clock alone says whether a window is open.
  const zone = 'America/New_York';
  const weekly = since2016({ kind: 'weekly', every: 1 }, '2016-01-04T14:00:00Z', ['ann', 'ben', 'cat']);
  const nights: Layer = {
    ...since2016({ kind: 'daily', every: 1 }, '2020-06-01T22:00:00Z', ['dan', 'eve']),
    restrictions: { kind: 'daily', from: '18:00', to: '08:00' },
  };
  const weekends: Layer = {
    ...since2016({ kind: 'hours', every: 8 }, '2024-02-29T12:00:00Z', ['fay', 'gus', 'hal']),
    restrictions: { kind: 'weekly', windows: [{ fromDay: 'sat', from: '10:00', toDay: 'sun', to: '22:30' }] },
  };
  const schedule: Schedule = { timeZone: zone, layers: [weekly, nights, weekends] };
  const from = t('2026-10-15T00:00:00Z');
  const to = t('2026-11-20T00:00:00Z');
  const next = random(42);
  const overrides: Override[] = [0, 1, 2, 3, 4].map((i) => {
    const startsAt = from + i * 7 * 86_400_000 + Math.floor(next() * 5 * 86_400_000);
    return {
      id: `o${i}`,
      userId: `sub${i}`,
      startsAt,
      endsAt: startsAt + Math.floor(next() * 20) * 3_600_000 + 1,
    };
  });
  const timeline = finalTimeline(schedule, overrides, from, to);

  test('entries cover the range end to end, and neighbours differ', () => {
    assert.equal(timeline[0]!.start, from);
    assert.equal(timeline.at(-1)!.end, to);
    for (let i = 1; i < timeline.length; i++) {
      const [a, b] = [timeline[i - 1]!, timeline[i]!];
      assert.equal(b.start, a.end);
      assert.ok(a.end > a.start);
      assert.notDeepEqual([a.userId, a.source], [b.userId, b.source]);
    }
  });

  test('at 2,000 random instants, the entry covering it says what onCallAt and the wall clock say', () => {
    for (let i = 0; i < 2000; i++) {
      const x = from + Math.floor(next() * (to - from));
      const entry = timeline.find((e) => e.start <= x && x < e.end)!;
      const now = onCallAt(schedule, overrides, x);
      assert.equal(entry.userId, now?.userId ?? null, `at ${new Date(x).toISOString()}`);
      const source =
        now === null
          ? null
          : now.layerId === null
            ? { overrideId: now.overrideId }
            : { layerId: now.layerId };
      assert.deepEqual(entry.source, source);

      // Independently of both: the wall clock and the precedence rule.
      const w = wallClock(x, zone);
      const minute = w.h * 60 + w.mi;
      const weekday = (new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay() + 6) % 7;
      const override = overrides
        .filter((o) => o.startsAt <= x && x < o.endsAt)
        .sort((a, b) => b.startsAt - a.startsAt)[0];
      const inWeekend = (weekday === 5 && minute >= 600) || (weekday === 6 && minute < 22 * 60 + 30);
      const inNight = minute >= 18 * 60 || minute < 8 * 60;
      const expected = override
        ? override.userId
        : inWeekend
          ? weekends.members[Math.floor((x - weekends.startsAt) / (8 * 3_600_000)) % 3]
          : inNight
            ? 'night'
            : 'weekly';
      if (expected === 'night')
        assert.ok(entry.source && 'layerId' in entry.source && entry.source.layerId === nights.id);
      else if (expected === 'weekly')
        assert.ok(entry.source && 'layerId' in entry.source && entry.source.layerId === weekly.id);
      else assert.equal(entry.userId, expected);
    }
  });
});
