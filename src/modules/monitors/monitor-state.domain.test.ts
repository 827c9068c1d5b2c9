import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckStatus } from './checkers/index.js';
import { dependencyCycle, eventsFor, invert, nextState, type StateInput } from './monitor-state.domain.js';

const opts = { inverted: false, retries: 0, dependencyDown: false };

function run(statuses: CheckStatus[], o = opts, start: StateInput = { state: 'pending', failures: 0 }) {
  let s = start;
  const states: string[] = [];
  for (const st of statuses) {
    const t = nextState(s, st, o);
    s = t;
    states.push(t.state);
  }
  return states;
}

test('up, degraded and down follow the result when retries is 0', () => {
  assert.deepEqual(run(['up', 'degraded', 'down', 'up']), ['up', 'degraded', 'down', 'up']);
});

test('retries: down only after retries + 1 consecutive failures; a pass resets the count', () => {
  const o = { ...opts, retries: 2 };
  assert.deepEqual(run(['up', 'down', 'down', 'up', 'down', 'down', 'down', 'down'], o), [
    'up',
    'up',
    'up',
    'up',
    'up',
    'up',
    'down',
    'down',
  ]);
});

test('inverted: a failing check is up, a passing or slow one is down', () => {
  assert.equal(invert('down', true), 'up');
  assert.equal(invert('up', true), 'down');
  assert.equal(invert('degraded', true), 'down');
  assert.deepEqual(run(['down', 'up'], { ...opts, inverted: true }), ['up', 'down']);
});

test('dependency down: a failing monitor whose dependency is down pages nobody; already down stays down', () => {
  const o = { ...opts, dependencyDown: true };
  assert.deepEqual(run(['up', 'down', 'up'], o), ['up', 'dependency_down', 'up']);
  assert.deepEqual(run(['down'], o, { state: 'down', failures: 3 }), ['down']);
  // The dependency recovers while this one still fails: now it is down on its own.
  assert.deepEqual(run(['down'], opts, { state: 'dependency_down', failures: 1 }), ['down']);
  assert.deepEqual(eventsFor({ id: 'm', name: 'M' }, 'up', 'dependency_down', 'x'), []);
});

test('events: trigger on down (critical) and degraded (warning, its own key), resolve on leaving', () => {
  const m = { id: 'm1', name: 'API' };
  assert.deepEqual(eventsFor(m, 'up', 'up', ''), []);
  assert.deepEqual(
    eventsFor(m, 'up', 'down', 'HTTP 503').map((e) => [e.action, e.dedupKey]),
    [['trigger', 'monitor:m1']],
  );
  assert.equal(eventsFor(m, 'pending', 'down', 'HTTP 503')[0]?.summary, 'API is down: HTTP 503');
  assert.deepEqual(
    eventsFor(m, 'up', 'degraded', 'slow').map((e) => [e.action, e.dedupKey, 'severity' in e && e.severity]),
    [['trigger', 'monitor:m1:degraded', 'warning']],
  );
  assert.deepEqual(
    eventsFor(m, 'degraded', 'down', 'x').map((e) => [e.action, e.dedupKey]),
    [
      ['resolve', 'monitor:m1:degraded'],
      ['trigger', 'monitor:m1'],
    ],
  );
  assert.deepEqual(
    eventsFor(m, 'down', 'up', '').map((e) => [e.action, e.dedupKey]),
    [['resolve', 'monitor:m1']],
  );
});

test('dependency cycles are found, self-dependency included', () => {
  const edges = new Map([
    ['b', ['c']],
    ['c', ['a']],
  ]);
  assert.deepEqual(dependencyCycle('a', ['b'], edges), ['a', 'b', 'c', 'a']);
  assert.deepEqual(dependencyCycle('a', ['a'], edges), ['a', 'a']);
  assert.equal(dependencyCycle('x', ['b'], edges), null);
});
