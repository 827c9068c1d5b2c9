import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureWebBuilt, launchChromium } from './browser-support.js';
import {
  checkDark,
  checkEmptyStates,
  checkGlobalRule,
  checkRecurringMaintenance,
  checkSilenceFromAlert,
  type RoutingUi,
} from './routing-steps.js';
import { setupOwner } from './services-support.js';

/**
 * Routing rules, silences and maintenance windows end to end, in Debian's Chromium against a real
 * Keel on a fresh SQLite database: empty states → "Silence similar" from a paged alert (a bad regex
 * refused inline), the next alert like it recorded as silenced, the silence expired → a global
 * rule with a label condition and suppress, an alert it suppresses, reordering and switching off →
 * a weekly maintenance window in another time zone, on the service's page too → dark theme.
 * Screenshots go to test-results/routing-*.png.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');
const owner = { name: 'Olive Owner', email: 'olive@example.com', password: 'correct horse battery' };

const haveChromium = chromiumAvailable('routing browser test');

let server: TestServer;
let browser: Browser;
let page: Page;
let ui: RoutingUi;
const pageErrors: string[] = [];

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  server = await startTestServer({ webRoot: webDist, listen: true });
  browser = await launchChromium();
  // A browser in New York, so times entered for Europe/Berlin prove the zone is honoured.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: 'light',
    timezoneId: 'America/New_York',
  });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const api = await setupOwner(context.request, server.url, owner);
  const service = await api.post<{ id: string }>('/api/v1/services', { name: 'Checkout API' });
  const integration = await api.post<{ key: string }>(`/api/v1/services/${service.id}/integrations`, {
    type: 'keel',
    name: 'Keel events',
  });
  ui = {
    page,
    url: server.url,
    api,
    ingestKey: integration.key,
    serviceId: service.id,
    shotsDir,
    shot: async (name) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir, `routing-${name}.png`), fullPage: true });
    },
    heading: async (text) => {
      await page.getByRole('heading', { level: 1, name: text }).waitFor();
    },
  };
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('web UI: silences, routing rules and maintenance', { skip: !haveChromium }, async (t) => {
  await t.test('empty pages say what to do', () => checkEmptyStates(ui));
  await t.test('silence similar from an alert; the next one is silenced; expire it', () =>
    checkSilenceFromAlert(ui),
  );
  await t.test('a global rule with a condition and suppress; reorder; switch off', () => checkGlobalRule(ui));
  await t.test('a recurring maintenance window in another time zone', () => checkRecurringMaintenance(ui));
  await t.test('dark theme', () => checkDark(ui));
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
