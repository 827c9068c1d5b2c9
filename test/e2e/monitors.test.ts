import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureWebBuilt, launchChromium } from './browser-support.js';
import { setupOwner, type Api } from './services-support.js';

/**
 * Monitors end to end in Debian's Chromium against a real Keel (SQLite, worker running) and a
 * local HTTP target: the empty list → a new HTTP monitor made in the dialog → its row in the list
 * with its state, latency sparkline and filters in the URL → its detail page (badge URL, state
 * history from the state-change log, pause and resume) → a bulk import refused with the bad row
 * marked. Screenshots go to test-results/monitors-*.png.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');
const haveChromium = chromiumAvailable('monitors browser test');

let server: TestServer;
let target: Server;
let targetUrl: string;
let browser: Browser;
let page: Page;
let api: Api;
const pageErrors: string[] = [];

const shot = (name: string): Promise<Buffer> =>
  page.screenshot({ path: join(shotsDir, `monitors-${name}.png`), fullPage: true });
const heading = (text: string): Promise<void> =>
  page.getByRole('heading', { level: 1, name: text }).waitFor();

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  target = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;
  server = await startTestServer({ webRoot: webDist, listen: true, runWorker: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  api = await setupOwner(context.request, server.url, {
    name: 'Olive Owner',
    email: 'olive@example.com',
    password: 'correct horse battery',
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((r) => target?.close(r));
});

test('web UI: monitors list, create, detail, import', { skip: !haveChromium }, async (t) => {
  const name = 'Checkout health';
  const service = await api.post<{ id: string }>('/api/v1/services', { name: 'Checkout API' });
  let monitorId = '';

  await t.test('the empty list says what to do', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitors' }).click();
    await heading('Monitors');
    await page.getByText('No monitors yet').waitFor();
    await page.getByText(/Create a monitor to have Keel check a URL/).waitFor();
  });

  await t.test('creates an HTTP monitor in the dialog', async () => {
    await page.getByRole('button', { name: 'New monitor' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New monitor' });
    await dialog.getByRole('button', { name: 'Create monitor' }).click();
    await dialog.getByText('Name the monitor.').waitFor();
    await dialog.getByText('Enter the URL to check').waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Service', { exact: true }).selectOption({ label: 'Checkout API' });
    await dialog.getByLabel('URL', { exact: true }).fill(targetUrl);
    await dialog.getByLabel('Interval (seconds)').fill('5');
    await dialog.getByLabel('Look for').selectOption('keyword');
    await dialog.getByLabel('Keyword').fill('ok');
    await shot('00-new-dialog');
    await dialog.getByRole('button', { name: 'Create monitor' }).click();
    await dialog.getByText(/Check at most every 10 seconds/).waitFor();
    await dialog.getByLabel('Interval (seconds)').fill('10');
    // The server's (the checker's) issue lands under its field.
    const urlField = dialog.getByLabel('URL', { exact: true });
    await urlField.fill('ftp://example.com/');
    await dialog.getByRole('button', { name: 'Create monitor' }).click();
    await dialog.locator('.field-error').first().waitFor();
    assert.equal(await urlField.getAttribute('aria-invalid'), 'true');
    await urlField.fill(targetUrl);
    await dialog.getByRole('button', { name: 'Create monitor' }).click();
    await heading(name);
    monitorId = page.url().split('/').pop() ?? '';
    const saved = await api.get<{ config: Record<string, unknown>; intervalSeconds: number }>(
      `/api/v1/monitors/${monitorId}`,
    );
    assert.equal(saved.intervalSeconds, 10);
    assert.equal(saved.config.url, targetUrl);
    assert.deepEqual(saved.config.match, {
      kind: 'keyword',
      value: 'ok',
      absent: false,
      caseSensitive: true,
    });
  });

  await t.test('the list shows it with its state; filters live in the URL', async () => {
    // The first check runs within one interval (10 s) when the scheduler runs in this build.
    const deadline = Date.now() + 15_000;
    let state = 'pending';
    while (state === 'pending' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      state = (await api.get<{ state: string }>(`/api/v1/monitors/${monitorId}`)).state;
    }
    await page.getByRole('link', { name: '← Monitors' }).click();
    await heading('Monitors');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await row.getByText(state === 'up' ? 'Up' : 'Pending', { exact: true }).waitFor();
    await row.getByText(`GET ${targetUrl}`).waitFor();
    await page.getByText('Showing 1 monitor').waitFor();
    // Uptime columns come with the list (from rollups, written a moment after the check).
    const listed = async () =>
      (await api.get<{ items: { uptime?: Record<string, number | null> }[] }>('/api/v1/monitors')).items[0];
    const until = Date.now() + 5000;
    while (state === 'up' && (await listed())?.uptime?.['24h'] == null && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    if ((await listed())?.uptime?.['24h'] === 1) {
      await page.reload();
      await row.getByRole('cell', { name: '100 %' }).first().waitFor();
    }
    // The sparkline comes with the list too: the mean latency of each minute with checks.
    assert.equal(state, 'up', 'the first check ran and passed');
    const sparkline = (await listed()) as { sparkline?: (number | null)[]; sparklinePeriod?: string };
    assert.equal(sparkline.sparklinePeriod, 'm');
    assert.ok((sparkline.sparkline ?? []).length >= 1, 'at least one minute with checks');
    assert.ok(
      (sparkline.sparkline ?? []).every((v) => typeof v === 'number'),
      'no failed minute',
    );
    await page.reload();
    await row
      .getByRole('img', { name: /^Mean latency per minute over the last 30 minutes: \d+ ms to \d+ ms$/ })
      .waitFor();
    await shot('01-list');
    await page.getByRole('combobox', { name: 'Type' }).selectOption('tcp');
    await page.waitForURL(/\?type=tcp$/);
    await page.getByText('No monitors match').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('combobox', { name: 'Service' }).selectOption(service.id);
    await page.waitForURL(new RegExp(`service=${service.id}`));
    await page.getByRole('link', { name, exact: true }).click();
    await heading(name);
  });

  await t.test('the detail page shows status, URLs and pauses', async () => {
    await page.getByRole('region', { name: 'Status' }).getByText('every 10 s', { exact: false }).waitFor();
    await page.getByRole('region', { name: 'Uptime' }).waitFor();
    await page.getByRole('region', { name: 'Latency' }).waitFor();
    const badge = await page.getByLabel('Status badge (SVG)').inputValue();
    assert.match(badge, /\/api\/v1\/badges\/[^/]+\.svg$/);
    // State history: the durable log (newest first) under the recent checks' sparkline.
    const history = page.getByRole('region', { name: 'State history' });
    await history.getByRole('img', { name: /^Latency of the last \d+ checks/ }).waitFor();
    const changes = history.getByRole('list', { name: 'State changes' }).getByRole('listitem');
    await changes.first().getByText('Up', { exact: true }).waitFor();
    await changes
      .first()
      .getByText(/was Pending · HTTP 200/)
      .waitFor();
    await changes.last().getByText('Created', { exact: true }).waitFor();
    await shot('02-detail');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.locator('.page-meta').getByText('Paused', { exact: true }).waitFor();
    assert.equal((await api.get<{ paused: boolean }>(`/api/v1/monitors/${monitorId}`)).paused, true);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await changes.first().getByText('Resumed', { exact: true }).waitFor();
    await changes.nth(1).getByText('Paused', { exact: true }).waitFor();
  });

  await t.test('edits in the dialog (a dependency found by name), clones, deletes the clone', async () => {
    const database = await api.post<{ id: string }>('/api/v1/monitors', {
      name: 'Database port',
      type: 'tcp',
      serviceId: service.id,
      config: { host: '127.0.0.1', port: 1 },
      paused: true,
    });
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
    assert.equal(await dialog.getByLabel('URL', { exact: true }).inputValue(), targetUrl);
    assert.equal(await dialog.getByLabel('Keyword').inputValue(), 'ok');
    await dialog.getByLabel('Retries').fill('2');
    await dialog.getByLabel('Find a monitor to depend on').fill('Database');
    await dialog.getByRole('button', { name: '+ Database port' }).click();
    await dialog.getByRole('button', { name: 'Remove dependency Database port' }).waitFor();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('down after 3 failed checks in a row').waitFor();
    const edited = await api.get<{ retries: number; dependsOn: string[]; config: Record<string, unknown> }>(
      `/api/v1/monitors/${monitorId}`,
    );
    assert.equal(edited.retries, 2);
    assert.deepEqual(edited.dependsOn, [database.id]);
    assert.deepEqual(edited.config.match, {
      kind: 'keyword',
      value: 'ok',
      absent: false,
      caseSensitive: true,
    });
    await page.getByRole('button', { name: 'Clone' }).click();
    await heading(`${name} (copy)`);
    assert.notEqual(page.url().split('/').pop(), monitorId);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: `Delete ${name} (copy)?` })
      .getByRole('button', { name: 'Delete monitor' })
      .click();
    await heading('Monitors');
    await page.getByText('Showing 2 monitors').waitFor();
  });

  await t.test('a bulk import with a bad row creates nothing and marks the row', async () => {
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import monitors' });
    const csv = `name,type,serviceId,url\nGood one,http,${service.id},${targetUrl}\nBad one,http,${service.id},ftp://x`;
    await dialog.getByLabel('JSON or CSV').fill(csv);
    await dialog.getByText('2 CSV rows').waitFor();
    await dialog.getByRole('button', { name: 'Import 2 monitors' }).click();
    await dialog.getByText(/Nothing was imported/).waitFor();
    const bad = dialog.getByRole('row').filter({ hasText: 'Bad one' });
    await bad.locator('.field-error').waitFor();
    await shot('03-import-errors');
    const list = await api.get<{ items: unknown[] }>('/api/v1/monitors');
    assert.equal(list.items.length, 2);
  });

  await t.test('a heartbeat monitor shows the URL a job pings, and a ping makes it up', async (st) => {
    const doc = await api.get<{ paths: Record<string, unknown> }>('/api/openapi.json');
    if (!Object.keys(doc.paths).some((p) => p.startsWith('/api/v1/heartbeat/'))) {
      st.skip('this build has no heartbeat route yet');
      return;
    }
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'New monitor' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New monitor' });
    await dialog.getByLabel('Name', { exact: true }).fill('Nightly backup');
    await dialog.getByLabel('Type').selectOption('heartbeat');
    await dialog.getByLabel('Service', { exact: true }).selectOption({ label: 'Checkout API' });
    await dialog.getByLabel('Every (seconds)').fill('3600');
    assert.equal(await dialog.getByLabel('Timeout (ms)').count(), 0);
    await dialog.getByRole('button', { name: 'Create monitor' }).click();
    await heading('Nightly backup');
    const url = await page.getByLabel('Heartbeat URL').inputValue();
    assert.match(url, /\/api\/v1\/heartbeat\/[^/]+$/);
    assert.equal((await fetch(url)).status, 200);
    const id = page.url().split('/').pop() ?? '';
    const deadline = Date.now() + 5000;
    while (
      (await api.get<{ state: string }>(`/api/v1/monitors/${id}`)).state !== 'up' &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 200));
    await page.reload();
    await page.locator('.page-meta').getByText('Up', { exact: true }).waitFor();
    await shot('04-heartbeat');
  });

  assert.deepEqual(pageErrors, []);
});
