import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextFire, parseCron, type Cron } from './cron.domain.js';

const cron = (e: string) => {
  const c = parseCron(e);
  assert.ok(typeof c !== 'string', String(c));
  return c as Cron;
};
const next = (e: string, after: string, tz = 'UTC') => {
  const at = nextFire(cron(e), Date.parse(after), tz);
  return at === null ? null : new Date(at).toISOString();
};

test('fields: steps, ranges, lists, both day fields (either matches)', () => {
  assert.equal(next('*/15 * * * *', '2026-03-01T09:07:00Z'), '2026-03-01T09:15:00.000Z');
  assert.equal(next('0 9-17/4 * * *', '2026-03-01T09:00:00Z'), '2026-03-01T13:00:00.000Z');
  assert.equal(next('30 6 1,15 * *', '2026-03-02T00:00:00Z'), '2026-03-15T06:30:00.000Z');
  // 2026-03-01 is a Sunday; Monday 1st or any Friday → Friday the 6th comes first.
  assert.equal(next('0 0 1 * 5', '2026-03-01T01:00:00Z'), '2026-03-06T00:00:00.000Z');
  assert.equal(next('0 12 * * 7', '2026-03-01T13:00:00Z'), '2026-03-08T12:00:00.000Z', '7 is Sunday');
  assert.equal(next('0 0 29 2 *', '2026-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
});

test('in a time zone, across daylight-saving changes', () => {
  // London springs forward 2026-03-29 01:00 UTC: 01:30 local does not exist → 02:30 BST (01:30 UTC).
  assert.equal(next('30 1 * * *', '2026-03-28T12:00:00Z', 'Europe/London'), '2026-03-29T01:30:00.000Z');
  assert.equal(next('30 1 * * *', '2026-03-29T02:00:00Z', 'Europe/London'), '2026-03-30T00:30:00.000Z');
  // London falls back 2026-10-25: 01:30 happens twice → once, the earlier (BST, 00:30 UTC).
  assert.equal(next('30 1 * * *', '2026-10-24T12:00:00Z', 'Europe/London'), '2026-10-25T00:30:00.000Z');
  assert.equal(next('30 1 * * *', '2026-10-25T00:30:00Z', 'Europe/London'), '2026-10-26T01:30:00.000Z');
  // 09:00 New York is 14:00 UTC in winter and 13:00 UTC after 2026-03-08.
  assert.equal(next('0 9 * * *', '2026-03-07T15:00:00Z', 'America/New_York'), '2026-03-08T13:00:00.000Z');
});

test('bad expressions say what is wrong', () => {
  assert.match(String(parseCron('* * *')), /five fields/);
  assert.match(String(parseCron('60 * * * *')), /minute must be within 0–59/);
  assert.match(String(parseCron('* * * * mon')), /day of week "mon"/);
  assert.match(String(parseCron('*/0 * * * *')), /step must be at least 1/);
});
