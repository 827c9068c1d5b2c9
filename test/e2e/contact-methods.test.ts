import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { startHttpListener, type HttpListener } from '../helpers/http-listener.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  chromiumAvailable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  pageHelpers,
} from './browser-support.js';
import {
  checkAddAndTest,
  checkDeliveriesLog,
  checkEditAndDelete,
  checkRules,
  type ContactUi,
} from './contact-methods-steps.js';
import { setupOwner } from './services-support.js';

/**
 * Contact methods end to end, in Debian's Chromium against a real Keel on a fresh SQLite database
 * and two real local listeners: Account says Keel cannot reach you yet → a webhook contact method
 * (its secret never shown again) → "Send test notification" reaches the listener and shows the
 * status and latency → a Slack webhook whose receiver answers 404 shows the failure → notification
 * rules per urgency saved → rename without touching the settings, delete → Settings → Deliveries
 * lists both tests, the failure highlighted. Screenshots go to test-results/contact-*.png.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');
const owner = { name: 'Olive Owner', email: 'olive@example.com', password: 'correct horse battery' };

const haveChromium = chromiumAvailable('contact methods browser test');

let server: TestServer;
let browser: Browser;
let page: Page;
let good: HttpListener;
let bad: HttpListener;
let ui: ContactUi;
const pageErrors: string[] = [];

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  good = await startHttpListener();
  bad = await startHttpListener();
  bad.reply({ status: 404, body: 'no_team' });
  server = await startTestServer({ webRoot: webDist, listen: true });
  browser = await launchChromium();
  const opened = await openPage(browser, pageErrors);
  const context = opened.context;
  page = opened.page;
  const api = await setupOwner(context.request, server.url, owner);
  ui = {
    page,
    url: server.url,
    api,
    shotsDir,
    good,
    bad,
    ...pageHelpers(page, shotsDir, 'contact'),
  };
});

after(async () => {
  await browser?.close();
  await server?.close();
  await good?.close();
  await bad?.close();
});

test('web UI: contact methods and deliveries', { skip: !haveChromium }, async (t) => {
  await t.test('add a webhook and a Slack method; test each', () => checkAddAndTest(ui));
  await t.test('notification rules per urgency', () => checkRules(ui));
  await t.test('rename keeps the settings; delete', () => checkEditAndDelete(ui));
  await t.test('the delivery log shows both tests, the failure highlighted', () => checkDeliveriesLog(ui));
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
