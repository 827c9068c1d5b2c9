import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findPolicyLoop,
  nextStep,
  pagedText,
  pageKey,
  policyTargets,
  type PolicyShape,
} from './escalation.domain.js';

const user = (id: string) => ({ type: 'user' as const, id });
const policy = (id: string) => ({ type: 'policy' as const, id });

test('nextStep walks the levels, repeats the policy, then ends', () => {
  const p: PolicyShape = {
    repeat: 1,
    levels: [
      { delayMinutes: 5, targets: [user('a')] },
      { delayMinutes: 10, targets: [user('b')] },
    ],
  };
  assert.deepEqual(nextStep(p, 0, 0), { kind: 'level', round: 0, level: 1, delayMinutes: 5 });
  assert.deepEqual(nextStep(p, 0, 1), { kind: 'level', round: 1, level: 0, delayMinutes: 10 });
  assert.deepEqual(nextStep(p, 1, 1), { kind: 'end' });
  assert.deepEqual(nextStep(p, 0, 7), { kind: 'end' }, 'a level that no longer exists');
});

test('a policy target hands over at once and drops the rest', () => {
  const p: PolicyShape = {
    repeat: 3,
    levels: [
      { delayMinutes: 5, targets: [user('a'), policy('other')] },
      { delayMinutes: 5, targets: [user('b')] },
    ],
  };
  assert.deepEqual(nextStep(p, 0, 0), { kind: 'handoff', policyId: 'other' });
});

test('findPolicyLoop finds self-references, cycles through others, and nothing in a tree', () => {
  assert.deepEqual(findPolicyLoop('a', new Map([['a', ['a']]])), ['a', 'a']);
  const edges = new Map([
    ['a', ['b']],
    ['b', ['c', 'd']],
    ['d', ['a']],
  ]);
  assert.deepEqual(findPolicyLoop('a', edges), ['a', 'b', 'd', 'a']);
  assert.deepEqual(findPolicyLoop('b', edges), ['b', 'd', 'a', 'b']);
  const tree = new Map([
    ['a', ['b', 'c']],
    ['b', ['c']],
    ['c', []],
  ]);
  assert.equal(findPolicyLoop('a', tree), null);
  // A loop elsewhere, not through the start, is not this policy's loop… but is still found when reachable.
  assert.deepEqual(
    findPolicyLoop(
      'x',
      new Map([
        ['x', ['y']],
        ['y', ['z']],
        ['z', ['y']],
      ]),
    ),
    ['y', 'z', 'y'],
  );
});

test('policyTargets, pageKey, pagedText', () => {
  assert.deepEqual(policyTargets([{ delayMinutes: 1, targets: [user('a'), policy('p'), policy('p')] }]), [
    'p',
  ]);
  assert.equal(pageKey({ incidentId: 'i', triggeredAt: 5, round: 1, level: 2 }), 'i:5:1:2');
  assert.equal(pageKey({ incidentId: 'i', triggeredAt: 5, round: 0, level: 0, hop: 2 }), 'i:5:0:0:h2');
  assert.equal(pagedText(['Alice', 'Bob'], 0, 0), 'Paged Alice, Bob (level 1)');
  assert.equal(pagedText(['Alice'], 2, 1), 'Paged Alice (level 2, repeat 2)');
});
