import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { finalTimeline, layerTimeline, maxTimelineMs, onCallAt } from './schedule.domain.js';
import type { Layer, OnCall, Override, Schedule, TimelineEntry } from './schedule.types.js';

const t = (s: string) => new Date(s).getTime();
const hm = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
const show = (entries: TimelineEntry[]) =>
  entries.map((e) => {
    const source = e.source === null ? 'gap' : 'layerId' in e.source ? e.source.layerId : e.source.overrideId;
    return `${hm(e.start)}–${hm(e.end)} ${e.userId ?? '-'} (${source})`;
  });

// Base: Alice and Bob weekly, 24/7, from Monday 5 Jan 2026 09:00. Nights: Carol every night
// 18:00–08:00 from midnight on the 5th. UTC keeps the arithmetic readable; DST is tested elsewhere.
const base: Layer = {
  id: 'base',
  name: 'Weekly',
  members: ['alice', 'bob'],
  rotation: { kind: 'weekly', every: 1 },
  startsAt: t('2026-01-05T09:00:00Z'),
  restrictions: null,
};
const nights: Layer = {
  id: 'nights',
  name: 'Nights',
  members: ['carol'],
  rotation: { kind: 'daily', every: 1 },
  startsAt: t('2026-01-05T00:00:00Z'),
  restrictions: { kind: 'daily', from: '18:00', to: '08:00' },
};
const schedule: Schedule = { timeZone: 'UTC', layers: [base, nights] };
const from = t('2026-01-05T00:00:00Z');
const to = t('2026-01-07T00:00:00Z');
const override = (id: string, userId: string, start: string, end: string): Override => ({
  id,
  userId,
  startsAt: t(start),
  endsAt: t(end),
});

describe('schedule: layer precedence, restrictions, gaps', () => {
  test('the higher layer wins only where its restrictions cover; gaps are explicit', () => {
    assert.deepEqual(show(finalTimeline(schedule, [], from, to)), [
      '01-05 00:00–01-05 08:00 carol (nights)',
      '01-05 08:00–01-05 09:00 - (gap)',
      '01-05 09:00–01-05 18:00 alice (base)',
      '01-05 18:00–01-06 08:00 carol (nights)',
      '01-06 08:00–01-06 18:00 alice (base)',
      '01-06 18:00–01-07 00:00 carol (nights)',
    ]);
  });

  test('layer order decides: with the 24/7 layer on top, the nights layer shows only before it starts', () => {
    const flipped: Schedule = { timeZone: 'UTC', layers: [nights, base] };
    assert.deepEqual(show(finalTimeline(flipped, [], from, to)), [
      '01-05 00:00–01-05 08:00 carol (nights)',
      '01-05 08:00–01-05 09:00 - (gap)',
      '01-05 09:00–01-07 00:00 alice (base)',
    ]);
  });

  test('a range with nobody on call is one gap', () => {
    assert.deepEqual(
      show(finalTimeline(schedule, [], t('2026-01-05T08:00:00Z'), t('2026-01-05T09:00:00Z'))),
      ['01-05 08:00–01-05 09:00 - (gap)'],
    );
  });

  test('the same user from two sources is not joined; from one source across a hand-off it is', () => {
    const lone: Layer = { ...base, id: 'lone', members: ['alice'], rotation: { kind: 'daily', every: 1 } };
    const aliceNights: Layer = { ...nights, members: ['alice'] };
    const s: Schedule = { timeZone: 'UTC', layers: [lone, aliceNights] };
    assert.deepEqual(show(finalTimeline(s, [], t('2026-01-05T12:00:00Z'), t('2026-01-07T12:00:00Z'))), [
      '01-05 12:00–01-05 18:00 alice (lone)',
      '01-05 18:00–01-06 08:00 alice (nights)',
      '01-06 08:00–01-06 18:00 alice (lone)',
      '01-06 18:00–01-07 08:00 alice (nights)',
      '01-07 08:00–01-07 12:00 alice (lone)',
    ]);
  });
});

