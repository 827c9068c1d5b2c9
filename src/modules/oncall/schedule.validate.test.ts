import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { overrideConflicts, overrides, schedule, timelineRange } from './schedule.validate.js';

const t = (s: string) => new Date(s).getTime();
const validLayer = {
  id: 'l1',
  name: 'Primary',
  members: ['u1', 'u2'],
  rotation: { kind: 'weekly', every: 1 },
  startsAt: t('2026-01-05T09:00:00Z'),
  restrictions: null,
};
const validSchedule = { timeZone: 'Europe/London', layers: [validLayer] };

/** The first issue as "path: message", or "ok". */
function firstIssue(
  schema: {
    safeParse(v: unknown): {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  value: unknown,
): string {
  const r = schema.safeParse(value);
  if (r.success) return 'ok';
  const i = r.error!.issues[0]!;
  return `${i.path.map(String).join('.')}: ${i.message}`;
}

describe('validate: schedules', () => {
  const withLayer = (patch: object) => ({ ...validSchedule, layers: [{ ...validLayer, ...patch }] });
  // [why, input, expected first issue (a regular expression)]
  const cases: [string, unknown, RegExp][] = [
    ['a valid schedule', validSchedule, /^ok$/],
    [
      'a valid schedule with restrictions',
      withLayer({ restrictions: { kind: 'daily', from: '18:00', to: '08:00' } }),
      /^ok$/,
    ],
    [
      'an unknown time zone',
      { ...validSchedule, timeZone: 'Europe/Atlantis' },
      /^timeZone: unknown time zone "Europe\/Atlantis"/,
    ],
    ['no layers', { ...validSchedule, layers: [] }, /^layers: a schedule needs at least one layer/],
    ['zero members', withLayer({ members: [] }), /^layers\.0\.members: a layer needs at least one member/],
    [
      'every 0',
      withLayer({ rotation: { kind: 'daily', every: 0 } }),
      /^layers\.0\.rotation\.every: must be 1 or more/,
    ],
    [
      'every -3',
      withLayer({ rotation: { kind: 'hours', every: -3 } }),
      /^layers\.0\.rotation\.every: must be 1 or more/,
    ],
    [
      'every 1.5',
      withLayer({ rotation: { kind: 'days', every: 1.5 } }),
      /^layers\.0\.rotation\.every: must be a whole number/,
    ],
    [
      'an unknown rotation',
      withLayer({ rotation: { kind: 'monthly', every: 1 } }),
      /^layers\.0\.rotation\.kind: must be one of daily, weekly, days, hours/,
    ],
    [
      'a bad HH:MM',
      withLayer({ restrictions: { kind: 'daily', from: '9:00', to: '17:00' } }),
      /^layers\.0\.restrictions\.from: must be a time of day as HH:MM/,
    ],
    [
      '24:00',
      withLayer({ restrictions: { kind: 'daily', from: '09:00', to: '24:00' } }),
      /^layers\.0\.restrictions\.to: must be a time of day as HH:MM/,
    ],
    [
      'an empty daily window',
      withLayer({ restrictions: { kind: 'daily', from: '09:00', to: '09:00' } }),
      /^layers\.0\.restrictions\.to: must differ from "from"/,
    ],
    [
      'no weekly windows',
      withLayer({ restrictions: { kind: 'weekly', windows: [] } }),
      /^layers\.0\.restrictions\.windows: add at least one window, or remove the restriction/,
    ],
    [
      'an empty weekly window',
      withLayer({
        restrictions: {
          kind: 'weekly',
          windows: [{ fromDay: 'mon', from: '09:00', toDay: 'mon', to: '09:00' }],
        },
      }),
      /^layers\.0\.restrictions\.windows\.0\.to: a window must end at a different time/,
    ],
    [
      'an unknown weekday',
      withLayer({
        restrictions: {
          kind: 'weekly',
          windows: [{ fromDay: 'monday', from: '09:00', toDay: 'mon', to: '17:00' }],
        },
      }),
      /^layers\.0\.restrictions\.windows\.0\.fromDay: must be one of mon, tue/,
    ],
    [
      'endsAt before startsAt',
      withLayer({ endsAt: validLayer.startsAt }),
      /^layers\.0\.endsAt: must be after startsAt/,
    ],
    [
      'a fractional instant',
      withLayer({ startsAt: 1.5 }),
      /^layers\.0\.startsAt: must be whole milliseconds/,
    ],
    [
      'repeated layer ids',
      { ...validSchedule, layers: [validLayer, { ...validLayer, name: 'Two' }] },
      /^layers\.1\.id: repeats layer 0's id/,
    ],
  ];
  for (const [why, input, expected] of cases) {
    test(why, () => {
      assert.match(firstIssue(schedule, input), expected);
    });
  }
});

describe('validate: overrides and ranges', () => {
  const o = (id: string, start: string, end: string) => ({
    id,
    userId: 'u9',
    startsAt: t(start),
    endsAt: t(end),
  });
  const a = o('ov-a', '2026-01-05T09:00:00Z', '2026-01-05T17:00:00Z');
  const b = o('ov-b', '2026-01-05T16:00:00Z', '2026-01-05T20:00:00Z');
  const c = o('ov-c', '2026-01-05T17:00:00Z', '2026-01-05T20:00:00Z');

  test('an override that ends at or before it starts', () => {
    assert.match(firstIssue(overrides, [{ ...a, endsAt: a.startsAt }]), /^0\.endsAt: must be after startsAt/);
  });

  test('overlapping overrides are refused, naming both; touching ones are fine', () => {
    assert.match(
      firstIssue(overrides, [a, b]),
      /^1\.startsAt: override ov-b \(2026-01-05T16:00:00\.000Z–2026-01-05T20:00:00\.000Z\) overlaps override ov-a \(2026-01-05T09:00:00\.000Z–2026-01-05T17:00:00\.000Z\)/,
    );
    assert.equal(firstIssue(overrides, [a, c]), 'ok');
  });

  test('overrideConflicts lists each overlap, and ignores the override being edited', () => {
    const wide = o('ov-w', '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z');
    assert.deepEqual(
      overrideConflicts([a, c], wide).map((i) => i.message.match(/overlaps override (\S+)/)?.[1]),
      ['ov-a', 'ov-c'],
    );
    assert.deepEqual(overrideConflicts([a, c], { ...a, endsAt: t('2026-01-05T17:00:00Z') }), []);
  });

  test('a timeline range is at most 93 days, to after from', () => {
    const from = t('2026-01-01T00:00:00Z');
    assert.equal(firstIssue(timelineRange, { from, to: from + 93 * 86_400_000 }), 'ok');
    assert.match(
      firstIssue(timelineRange, { from, to: from + 93 * 86_400_000 + 1 }),
      /^to: a timeline covers at most 93 days/,
    );
    assert.match(firstIssue(timelineRange, { from, to: from }), /^to: must be after from/);
  });
});
