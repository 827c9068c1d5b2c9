import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceSettings } from '../services/index.js';
import { groupingFor, groupKeyNamesAlert } from './alerts.domain.js';
import type { NormalizedEvent } from './formats/index.js';

const event = (groupKey: string | null) =>
  ({ groupKey, labels: { team: 'db' } }) as unknown as NormalizedEvent;

test('groupKeyNamesAlert: only the one-incident-per-alert key without a sender group names the alert', () => {
  const perAlert = serviceSettings.parse({});
  assert.equal(groupKeyNamesAlert(groupingFor(perAlert, event(null), 'a1', 0), 'a1'), true);
  assert.equal(groupKeyNamesAlert(groupingFor(perAlert, event(null), 'a1', 0), 'a2'), false);
  assert.equal(groupKeyNamesAlert(groupingFor(perAlert, event('receiver/{}:{}'), 'a1', 0), 'a1'), false);
  const byWindow = serviceSettings.parse({ grouping: { mode: 'time_window', windowMinutes: 10 } });
  assert.equal(groupKeyNamesAlert(groupingFor(byWindow, event(null), 'a1', 0), 'a1'), false);
  const byLabels = serviceSettings.parse({ grouping: { mode: 'labels', labels: ['team'] } });
  assert.equal(groupKeyNamesAlert(groupingFor(byLabels, event(null), 'a1', 0), 'a1'), false);
});
