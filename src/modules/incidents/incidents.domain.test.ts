import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { incidentSeverities as serviceSeverities, urgencies as serviceUrgencies } from '../services/index.js';
import {
  canSnooze,
  canTransition,
  defaultImpact,
  impactAfterSeverityChange,
  impacts,
  incidentSeverities,
  incidentStatuses,
  planStatusAction,
  priorityFor,
  recomputedPriority,
  urgencies,
} from './incidents.domain.js';

describe('incident domain', () => {
  test('the priority matrix: ITIL impact × urgency, Keel urgency high = ITIL high, low = ITIL low', () => {
    const table = impacts.map((i) => urgencies.map((u) => priorityFor(i, u)));
    assert.deepEqual(table, [
      ['P1', 'P3'],
      ['P2', 'P4'],
      ['P3', 'P5'],
    ]);
    // ITIL: priority = impact + urgency − 1 with high 1, medium 2, low 3.
    const level = { high: 1, medium: 2, low: 3 } as const;
    for (const i of impacts)
      for (const u of urgencies) assert.equal(priorityFor(i, u), `P${level[i] + level[u] - 1}`);
  });

  test('default impact from severity', () => {
    assert.deepEqual(
      incidentSeverities.map((s) => defaultImpact(s)),
      ['high', 'high', 'medium', 'low'],
    );
  });

  test('a severity change moves the impact only while it still is the old severity’s default', () => {
    assert.equal(impactAfterSeverityChange('low', 'SEV4', 'SEV1'), 'high');
    assert.equal(impactAfterSeverityChange('medium', 'SEV4', 'SEV1'), 'medium', 'judged separately: kept');
    assert.equal(impactAfterSeverityChange('high', 'SEV1', 'SEV2'), 'high');
  });

  test('an overridden priority survives impact and urgency changes', () => {
    assert.equal(recomputedPriority('P5', false, 'high', 'high'), 'P1');
    assert.equal(recomputedPriority('P5', true, 'high', 'high'), 'P5');
  });

  test('status transitions', () => {
    const allowed = incidentStatuses.flatMap((from) =>
      incidentStatuses.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    assert.deepEqual(allowed.sort(), [
      'acknowledged→resolved',
      'acknowledged→triggered',
      'resolved→triggered',
      'triggered→acknowledged',
      'triggered→resolved',
    ]);
    const plans = (action: Parameters<typeof planStatusAction>[0]) =>
      incidentStatuses.map((s) => planStatusAction(action, s));
    assert.deepEqual(plans('acknowledge'), ['apply', 'noop', 'illegal']);
    assert.deepEqual(plans('resolve'), ['apply', 'apply', 'noop']);
    assert.deepEqual(plans('retrigger'), ['noop', 'apply', 'illegal']);
    assert.deepEqual(plans('reopen'), ['noop', 'illegal', 'apply']);
  });

  test('only open incidents can be snoozed', () => {
    assert.deepEqual(
      incidentStatuses.map((s) => canSnooze(s)),
      [true, true, false],
    );
  });

  test('severities and urgencies are the ones services map alerts to', () => {
    assert.deepEqual(incidentSeverities, serviceSeverities);
    assert.deepEqual(urgencies, serviceUrgencies);
  });
});
