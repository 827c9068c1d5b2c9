import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addResult, bucketStart, emptyRollup, mergeRollups, percentile, uptime } from './rollups.domain.js';

test('percentiles over merged rollups come from the histogram, not averages of percentiles', () => {
  const a = emptyRollup();
  for (let i = 0; i < 90; i++) addResult(a, 'up', 8);
  const b = emptyRollup();
  for (let i = 0; i < 10; i++) addResult(b, 'degraded', 1500);
  addResult(b, 'down', 0);
  const all = mergeRollups([a, b]);
  assert.equal(all.checks, 101);
  assert.equal(all.failures, 1);
  assert.equal(all.degraded, 10);
  assert.equal(percentile(all, 0.5), 10);
  assert.equal(percentile(all, 0.95), 2000);
  assert.equal(percentile(emptyRollup(), 0.5), null);
  assert.equal(uptime(all)?.toFixed(4), (100 / 101).toFixed(4));
  assert.equal(uptime(emptyRollup()), null);
});

test('bucket starts align to UTC minutes, hours and days', () => {
  const at = Date.parse('2026-03-01T09:17:42.123Z');
  assert.equal(new Date(bucketStart(at, 'm')).toISOString(), '2026-03-01T09:17:00.000Z');
  assert.equal(new Date(bucketStart(at, 'h')).toISOString(), '2026-03-01T09:00:00.000Z');
  assert.equal(new Date(bucketStart(at, 'd')).toISOString(), '2026-03-01T00:00:00.000Z');
});
