import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { waitForCount } from './browser-support.js';
import { nav, type Api } from './services-support.js';

/** The steps of the routing browser test (silences, rules, maintenance); they share one page, in order. */
export interface RoutingUi {
  page: Page;
  url: string;
  api: Api;
  ingestKey: string;
  serviceId: string;
  shotsDir: string;
  shot(name: string): Promise<void>;
  heading(text: string): Promise<void>;
}

interface AlertView {
  id: string;
  dedupKey: string;
  suppressed: boolean;
  suppression: { kind: string; name: string } | null;
  incidentId: string | null;
}

async function trigger(ui: RoutingUi, dedupKey: string, labels: Record<string, string>): Promise<AlertView> {
  await ui.api.post(
    `/api/v1/ingest/${ui.ingestKey}`,
    { action: 'trigger', dedupKey, summary: `Disk filling on ${dedupKey}`, severity: 'warning', labels },
    202,
  );
  const page = await ui.api.get<{ items: AlertView[] }>(`/api/v1/alerts?limit=100`);
  const found = page.items.find((a) => a.dedupKey === dedupKey);
  assert.ok(found, `alert ${dedupKey} exists`);
  return found;
}

const dialog = (ui: RoutingUi, name: string) => ui.page.getByRole('dialog', { name });

export async function checkEmptyStates(ui: RoutingUi): Promise<void> {
  const { page } = ui;
  await page.goto(`${ui.url}/`);
  await nav(ui, 'Silences').click();
  await ui.heading('Silences');
  await page.getByText('No active silences').waitFor();
  await page.getByText(/use “Silence similar” on an alert/).waitFor();
  await nav(ui, 'Maintenance').click();
  await ui.heading('Maintenance');
  await page.getByText('No scheduled maintenance').waitFor();
  await nav(ui, 'Routing rules').click();
  await ui.heading('Routing rules');
  await page.getByText('No global rules').waitFor();
  await ui.shot('01-rules-empty');
}

/**
 * "Silence similar" on a paged alert (its labels prefilled), an inline error from the server for a
 * bad regex, the silence listed; a new alert like it is recorded as silenced and opens no incident;
 * expiring the silence moves it to Expired and the alert says so.
 */
export async function checkSilenceFromAlert(ui: RoutingUi): Promise<void> {
  const { page } = ui;
  const paged = await trigger(ui, 'db-1', { env: 'staging', team: 'db' });
  assert.ok(paged.incidentId, 'before the silence, the alert pages');
  await page.goto(`${ui.url}/alerts/${paged.id}`);
  await ui.heading('Disk filling on db-1');
  await page.getByRole('button', { name: 'Silence similar' }).click();
  const d = dialog(ui, 'New silence');
  assert.equal(await d.getByLabel('Label 1', { exact: true }).inputValue(), 'env');
  assert.equal(await d.getByLabel('Value 1', { exact: true }).inputValue(), 'staging');
  assert.equal(await d.getByLabel('Label 2', { exact: true }).inputValue(), 'team');
  assert.equal(
    await d.getByLabel('Service', { exact: true }).locator('option:checked').textContent(),
    'Checkout API',
  );

  // The server refuses an invalid regex; the message lands on the value it is about.
  await d.getByRole('button', { name: '+ Add matcher' }).click();
  await d.getByLabel('Label 3', { exact: true }).fill('source');
  await d.getByLabel('Operator 3').selectOption('=~');
  await d.getByLabel('Value 3', { exact: true }).fill('(unclosed');
  await d.getByLabel('Comment').fill('Staging DB migration');
  await d.getByLabel('Duration').selectOption({ label: '4 hours' });
  await d.getByRole('button', { name: 'Create silence' }).click();
  const value3 = d.getByLabel('Value 3', { exact: true });
  await page.waitForFunction(
    () => document.querySelector('[name="matchers.2.value"]')?.getAttribute('aria-invalid') === 'true',
  );
  const describedBy = (await value3.getAttribute('aria-describedby')) ?? '';
  assert.ok(describedBy.includes('error'), 'the error is announced with the field');
  await ui.shot('02-silence-error');
  await d.getByRole('button', { name: 'Remove matcher 3' }).click();
  await d.getByRole('button', { name: 'Create silence' }).click();
  await page.waitForURL(/\/silences$/);
  await ui.heading('Silences');
  const row = page.locator('tr', { hasText: 'Staging DB migration' });
  await row.getByText('env = staging').waitFor();
  await row.getByText('Olive Owner').waitFor();
  await ui.shot('03-silences');

  // A new alert like it is recorded, silenced, and pages nobody.
  const quiet = await trigger(ui, 'db-2', { env: 'staging', team: 'db' });
  assert.equal(quiet.suppressed, true);
  assert.equal(quiet.incidentId, null);
  await page.goto(`${ui.url}/alerts?suppressed=true`);
  await ui.heading('Alerts');
  const alertRows = page.locator('table.alert-table tbody tr');
  await waitForCount(alertRows, 1);
  await alertRows.getByText('Silenced').waitFor();
  await alertRows.getByRole('link', { name: 'Disk filling on db-2' }).click();
  await ui.heading('Disk filling on db-2');
  const paging = page.getByRole('region', { name: 'Paging' });
  await paging.getByText('Not paged.').waitFor();
  await paging.getByRole('link', { name: '“Staging DB migration”' }).waitFor();
  await paging.getByText(/ends in/).waitFor();
  await ui.shot('04-alert-silenced');

  await paging.getByRole('link', { name: '“Staging DB migration”' }).click();
  await ui.heading('Silences');
  await row.getByRole('button', { name: /Expire silence/ }).click();
  await dialog(ui, 'Expire this silence?').getByRole('button', { name: 'Expire silence' }).click();
  await page.getByText('No active silences').waitFor();
  await page
    .getByRole('navigation', { name: 'Silence state' })
    .getByRole('link', { name: 'Expired' })
    .click();
  await page.waitForURL(/state=expired/);
  await row.waitFor();
  assert.equal(await row.getByRole('button', { name: /Expire/ }).count(), 0, 'nothing to expire twice');
  await page.goto(`${ui.url}/alerts/${quiet.id}`);
  await page.getByRole('region', { name: 'Paging' }).getByText('(since expired)').waitFor();
}

