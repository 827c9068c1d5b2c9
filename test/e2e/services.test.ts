import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureWebBuilt, launchChromium } from './browser-support.js';
import {
  checkCycle,
  checkDarkTheme,
  checkDeleteService,
  checkEditAndFilter,
  checkNarrowScreen,
  checkPaging,
  checkReadOnly,
  checkRunbooks,
  checkWebhookMapping,
} from './services-steps.js';
import { nav, region, setupOwner, type ServicesUi } from './services-support.js';

/**
 * The Services area end to end, in Debian's Chromium against a real Keel on a fresh SQLite
 * database: empty states → a service with only a name → grouping settings → an Alertmanager
 * integration (URL and example, copy, rotate) → dependencies and a refused cycle → runbooks →
 * owner team and filter → paging → generic webhook mapping preview → read-only role → dark theme →
 * delete. Screenshots go to test-results/services-*.png.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');
const owner = { name: 'Olive Owner', email: 'olive@example.com', password: 'correct horse battery' };

const haveChromium = chromiumAvailable('services browser test');

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ui: ServicesUi;
const pageErrors: string[] = [];
const cspViolations: string[] = [];

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  server = await startTestServer({ webRoot: webDist, listen: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  const api = await setupOwner(context.request, server.url, owner);
  ui = {
    page,
    url: server.url,
    api,
    shotsDir,
    shot: async (name) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir, `services-${name}.png`), fullPage: true });
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

test('web UI: services, settings, integrations, dependencies', { skip: !haveChromium }, async (t) => {
  const name = 'Checkout API';

  await t.test('the list explains what to do when there are no services', async () => {
    await page.goto(`${server.url}/`);
    await ui.heading('Home');
    await nav(ui, 'Services').click();
    await ui.heading('Services');
    await page.getByText('No services yet').waitFor();
    await page.getByText(/Create a service for each thing your teams run/).waitFor();
    await ui.shot('01-empty');
  });

  await t.test('creates a service with only a name', async () => {
    await page.getByRole('button', { name: 'New service' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New service' });
    await dialog.getByRole('button', { name: 'Create service' }).click();
    await dialog.getByText('Service name is required.').waitFor();
    const field = dialog.getByLabel('Service name');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'focus on the error');
    await field.fill(name);
    await dialog.getByRole('button', { name: 'Create service' }).click();
    await ui.heading(name);
    await page.waitForURL(/\/services\/[^/]+$/);
    await region(ui, 'Integrations').getByText('No integrations yet').waitFor();
    await region(ui, 'Runbook links').getByText('No runbook links yet').waitFor();
    await region(ui, 'Depends on').getByText('No dependencies').waitFor();
    await ui.shot('02-detail-empty');
  });

  await t.test('the new service is in the list', async () => {
    await nav(ui, 'Services').click();
    await ui.heading('Services');
    await page.getByRole('link', { name, exact: true }).waitFor();
    await page.getByText('Showing 1 of 1 service').waitFor();
    await ui.shot('03-list');
    await page.getByRole('link', { name, exact: true }).click();
    await ui.heading(name);
  });

  await t.test('groups alerts in a 10-minute window', async () => {
    const settings = region(ui, 'Settings');
    await settings.getByRole('radio', { name: /Group within a time window/ }).check();
    const windowField = settings.getByLabel('Window (minutes)');
    await windowField.fill('0');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Enter between 1 and 1,440 minutes.').waitFor();
    assert.equal(await windowField.getAttribute('aria-invalid'), 'true');
    await windowField.fill('10');
    await settings.getByLabel('Flapping after more than (re-triggers)').fill('3');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const id = page.url().split('/').pop() ?? '';
    const saved = await ui.api.get<{ settings: { grouping: unknown; flapping: unknown } }>(
      `/api/v1/services/${id}`,
    );
    assert.deepEqual(saved.settings.grouping, { mode: 'time_window', windowMinutes: 10 });
    assert.deepEqual(saved.settings.flapping, { enabled: true, maxTransitions: 3, windowMinutes: 30 });
    await page.reload();
    await ui.heading(name);
    assert.equal(await region(ui, 'Settings').getByLabel('Window (minutes)').inputValue(), '10');
  });

  await t.test('adds an Alertmanager integration with a URL and example to copy', async () => {
    const section = region(ui, 'Integrations');
    await section.getByRole('button', { name: 'Add integration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add integration' });
    await dialog.getByRole('radio', { name: /Prometheus Alertmanager/ }).check();
    assert.equal(await dialog.getByLabel('Name').inputValue(), 'Prometheus Alertmanager');
    await ui.shot('04-add-integration');
    await dialog.getByRole('button', { name: 'Add integration' }).click();
    const card = region(ui, 'Prometheus Alertmanager');
    await card.getByText('No events received yet').waitFor();
    const url = await card.getByLabel('URL').inputValue();
    assert.match(url, /\/api\/v1\/ingest\/[0-9a-f]{32}$/);
    const example = await card.getByLabel('alertmanager.yml').inputValue();
    assert.ok(example.includes(url) && example.includes('webhook_configs'), example);
    assert.equal(await card.getByRole('button', { name: 'Copy' }).count(), 2);
    await card.getByRole('button', { name: 'Copy' }).first().click();
    await card.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
    await ui.shot('05-integration');

    await card.getByRole('button', { name: 'Rotate key' }).click();
    const confirm = page.getByRole('dialog', { name: 'Rotate the key for Prometheus Alertmanager?' });
    await confirm.getByText(/Senders using the old URL will stop working/).waitFor();
    await confirm.getByRole('button', { name: 'Rotate key' }).click();
    await confirm.waitFor({ state: 'hidden' });
    const deadline = Date.now() + 5000;
    while ((await card.getByLabel('URL').inputValue()) === url && Date.now() < deadline)
      await page.waitForTimeout(100);
    assert.notEqual(await card.getByLabel('URL').inputValue(), url, 'a new key, a new URL');
  });

  await t.test('refuses a dependency cycle inline, then saves a dependency', () => checkCycle(ui, name));
  await t.test('edits runbook links with inline URL errors', () => checkRunbooks(ui));
  await t.test('sets the owner team and tier, and filters by team', () => checkEditAndFilter(ui, name));
  await t.test('pages the list on the server', () => checkPaging(ui));
  await t.test('maps a generic webhook and previews the event', () => checkWebhookMapping(ui, name));
  await t.test('dark theme', () => checkDarkTheme(ui, name));
  await t.test('fits a phone screen', () => checkNarrowScreen(ui, name));
  await t.test('viewers see services read-only', () => checkReadOnly(ui, browser, name));
  await t.test('deletes a service after confirming', () => checkDeleteService(ui));

  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violations');
});
