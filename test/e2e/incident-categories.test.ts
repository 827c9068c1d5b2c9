import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureWebBuilt, launchChromium } from './browser-support.js';
import {
  checkAddRenameReorderArchive,
  checkIncidentPicksCategory,
  checkSettingsPage,
  type CategoriesUi,
} from './incident-categories-steps.js';
import { setupOwner } from './services-support.js';

/**
 * Incident categories end to end, in Debian's Chromium against a real Keel on a fresh SQLite
 * database: Settings → Incident categories lists the eight defaults → a taken label is refused
 * under the field → a new category, moved up, renamed (its id stays) → one archived → an incident
 * picks the new category from the classification select, which no longer offers the archived one,
 * while an incident that has the archived one shows it. Screenshots go to
 * test-results/categories-*.png.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');
const owner = { name: 'Olive Owner', email: 'olive@example.com', password: 'correct horse battery' };

const haveChromium = chromiumAvailable('categories browser test');

let server: TestServer;
let browser: Browser;
let page: Page;
let ui: CategoriesUi;
const pageErrors: string[] = [];

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  server = await startTestServer({ webRoot: webDist, listen: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const api = await setupOwner(context.request, server.url, owner);
  ui = {
    page,
    url: server.url,
    api,
    shotsDir,
    shot: async (name) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir, `categories-${name}.png`), fullPage: true });
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

test('web UI: incident categories', { skip: !haveChromium }, async (t) => {
  await t.test('settings lists the defaults in order', () => checkSettingsPage(ui));
  await t.test('add (a taken label refused inline), move up, rename, archive', () =>
    checkAddRenameReorderArchive(ui),
  );
  await t.test('an incident picks the new category; an archived one stays where it is set', () =>
    checkIncidentPicksCategory(ui),
  );
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
