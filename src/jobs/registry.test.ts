import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { backoffCapMs, defaultBackoff } from './backoff.js';
import { nextHourSlot, purgeKey } from './maintenance.js';
import { defineJob, JobRegistry } from './registry.js';

const noop = async (): Promise<void> => undefined;

describe('defineJob', () => {
  test('applies the documented defaults', () => {
    const def = defineJob({ name: 'test.defaults', payload: z.object({ n: z.number() }), handler: noop });
    assert.equal(def.maxAttempts, 10);
    assert.equal(def.leaseMs, 60_000);
    assert.equal(def.timeoutMs, 300_000);
    const d = def.backoff(1);
    assert.ok(d >= 500 && d <= 1000, `first retry within 0.5–1 s, got ${d}`);
    assert.ok(Object.isFrozen(def));
  });

  test('rejects bad names and attempt counts', () => {
    assert.throws(
      () => defineJob({ name: 'Bad Name', payload: z.object({}), handler: noop }),
      /invalid job name/,
    );
    assert.throws(
      () => defineJob({ name: 'x.y', payload: z.object({}), maxAttempts: 0, handler: noop }),
      /maxAttempts/,
    );
  });
});

describe('JobRegistry', () => {
  test('registers explicitly, looks up by name, refuses duplicates', () => {
    const a = defineJob({ name: 'test.a', payload: z.object({}), handler: noop });
    const registry = new JobRegistry().register(a);
    assert.equal(registry.get('test.a'), a);
    assert.equal(registry.get('test.missing'), undefined);
    assert.deepEqual(registry.names(), ['test.a']);
    assert.throws(
      () => registry.register(defineJob({ name: 'test.a', payload: z.object({}), handler: noop })),
      /already registered/,
    );
  });
});

describe('defaultBackoff', () => {
  test('doubles per attempt with equal jitter, capped at one hour', () => {
    assert.equal(
      defaultBackoff(1, () => 0),
      500,
    );
    assert.equal(
      defaultBackoff(1, () => 1),
      1000,
    );
    assert.equal(
      defaultBackoff(2, () => 0),
      1000,
    );
    assert.equal(
      defaultBackoff(5, () => 1),
      16_000,
    );
    assert.equal(
      defaultBackoff(13, () => 1),
      backoffCapMs,
    );
    assert.equal(
      defaultBackoff(60, () => 1),
      backoffCapMs,
    );
    assert.equal(
      defaultBackoff(60, () => 0),
      backoffCapMs / 2,
    );
    for (let attempt = 1; attempt < 30; attempt++) {
      const d = defaultBackoff(attempt);
      assert.ok(Number.isFinite(d) && d > 0 && d <= backoffCapMs);
    }
  });
});

describe('purge slots', () => {
  test('the next slot starts on the next hour boundary', () => {
    const at = Date.parse('2026-01-01T10:59:59.999Z');
    assert.equal(nextHourSlot(at), Date.parse('2026-01-01T11:00:00Z'));
    assert.equal(nextHourSlot(Date.parse('2026-01-01T11:00:00Z')), Date.parse('2026-01-01T12:00:00Z'));
    assert.equal(
      purgeKey(Date.parse('2026-01-01T11:00:00Z')),
      `jobs.purge:${Date.parse('2026-01-01T11:00:00Z')}`,
    );
  });
});