describe('schedule: overrides', () => {
  test('an override beats every layer, and the layers resume after it', () => {
    const o = override('o1', 'dave', '2026-01-05T17:00:00Z', '2026-01-05T19:00:00Z');
    assert.deepEqual(show(finalTimeline(schedule, [o], from, t('2026-01-06T09:00:00Z'))), [
      '01-05 00:00–01-05 08:00 carol (nights)',
      '01-05 08:00–01-05 09:00 - (gap)',
      '01-05 09:00–01-05 17:00 alice (base)',
      '01-05 17:00–01-05 19:00 dave (o1)',
      '01-05 19:00–01-06 08:00 carol (nights)',
      '01-06 08:00–01-06 09:00 alice (base)',
    ]);
  });

  test('an override fills part of a gap; one outside the range is ignored', () => {
    const inGap = override('o2', 'erin', '2026-01-05T08:30:00Z', '2026-01-05T08:45:00Z');
    const later = override('o3', 'frank', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z');
    assert.deepEqual(
      show(finalTimeline(schedule, [inGap, later], t('2026-01-05T07:00:00Z'), t('2026-01-05T10:00:00Z'))),
      [
        '01-05 07:00–01-05 08:00 carol (nights)',
        '01-05 08:00–01-05 08:30 - (gap)',
        '01-05 08:30–01-05 08:45 erin (o2)',
        '01-05 08:45–01-05 09:00 - (gap)',
        '01-05 09:00–01-05 10:00 alice (base)',
      ],
    );
  });

  test('the same user by override then by layer stays two entries', () => {
    const o = override('o4', 'alice', '2026-01-05T06:00:00Z', '2026-01-05T09:00:00Z');
    assert.deepEqual(
      show(finalTimeline(schedule, [o], t('2026-01-05T06:00:00Z'), t('2026-01-05T10:00:00Z'))),
      ['01-05 06:00–01-05 09:00 alice (o4)', '01-05 09:00–01-05 10:00 alice (base)'],
    );
  });

  test('stored overlapping overrides: the later start wins where they overlap', () => {
    const a = override('oa', 'gina', '2026-01-05T10:00:00Z', '2026-01-05T14:00:00Z');
    const b = override('ob', 'hank', '2026-01-05T12:00:00Z', '2026-01-05T13:00:00Z');
    assert.deepEqual(
      show(finalTimeline(schedule, [b, a], t('2026-01-05T10:00:00Z'), t('2026-01-05T15:00:00Z'))),
      [
        '01-05 10:00–01-05 12:00 gina (oa)',
        '01-05 12:00–01-05 13:00 hank (ob)',
        '01-05 13:00–01-05 14:00 gina (oa)',
        '01-05 14:00–01-05 15:00 alice (base)',
      ],
    );
    assert.equal(onCallAt(schedule, [a, b], t('2026-01-05T12:30:00Z'))?.userId, 'hank');
  });
});

describe('schedule: who is on call at an instant', () => {
  const o = override('o1', 'dave', '2026-01-05T17:00:00Z', '2026-01-05T19:00:00Z');
  const cases: [string, OnCall | null][] = [
    ['2026-01-05T07:59:59Z', { userId: 'carol', layerId: 'nights' }],
    ['2026-01-05T08:00:00Z', null],
    ['2026-01-05T09:00:00Z', { userId: 'alice', layerId: 'base' }],
    ['2026-01-05T16:59:59Z', { userId: 'alice', layerId: 'base' }],
    ['2026-01-05T17:00:00Z', { userId: 'dave', layerId: null, overrideId: 'o1' }],
    ['2026-01-05T19:00:00Z', { userId: 'carol', layerId: 'nights' }],
    ['2026-01-12T12:00:00Z', { userId: 'bob', layerId: 'base' }],
    ['2036-01-07T12:00:00Z', { userId: 'alice', layerId: 'base' }],
  ];
  for (const [instant, expected] of cases) {
    test(`at ${instant}: ${expected?.userId ?? 'nobody'}`, () => {
      assert.deepEqual(onCallAt(schedule, [o], t(instant)), expected);
    });
  }
});

describe('schedule: per-layer timelines and bad input', () => {
  test('layerTimeline applies restrictions and leaves uncovered time out', () => {
    assert.deepEqual(
      layerTimeline(nights, 'UTC', from, to).map((s) => `${hm(s.start)}–${hm(s.end)} ${s.userId}`),
      ['01-05 00:00–01-05 08:00 carol', '01-05 18:00–01-06 08:00 carol', '01-06 18:00–01-07 00:00 carol'],
    );
  });

  test('a range of 93 days is computed; longer or backwards ranges are refused', () => {
    const hourly: Layer = { ...base, rotation: { kind: 'hours', every: 1 } };
    const s: Schedule = { timeZone: 'Europe/London', layers: [hourly, nights] };
    const entries = finalTimeline(s, [], from, from + maxTimelineMs);
    assert.equal(entries.at(-1)!.end, from + maxTimelineMs);
    assert.throws(() => finalTimeline(s, [], from, from + maxTimelineMs + 1), /at most 93 days/);
    assert.throws(() => layerTimeline(hourly, 'UTC', from, from + maxTimelineMs + 1), /at most 93 days/);
    assert.throws(() => finalTimeline(s, [], to, from), /from < to/);
  });

  test('zero members and unknown time zones are clear errors', () => {
    const empty: Schedule = { timeZone: 'UTC', layers: [{ ...base, members: [] }] };
    assert.throws(() => onCallAt(empty, [], t('2026-01-06T00:00:00Z')), /layer base has no members/);
    assert.throws(() => finalTimeline(empty, [], from, to), /layer base has no members/);
    const nowhere: Schedule = { timeZone: 'Mars/Olympus_Mons', layers: [base] };
    assert.throws(() => onCallAt(nowhere, [], from), /unknown time zone "Mars\/Olympus_Mons"/);
  });
});
