import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { waitForCount } from './browser-support.js';
import { hasRoute, nav, region, type ServicesUi } from './services-support.js';

/** Later steps of the Services browser test; they share one signed-in page, in order. */
interface Service {
  id: string;
  name: string;
}

async function serviceId(ui: ServicesUi, name: string): Promise<string> {
  const page = await ui.api.get<{ items: Service[] }>(`/api/v1/services?q=${encodeURIComponent(name)}`);
  const found = page.items.find((s) => s.name === name);
  assert.ok(found, `service ${name} exists`);
  return found.id;
}

async function openService(ui: ServicesUi, name: string): Promise<void> {
  await ui.page.goto(`${ui.url}/services/${await serviceId(ui, name)}`);
  await ui.heading(name);
}

export async function checkCycle(ui: ServicesUi, name: string): Promise<void> {
  const checkout = await serviceId(ui, name);
  await ui.api.post('/api/v1/services', { name: 'Payments DB', dependsOn: [checkout] });
  await ui.api.post('/api/v1/services', { name: 'Postgres' });
  const deps = region(ui, 'Depends on');
  await deps.getByRole('button', { name: 'Edit dependencies' }).click();
  await deps.getByRole('searchbox', { name: 'Find services to add' }).fill('Payments');
  await deps.getByRole('button', { name: 'Add Payments DB' }).click();
  await deps.getByRole('button', { name: 'Save dependencies' }).click();
  const error = deps.getByRole('alert');
  await error.filter({ hasText: `cycle: ${name} → Payments DB → ${name}` }).waitFor();
  await ui.shot('06-cycle-refused');
  await deps.getByRole('button', { name: 'Remove Payments DB' }).click();
  await waitForCount(deps.getByRole('alert'), 0);
  await deps.getByRole('searchbox', { name: 'Find services to add' }).fill('Postgres');
  await deps.getByRole('button', { name: 'Add Postgres' }).click();
  await deps.getByRole('button', { name: 'Save dependencies' }).click();
  await deps.getByRole('link', { name: 'Postgres' }).waitFor();
  assert.equal(await deps.getByRole('button', { name: 'Save dependencies' }).count(), 0);
}

export async function checkRunbooks(ui: ServicesUi): Promise<void> {
  const card = region(ui, 'Runbook links');
  await card.getByRole('button', { name: 'Add links' }).click();
  await card.getByLabel('Title 1').fill('Restart the workers');
  await card.getByLabel('URL 1').fill('wiki/restart');
  await card.getByRole('button', { name: 'Save links' }).click();
  await card.getByText('Enter a full address starting with https:// or http://.').waitFor();
  assert.equal(await card.getByLabel('URL 1').getAttribute('aria-invalid'), 'true');
  await card.getByLabel('URL 1').fill('https://wiki.example.com/runbooks/restart');
  await card.getByRole('button', { name: 'Save links' }).click();
  const link = card.getByRole('link', { name: 'Restart the workers' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), 'https://wiki.example.com/runbooks/restart');
}

export async function checkEditAndFilter(ui: ServicesUi, name: string): Promise<void> {
  await ui.api.post('/api/v1/teams', { name: 'Payments team' });
  await ui.page.reload();
  await ui.heading(name);
  await ui.page.getByRole('button', { name: 'Edit', exact: true }).click();
  const dialog = ui.page.getByRole('dialog', { name: 'Edit service' });
  await dialog.getByLabel('Owner team (optional)').selectOption({ label: 'Payments team' });
  await dialog.getByLabel('Tier (optional)').selectOption('1');
  await dialog.getByLabel('Description (optional)').fill('Takes card payments for the web shop.');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await ui.page.getByRole('link', { name: 'Payments team' }).waitFor();
  await ui.page.getByText('Tier 1 — critical').waitFor();
  await ui.page.getByText('Takes card payments for the web shop.').waitFor();
  await ui.shot('07-detail');

  await nav(ui, 'Services').click();
  await ui.heading('Services');
  await ui.page.getByText('Showing 3 of 3 services').waitFor();
  await ui.page.getByRole('combobox', { name: 'Owner team' }).selectOption({ label: 'Payments team' });
  await ui.page.getByText('Showing 1 of 1 service').waitFor();
  await ui.page.getByRole('cell', { name: 'Payments team' }).waitFor();
  await ui.page.getByRole('link', { name, exact: true }).waitFor();
  await ui.shot('08-list-filtered');
  await ui.page.getByRole('combobox', { name: 'Owner team' }).selectOption('');
  await ui.page.getByText('Showing 3 of 3 services').waitFor();
}

export async function checkPaging(ui: ServicesUi): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await ui.api.post('/api/v1/services', { name: `Bulk service ${String(i).padStart(2, '0')}` });
  }
  await ui.page.reload();
  await ui.heading('Services');
  await ui.page.getByText('Showing 50 of 53 services').waitFor();
  await ui.page.getByRole('button', { name: 'Load more' }).click();
  await ui.page.getByText('Showing 53 of 53 services').waitFor();
  assert.equal(await ui.page.getByRole('button', { name: 'Load more' }).count(), 0);
  const search = ui.page.getByRole('searchbox', { name: 'Search services by name' });
  await search.fill('Bulk service 1');
  await ui.page.getByText('Showing 10 of 10 services').waitFor();
  await search.fill('no such thing');
  await ui.page.getByText('No services match').waitFor();
  await search.fill('');
  // Back on the unfiltered list, the cached pages (both, after "Load more") are refetched.
  await ui.page.getByText(/Showing (50|53) of 53 services/).waitFor();
}