/**
 * A global rule built in the UI: a label condition (a bad regex first, refused inline), suppress;
 * an alert it matches is suppressed by it; a second rule moves above it and stays there.
 */
export async function checkGlobalRule(ui: RoutingUi): Promise<void> {
  const { page } = ui;
  await page.goto(`${ui.url}/routing-rules`);
  await ui.heading('Routing rules');
  await page.getByRole('button', { name: 'New rule' }).click();
  const d = dialog(ui, 'New routing rule');
  await d.getByRole('button', { name: 'Create rule' }).click();
  await d.getByText('Name is required.').waitFor();
  await d.getByLabel('Name', { exact: true }).fill('Drop QA noise');
  await d.getByRole('button', { name: '+ Add condition' }).click();
  await d.getByLabel('Field 1').selectOption('label');
  await d.getByLabel('Label name 1').fill('env');
  await d.getByLabel('Operator 1').selectOption('matches');
  await d.getByLabel('Value 1').fill('qa[');
  await d.getByLabel('Suppress: record the alert but page nobody').check();
  await d.getByRole('button', { name: 'Create rule' }).click();
  await page.waitForFunction(
    () => document.querySelector('[name="conditions.0.value"]')?.getAttribute('aria-invalid') === 'true',
  );
  await ui.shot('05-rule-error');
  await d.getByLabel('Operator 1').selectOption('equals');
  await d.getByLabel('Value 1').fill('qa');
  await d.getByRole('button', { name: 'Create rule' }).click();
  await d.waitFor({ state: 'detached' });
  const rules = page.locator('.rule-list > li');
  await waitForCount(rules, 1);
  await rules.getByText('When Label env equals “qa”').waitFor();
  await rules.getByText('Suppresses').waitFor();

  const noisy = await trigger(ui, 'qa-1', { env: 'qa' });
  assert.equal(noisy.suppressed, true);
  assert.deepEqual(noisy.suppression && [noisy.suppression.kind, noisy.suppression.name], [
    'rule',
    'Drop QA noise',
  ]);
  await page.goto(`${ui.url}/alerts/${noisy.id}`);
  const paging = page.getByRole('region', { name: 'Paging' });
  await paging.getByText('Suppressed by routing rule').waitFor();
  await paging.getByRole('link', { name: 'Drop QA noise' }).first().waitFor();

  // A second rule, moved above the first; the order holds after a reload. Switched off, it says so.
  await page.goto(`${ui.url}/routing-rules`);
  await page.getByRole('button', { name: 'New rule' }).click();
  await d.getByLabel('Name', { exact: true }).fill('Critical is P1');
  await d.getByRole('button', { name: '+ Add condition' }).click();
  await d.getByLabel('Value 1').fill('critical');
  await d.getByLabel('Set priority').selectOption('P1');
  await d.getByRole('button', { name: 'Create rule' }).click();
  await d.waitFor({ state: 'detached' });
  await waitForCount(rules, 2);
  await page.getByRole('button', { name: 'Move Critical is P1 up' }).click();
  await rules.first().getByText('Critical is P1').waitFor();
  await page.reload();
  await rules.first().getByText('Critical is P1').waitFor();
  await page.getByRole('checkbox', { name: 'Enabled: Critical is P1' }).uncheck();
  await rules.first().getByText('Off', { exact: true }).waitFor();
  const listed = await ui.api.get<{ items: { name: string; enabled: boolean }[] }>(
    '/api/v1/routing-rules?service=global',
  );
  assert.deepEqual(
    listed.items.map((r) => [r.name, r.enabled]),
    [
      ['Critical is P1', false],
      ['Drop QA noise', true],
    ],
  );
  await ui.shot('06-rules');
}

