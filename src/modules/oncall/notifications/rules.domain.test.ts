import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRules, duplicateRule, effectiveRules, toRuleSet } from './rules.domain.js';
import { nextRetryDelay, retrySchedules } from './retry.domain.js';

const methods = [
  { id: 'push', type: 'ntfy' },
  { id: 'mail', type: 'email' },
  { id: 'sms', type: 'sms' },
];

test('defaults: high → every method now, low → e-mail now (every method without e-mail)', () => {
  const d = defaultRules(methods);
  assert.deepEqual(
    d.high.map((r) => [r.contactMethodId, r.delayMinutes]),
    [
      ['push', 0],
      ['mail', 0],
      ['sms', 0],
    ],
  );
  assert.deepEqual(
    d.low.map((r) => r.contactMethodId),
    ['mail'],
  );
  assert.deepEqual(
    defaultRules([{ id: 'push', type: 'ntfy' }]).low.map((r) => r.contactMethodId),
    ['push'],
  );
  assert.deepEqual(defaultRules([]), { high: [], low: [] });
  assert.equal(new Set(d.high.map((r) => r.id)).size, 3, 'rule ids are distinct');
});

test('stored rules: ordered by delay, stable ids, methods that are gone dropped', () => {
  const stored = toRuleSet({
    high: [
      { contactMethodId: 'sms', delayMinutes: 2 },
      { contactMethodId: 'push', delayMinutes: 0 },
      { contactMethodId: 'voice', delayMinutes: 5 },
    ],
    low: [],
  });
  assert.deepEqual(
    stored.high.map((r) => r.contactMethodId),
    ['push', 'sms', 'voice'],
  );
  assert.deepEqual(
    toRuleSet({ high: [{ contactMethodId: 'sms', delayMinutes: 2 }], low: [] }).high[0]!.id,
    stored.high[1]!.id,
  );
  assert.deepEqual(
    effectiveRules(stored, methods).high.map((r) => r.contactMethodId),
    ['push', 'sms'],
  );
  assert.deepEqual(effectiveRules(null, methods), defaultRules(methods));
  assert.deepEqual(
    duplicateRule({
      high: [
        { contactMethodId: 'a', delayMinutes: 1 },
        { contactMethodId: 'a', delayMinutes: 1 },
      ],
      low: [],
    }),
    { urgency: 'high', index: 1 },
  );
  assert.equal(
    duplicateRule({
      high: [
        { contactMethodId: 'a', delayMinutes: 1 },
        { contactMethodId: 'a', delayMinutes: 2 },
      ],
      low: [],
    }),
    null,
  );
});

test('retry delays: exponential with equal jitter, capped, Retry-After honoured up to an hour, then give up', () => {
  const s = retrySchedules.slack!;
  assert.equal(
    nextRetryDelay('slack', 1, undefined, () => 0),
    s.baseMs / 2,
  );
  assert.equal(
    nextRetryDelay('slack', 1, undefined, () => 1),
    s.baseMs,
  );
  assert.equal(
    nextRetryDelay('slack', 3, undefined, () => 1),
    s.baseMs * 4,
  );
  assert.equal(
    nextRetryDelay('email', 7, undefined, () => 1),
    retrySchedules.email!.capMs,
    'capped',
  );
  assert.equal(
    nextRetryDelay('slack', 1, 120_000, () => 1),
    120_000,
    'a longer Retry-After wins',
  );
  assert.equal(
    nextRetryDelay('slack', 1, 1_000, () => 1),
    s.baseMs,
    'a shorter one does not',
  );
  assert.equal(
    nextRetryDelay('slack', 1, 10 * 3_600_000, () => 1),
    3_600_000,
    'hints are capped at an hour',
  );
  assert.equal(nextRetryDelay('slack', s.attempts, undefined), null, 'attempts used up');
  assert.equal(nextRetryDelay('sms', retrySchedules.sms!.attempts, undefined), null);
  assert.notEqual(nextRetryDelay('unknown-type', 1, undefined), null, 'a fallback schedule');
});
