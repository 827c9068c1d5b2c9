import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  chromiumAvailable,
  ensureWebBuilt,
  launchChromium,
  openPage,
  pageHelpers,
} from './browser-support.js';
import {
  checkCoverRequest,
  checkCreateSchedule,
  checkHomeAndMonth,
  checkIcalFeed,
  checkLayerEditor,
  checkOverride,
  checkResponderView,
  type SchedulesUi,
} from './schedules-steps.js';
import { setupOwner } from './services-support.js';

/**
 * On-call schedules end to end, in Debian's Chromium against a real Keel on a fresh SQLite
 * database: Schedules is empty and says what to do → a schedule is created with its first layer
 * (the owner, weekly, from a week ago, in UTC) → its page says the owner is on call now and the
 * week view draws the owner's bar in the final schedule → Home's "Who is on call now" names them
 * → an override for another person is created through the dialog and drawn in the Overrides row →
 * the month view shows every week of the month → a second layer (09:00–17:00) wins in its hours → a
 * cover request another person made is accepted and becomes an override → the calendar feed link
 * serves iCalendar → a responder sees no editing, covers only himself (an overlap refused in the
 * dialog), asks for cover and cancels it. Screenshots go to test-results/schedules-*.png.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');
const owner = { name: 'Olive Owner', email: 'olive@example.com', password: 'correct horse battery' };

const haveChromium = chromiumAvailable('schedules browser test');

let server: TestServer;
let browser: Browser;
let page: Page;
let ui: SchedulesUi;
const pageErrors: string[] = [];

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  server = await startTestServer({ webRoot: webDist, listen: true });
  browser = await launchChromium();
  const opened = await openPage(browser, pageErrors);
  const context = opened.context;
  page = opened.page;
  const api = await setupOwner(context.request, server.url, owner);
  ui = {
    page,
    browser,
    url: server.url,
    api,
    shotsDir,
    state: {},
    ...pageHelpers(page, shotsDir, 'schedules'),
  };
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('web UI: on-call schedules', { skip: !haveChromium }, async (t) => {
  await t.test('create a schedule with a layer; the week view shows who is on call', () =>
    checkCreateSchedule(ui),
  );
  await t.test('Home names the person on call; the month view shows the whole month', () =>
    checkHomeAndMonth(ui),
  );
  await t.test('an override for someone else, created in the dialog, is drawn', () => checkOverride(ui));
  await t.test('a second layer with a daily restriction wins where it covers', () => checkLayerEditor(ui));
  await t.test('a cover request accepted in the page becomes an override', () => checkCoverRequest(ui));
  await t.test('the calendar feed link serves the shifts as iCalendar', () => checkIcalFeed(ui));
  await t.test('a responder covers only himself, asks for cover and cancels it', () =>
    checkResponderView(ui),
  );
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
