import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureWebBuilt, launchChromium } from './browser-support.js';
import {
  checkAlerts,
  checkDarkTheme,
  checkDetail,
  checkFiltersSurviveReload,
  checkKeyboard,
  checkManualIncident,
  checkPagingAndResolveKey,
  checkPhone,
  checkReadOnly,
  sendEvents,
  type IncidentsUi,
} from './incidents-steps.js';
import { checkLiveUpdates } from './live-steps.js';
import { nav, setupOwner } from './services-support.js';

/**
 * The Incidents and Alerts areas end to end, in Debian's Chromium against a real Keel on a fresh
 * SQLite database: the empty state → three real events through a Keel integration → the list
 * picks them up by polling → j/k and a/the Acknowledge button → an incident's detail: assign,
 * severity, a markdown note with <script> in it (shown as text) and a link, resolve with a note,
 * the timeline in order → linked alert and its raw event → the alerts list → a manual incident →
 * filters in the URL across a reload → dark theme → a phone-sized screen → "Load more" and r → live
 * updates (a new incident appears in a filtered list without a reload). Screenshots go to
 * test-results/incidents-*.png.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');
const owner = { name: 'Olive Owner', email: 'olive@example.com', password: 'correct horse battery' };

const haveChromium = chromiumAvailable('incidents browser test');

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ui: IncidentsUi;
const pageErrors: string[] = [];
const cspViolations: string[] = [];

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  server = await startTestServer({ webRoot: webDist, listen: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
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
    ingestKey: '',
    serviceId: '',
    shot: async (name) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir, `incidents-${name}.png`), fullPage: true });
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

test('web UI: incidents and alerts', { skip: !haveChromium }, async (t) => {
  await t.test('the list says what to do when there are no incidents', async () => {
    const service = await ui.api.post<{ id: string }>('/api/v1/services', { name: 'Checkout API' });
    const integration = await ui.api.post<{ key: string }>(`/api/v1/services/${service.id}/integrations`, {
      type: 'keel',
      name: 'Keel events',
    });
    ui.serviceId = service.id;
    ui.ingestKey = integration.key;
    await page.goto(`${server.url}/`);
    await ui.heading('Home');
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    assert.deepEqual(links.slice(0, 3), ['Incidents', 'Alerts', 'Services'], 'Incidents comes first');
    await nav(ui, 'Incidents').click();
    await ui.heading('Incidents');
    await page.getByText('No incidents', { exact: true }).waitFor();
    await page
      .getByText(/Send a test event: open a service, copy the example from its integration/)
      .waitFor();
    await ui.shot('01-empty');
  });

  await t.test('three events become three incidents (the list updates live)', () => sendEvents(ui));
  await t.test('j/k move, a and the Acknowledge button acknowledge; focus survives refreshes', () =>
    checkKeyboard(ui),
  );
  await t.test('detail: assign, severity, a safe markdown note, resolve with a note, the timeline', () =>
    checkDetail(ui),
  );
  await t.test('the linked alert, its raw event, and the alerts list', () => checkAlerts(ui));
  await t.test('opens an incident by hand', () => checkManualIncident(ui));
  await t.test('filters live in the URL and survive a reload', () => checkFiltersSurviveReload(ui));
  await t.test('dark theme', () => checkDarkTheme(ui));
  await t.test('fits a phone screen', () => checkPhone(ui));
  await t.test('viewers read without actions', () => checkReadOnly(ui, browser));
  await t.test('pages with Load more; r resolves and the focus moves on', () => checkPagingAndResolveKey(ui));
  await t.test('live: a new incident appears without a reload, before any poll', () => checkLiveUpdates(ui));

  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violations');
});
