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
  checkCreatePolicy,
  checkIncidentNotifications,
  checkPagingWarning,
  checkWebhooks,
  type EscalationUi,
} from './escalation-policies-steps.js';
import { setupOwner } from './services-support.js';

/**
 * Escalation policies and outgoing webhooks end to end, in Debian's Chromium against a real Keel
 * on a fresh SQLite database: a service warns that nobody would be paged (no policy) → a policy is
 * built in the editor (a level refused without a target, then the owner, 5 minutes) and becomes
 * the default → the service still warns while the owner has no contact method, and stops once
 * they have one → a webhook subscription shows its signing secret once and its test ping reaches
 * a local listener → an incident pages the owner through a Slack webhook that answers 404, and the
 * incident's Notifications section shows the failure. Screenshots go to test-results/escalation-*.png.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');
const owner = { name: 'Olive Owner', email: 'olive@example.com', password: 'correct horse battery' };

const haveChromium = chromiumAvailable('escalation policies browser test');

let server: TestServer;
let browser: Browser;
let page: Page;
let listener: HttpListener;
let ui: EscalationUi;
const pageErrors: string[] = [];

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  listener = await startHttpListener();
  listener.reply((req) =>
    req.url.startsWith('/fail') ? { status: 404, body: 'no_service' } : { status: 200 },
  );
  server = await startTestServer({ webRoot: webDist, listen: true, runWorker: true });
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
    listener,
    state: {},
    ...pageHelpers(page, shotsDir, 'escalation'),
  };
});

after(async () => {
  await browser?.close();
  await server?.close();
  await listener?.close();
});

test('web UI: escalation policies and webhooks', { skip: !haveChromium }, async (t) => {
  await t.test('a service without any policy warns that nobody would be paged', () => checkPagingWarning(ui));
  await t.test('a policy built in the editor becomes the default', () => checkCreatePolicy(ui));
  await t.test('a webhook subscription: secret once, test ping delivered', () => checkWebhooks(ui));
  await t.test('a page that cannot be delivered shows as failed on the incident', () =>
    checkIncidentNotifications(ui),
  );
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