/** A weekly window in Europe/Berlin: its next occurrence at 02:00 Berlin time, on the service's page too. */
export async function checkRecurringMaintenance(ui: RoutingUi): Promise<void> {
  const { page } = ui;
  await page.goto(`${ui.url}/maintenance`);
  await ui.heading('Maintenance');
  await page.getByRole('button', { name: 'Schedule maintenance' }).first().click();
  const d = dialog(ui, 'Schedule maintenance');
  await d.getByRole('button', { name: 'Schedule', exact: true }).click();
  await d.getByText('Pick at least one service.').waitFor();
  await d.getByLabel('Title').fill('Weekly DB patching');
  await d.getByRole('checkbox', { name: 'Checkout API' }).check();
  await d.getByRole('radio', { name: 'Recurring' }).check();
  await d.getByLabel('Time zone').selectOption('Europe/Berlin');
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await d.getByLabel('First starts at').fill(`${day}T02:00`);
  await d.getByLabel('First ends at').fill(`${day}T04:00`);
  await d.getByLabel('Repeats').selectOption('weekly');
  await ui.shot('07-maintenance-form');
  await d.getByRole('button', { name: 'Schedule', exact: true }).click();
  await d.waitFor({ state: 'detached' });
  const row = page.locator('tr', { hasText: 'Weekly DB patching' });
  await row.getByText('Every week').waitFor();
  await row.getByText('Scheduled').waitFor();
  await row.getByText(/Europe\/Berlin/).waitFor();
  const saved = await ui.api.get<{
    items: { startsAt: string; timeZone: string; recurrence: { frequency: string } | null }[];
  }>('/api/v1/maintenance-windows?state=scheduled');
  assert.equal(saved.items.length, 1);
  assert.equal(saved.items[0]!.timeZone, 'Europe/Berlin');
  assert.equal(saved.items[0]!.recurrence?.frequency, 'weekly');
  const berlin = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(saved.items[0]!.startsAt));
  assert.equal(berlin, '02:00', 'the start is 02:00 in Berlin, whatever the browser’s zone');
  await ui.shot('08-maintenance');

  await page.goto(`${ui.url}/services/${ui.serviceId}`);
  await ui.heading('Checkout API');
  await page.getByRole('region', { name: 'Maintenance' }).getByText('Weekly DB patching').waitFor();
  await page.getByRole('region', { name: 'Routing rules' }).getByText('No rules for this service').waitFor();
  await ui.shot('09-service');
}

export async function checkDark(ui: RoutingUi): Promise<void> {
  const { page } = ui;
  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await ui.shot('10-service-dark');
  await nav(ui, 'Routing rules').click();
  await page.locator('.rule-list > li').first().waitFor();
  await ui.shot('11-rules-dark');
  await page.getByRole('button', { name: 'Edit Drop QA noise' }).click();
  await dialog(ui, 'Edit routing rule').getByLabel('Name', { exact: true }).waitFor();
  await ui.shot('12-rule-form-dark');
  await page.keyboard.press('Escape');
  await page.goto(`${ui.url}/silences?state=expired`);
  await page.locator('tr', { hasText: 'Staging DB migration' }).waitFor();
  await ui.shot('13-silences-dark');
  await page.getByRole('button', { name: 'Dark theme' }).click();
}
