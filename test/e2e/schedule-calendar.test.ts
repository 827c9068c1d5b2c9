import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  addDays,
  colourSlot,
  mondayOf,
  place,
  step,
  todayIn,
  weekOf,
  weeksFor,
} from '../../web/src/features/schedules/calendar-model.js';
import { CalendarWeek, rowsOf } from '../../web/src/features/schedules/calendar-week.js';
import type { Timeline } from '../../web/src/features/schedules/schedules.api.js';

/** The schedule calendar's maths (local days, weeks, months, bar placement) and its accessible markup. */
const hour = 3_600_000;
const lengths = (bounds: number[]): number[] =>
  bounds.slice(1).map((b, i) => (b - (bounds[i] as number)) / hour);

test('calendar: a week is seven local days; a DST day is drawn 25 or 23 hours long', () => {
  const autumn = weekOf(mondayOf('2026-10-25'), 'Europe/London');
  assert.equal(autumn.days[0], '2026-10-19');
  assert.deepEqual(lengths(autumn.bounds), [24, 24, 24, 24, 24, 24, 25]);
  assert.equal(
    new Date(autumn.bounds[0] as number).toISOString(),
    '2026-10-18T23:00:00.000Z',
    'BST midnight',
  );

  const spring = weekOf(mondayOf('2026-03-08'), 'America/New_York');
  assert.equal(spring.days[0], '2026-03-02');
  assert.deepEqual(lengths(spring.bounds), [24, 24, 24, 24, 24, 24, 23]);
  assert.deepEqual(lengths(weekOf('2026-11-23', 'UTC').bounds), [24, 24, 24, 24, 24, 24, 24]);
});

test('calendar: months are the Monday-first weeks that show them; stepping and today', () => {
  const nov = weeksFor('month', '2026-11-15', 'UTC');
  assert.deepEqual(
    nov.map((w) => w.days[0]),
    ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'],
  );
  assert.equal(weeksFor('month', '2027-02-10', 'UTC').length, 4, 'February 2027 starts on a Monday');
  assert.equal(weeksFor('week', '2026-11-29', 'UTC')[0]?.days[0], '2026-11-23', 'Sunday ends its week');
  assert.equal(step('month', '2026-01-31', 1), '2026-02-01');
  assert.equal(step('month', '2026-01-15', -1), '2025-12-01');
  assert.equal(step('week', '2026-11-27', -1), '2026-11-20');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29', 'leap day');
  assert.equal(todayIn('Pacific/Kiritimati', Date.UTC(2026, 10, 27, 12)), '2026-11-28');
  assert.equal(todayIn('Pacific/Pago_Pago', Date.UTC(2026, 10, 27, 5)), '2026-11-26');
});

test('calendar: bars are clipped to the track, in percent; colours are stable per person', () => {
  assert.deepEqual(place(0, 50, 0, 100), { left: 0, width: 50 });
  assert.deepEqual(place(-20, 30, 0, 100), { left: 0, width: 30 });
  assert.deepEqual(place(90, 200, 0, 100), { left: 90, width: 10 });
  assert.equal(place(100, 200, 0, 100), null, 'touching the end is outside');
  assert.equal(place(-50, 0, 0, 100), null);
  assert.equal(colourSlot('user-1'), colourSlot('user-1'));
  assert.ok(colourSlot('user-1') >= 0 && colourSlot('user-1') < 8);
});

test('calendar: each bar is a list item that says who and when; gaps say nobody is on call', () => {
  const week = weekOf('2026-11-23', 'UTC');
  const monday = week.bounds[0] as number;
  const timeline: Timeline = {
    layers: [
      {
        layerId: 'l1',
        name: 'Primary',
        spans: [
          {
            start: new Date(monday).toISOString(),
            end: new Date(monday + 7 * 24 * hour).toISOString(),
            userId: 'ana',
          },
        ],
      },
    ],
    overrides: [{ id: 'o1', userId: 'bo', startsAt: monday + 24 * hour, endsAt: monday + 30 * hour }],
    final: [
      { start: monday, end: monday + 24 * hour, userId: 'ana' },
      { start: monday + 24 * hour, end: monday + 30 * hour, userId: 'bo' },
      { start: monday + 30 * hour, end: monday + 33 * hour, userId: null },
      { start: monday + 33 * hour, end: monday + 7 * 24 * hour, userId: 'ana' },
    ],
    users: {
      ana: { name: 'Ana Ruiz', email: 'ana@example.com' },
      bo: { name: 'Bo Chen', email: 'bo@example.com' },
    },
  };
  const html = renderToStaticMarkup(
    createElement(CalendarWeek, {
      week,
      rows: rowsOf(timeline),
      users: timeline.users,
      timeZone: 'UTC',
      now: monday + 12 * hour,
      month: false,
    }),
  );
  assert.match(html, /<ol class="cal-bars" aria-labelledby="cal-2026-11-23-l1">/);
  assert.match(
    html,
    /<span class="cal-bar-name">Ana Ruiz<\/span><span class="visually-hidden">, [^<]*23[^<]*<\/span>/,
  );
  // A six-hour override is narrow: initials on screen, the whole sentence for screen readers; a
  // three-hour gap has room for nothing but its hatching and title.
  assert.match(html, /aria-hidden="true">BC<\/span><span class="visually-hidden">Bo Chen, /);
  assert.match(
    html,
    /class="cal-bar cal-gap"[^>]*title="Nobody on call: [^"]*"[^>]*><span class="cal-bar-name" aria-hidden="true"><\/span><span class="visually-hidden">Nobody on call, /,
  );
  assert.equal((html.match(/data-user="bo"/g) ?? []).length, 2, 'the override row and the final schedule');
  assert.match(html, /class="cal-now"/);
});