export async function checkWebhookMapping(ui: ServicesUi, name: string): Promise<void> {
  await openService(ui, name);
  const previewLive = await hasRoute(ui, 'post', '/api/v1/integrations/webhook-preview');
  await region(ui, 'Integrations').getByRole('button', { name: 'Add integration' }).click();
  const dialog = ui.page.getByRole('dialog', { name: 'Add integration' });
  await dialog.getByRole('radio', { name: /Generic webhook/ }).check();
  assert.equal(await dialog.getByLabel('Title', { exact: true }).inputValue(), '$.alert.title');
  await ui.shot('09-webhook-mapping');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  if (previewLive) {
    const event = dialog.getByRole('region', { name: 'Resulting Keel event' });
    await event.getByText('Disk 95% full on db-1', { exact: true }).waitFor();
    await event.getByText('trigger', { exact: true }).waitFor();
    await event.scrollIntoViewIfNeeded();
    await ui.page.screenshot({ path: join(ui.shotsDir, 'services-09b-webhook-preview.png') });
    await dialog.getByLabel('Sample payload').fill('{"alert": {"state": "weird"}}');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByText('This sample would be refused').waitFor();
  } else {
    console.log('# webhook-preview route not on the server yet: checking that the failure shows');
    await dialog.getByText('Could not preview').waitFor();
  }
  await dialog.getByLabel('Sample payload').fill('{not json');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await dialog.getByText(/This is not valid JSON/).waitFor();
  await dialog.getByLabel('Title', { exact: true }).fill('alert.title');
  await dialog.getByRole('button', { name: 'Add integration' }).click();
  await dialog.getByText('Paths start with $, e.g. $.alert.title.').waitFor();
  await dialog.getByLabel('Title', { exact: true }).fill('$.alert.title');
  await dialog.getByRole('button', { name: 'Add integration' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const card = region(ui, 'Generic webhook');
  await card.getByRole('button', { name: 'Edit mapping' }).waitFor();
  const saved = await ui.api.get<{ items: { type: string; config: { mapping?: unknown } }[] }>(
    `/api/v1/services/${await serviceId(ui, name)}/integrations`,
  );
  const webhook = saved.items.find((i) => i.type === 'webhook');
  assert.deepEqual(webhook?.config.mapping, {
    title: '$.alert.title',
    dedupKey: '$.alert.id',
    action: { path: '$.alert.state', map: { firing: 'trigger', ok: 'resolve' } },
  });
}

export async function checkDarkTheme(ui: ServicesUi, name: string): Promise<void> {
  await ui.page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await ui.page.locator('html').getAttribute('data-theme'), 'dark');
  await ui.heading(name);
  await ui.shot('10-detail-dark');
  await nav(ui, 'Services').click();
  await ui.heading('Services');
  await ui.page.getByText(/Showing (50|53) of 53 services/).waitFor();
  await ui.page.getByRole('searchbox', { name: 'Search services by name' }).fill('p');
  await ui.page.getByText('Showing 3 of 3 services').waitFor();
  await ui.shot('11-list-dark');
  await ui.page.getByRole('searchbox', { name: 'Search services by name' }).fill('');
}

/** On a phone-sized screen nothing scrolls sideways: the page is no wider than the viewport. */
export async function checkNarrowScreen(ui: ServicesUi, name: string): Promise<void> {
  await ui.page.setViewportSize({ width: 390, height: 844 });
  try {
    await openService(ui, name);
    const overflow = await ui.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await ui.page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
    );
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen: ${wide.join(', ')}`);
    await ui.shot('13-detail-phone');
  } finally {
    await ui.page.setViewportSize({ width: 1280, height: 860 });
  }
}

export async function checkReadOnly(ui: ServicesUi, browser: Browser, name: string): Promise<void> {
  const viewer = {
    name: 'Vic Viewer',
    email: 'vic@example.com',
    role: 'viewer',
    password: 'viewer password 1',
  };
  await ui.api.post('/api/v1/users', viewer);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  try {
    const login = await context.request.post(`${ui.url}/api/v1/auth/login`, {
      data: { email: viewer.email, password: viewer.password },
    });
    assert.equal(login.status(), 200);
    const page = await context.newPage();
    await page.goto(`${ui.url}/services`);
    await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search services by name' }).fill(name);
    assert.equal(await page.getByRole('button', { name: 'New service' }).count(), 0);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('region', { name: 'Prometheus Alertmanager' }).getByLabel('URL').waitFor();
    for (const button of [
      'Add integration',
      'Edit',
      'Delete',
      'Rotate key',
      'Edit dependencies',
      'Save settings',
    ])
      assert.equal(await page.getByRole('button', { name: button, exact: true }).count(), 0, button);
    assert.equal(await page.getByLabel('Window (minutes)').isDisabled(), true);
    await page.screenshot({ path: join(ui.shotsDir, 'services-12-viewer.png'), fullPage: true });
  } finally {
    await context.close();
  }
}

export async function checkDeleteService(ui: ServicesUi): Promise<void> {
  await openService(ui, 'Postgres');
  await ui.page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = ui.page.getByRole('dialog', { name: 'Delete Postgres?' });
  await dialog.getByRole('button', { name: 'Delete service' }).click();
  await ui.heading('Services');
  await ui.page.getByRole('searchbox', { name: 'Search services by name' }).fill('Postgres');
  await ui.page.getByText('No services match').waitFor();
}
