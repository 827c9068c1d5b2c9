import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { waitForCount } from './browser-support.js';
import { nav, type Api } from './services-support.js';

/** The steps of the incident categories browser test; they share one signed-in page, in order. */
export interface CategoriesUi {
  page: Page;
  url: string;
  api: Api;
  shotsDir: string;
  shot(name: string): Promise<void>;
  heading(text: string): Promise<void>;
}

interface Category {
  id: string;
  label: string;
  archived: boolean;
}
interface IncidentView {
  id: string;
  number: number;
  title: string;
  category: string | null;
}

const defaults = [
  'Software bug',
  'Hardware failure',
  'Data corruption',
  'Performance',
  'Configuration',
  'Security',
  'Data integration',
  'Other',
];

const rows = (ui: CategoriesUi) =>
  ui.page.getByRole('table', { name: 'Incident categories' }).locator('tbody tr');
const row = (ui: CategoriesUi, id: string) => ui.page.locator(`tr[data-category="${id}"]`);

/** The labels as the table shows them, top to bottom. */
async function shownLabels(ui: CategoriesUi): Promise<string[]> {
  return (await rows(ui).locator('td:nth-child(2) > span:first-child').allTextContents()).map((t) =>
    t.trim(),
  );
}

async function serverOrder(ui: CategoriesUi): Promise<Category[]> {
  return (await ui.api.get<{ items: Category[] }>('/api/v1/incident-categories?includeArchived=true')).items;
}

/** Polls the server until `check` holds (a mutation's answer may land after the click returns). */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  let v = await read();
  while (!check(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  assert.ok(check(v), `${what}: ${JSON.stringify(v)}`);
  return v;
}

export async function checkSettingsPage(ui: CategoriesUi): Promise<void> {
  const { page } = ui;
  await page.goto(`${ui.url}/`);
  await ui.heading('Home');
  await nav(ui, 'Incident categories').click();
  await ui.heading('Incident categories');
  await waitForCount(rows(ui), 8);
  assert.deepEqual(await shownLabels(ui), defaults);
  await row(ui, 'data_integration').getByText('data_integration', { exact: true }).waitFor();
  await ui.shot('01-defaults');
}

export async function checkAddRenameReorderArchive(ui: CategoriesUi): Promise<void> {
  const { page } = ui;
  const add = page.getByRole('region', { name: 'Add a category' });

  // The server refuses a label that is taken; the message sits under the field.
  await add.getByLabel('Label').fill('security');
  await add.getByRole('button', { name: 'Add category' }).click();
  await add
    .locator('.field-error')
    .getByText(/already the label of security/)
    .waitFor();
  assert.equal(await add.getByLabel('Label').getAttribute('aria-invalid'), 'true');

  await add.getByLabel('Label').fill('Capacity planning');
  await add.getByLabel('Description').fill('Disks, quotas, instance limits');
  await add.getByRole('button', { name: 'Add category' }).click();
  await add.getByText('Added “Capacity planning”.').waitFor();
  await waitForCount(rows(ui), 9);
  await row(ui, 'capacity_planning').getByText('Disks, quotas, instance limits').waitFor();
  assert.deepEqual((await shownLabels(ui)).at(-1), 'Capacity planning');

  // Up past "Other": the order is the server's after a reload too.
  await page.getByRole('button', { name: 'Move Capacity planning up' }).click();
  await eventually(
    () => serverOrder(ui),
    (list) => list.at(-2)?.id === 'capacity_planning',
    'moved up on the server',
  );
  await page.reload();
  await ui.heading('Incident categories');
  await waitForCount(rows(ui), 9);
  assert.deepEqual((await shownLabels(ui)).slice(-2), ['Capacity planning', 'Other']);
  assert.ok(await page.getByRole('button', { name: 'Move Software bug up' }).isDisabled());

  // Rename: the id stays.
  await page.getByRole('button', { name: 'Rename Capacity planning' }).click();
  const edit = page.getByRole('form', { name: 'Rename Capacity planning' });
  await edit.getByLabel('Label').fill('Performance');
  await edit.getByRole('button', { name: 'Save' }).click();
  await edit
    .locator('.field-error')
    .getByText(/already the label of performance/)
    .waitFor();
  await edit.getByLabel('Label').fill('Capacity');
  await edit.getByRole('button', { name: 'Save' }).click();
  await row(ui, 'capacity_planning').getByText('Capacity', { exact: true }).waitFor();

  // An incident that already has Hardware failure keeps it once that is archived.
  await ui.api.post('/api/v1/incidents', { title: 'Disk controller died', category: 'hardware_failure' });
  await page.getByRole('button', { name: 'Archive Hardware failure' }).click();
  await row(ui, 'hardware_failure').getByText('Archived', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Unarchive Hardware failure' }).waitFor();
  const archived = await eventually(
    () => serverOrder(ui),
    (list) => list.find((c) => c.id === 'hardware_failure')?.archived === true,
    'archived on the server',
  );
  assert.equal(archived.length, 9, 'archiving removes nothing');
  await ui.shot('02-edited');
}

export async function checkIncidentPicksCategory(ui: CategoriesUi): Promise<void> {
  const { page } = ui;
  const incident = await ui.api.post<IncidentView>('/api/v1/incidents', { title: 'Queue backlog growing' });
  await page.goto(`${ui.url}/incidents/${incident.number}`);
  await ui.heading(`#${incident.number} ${incident.title}`);
  const classification = page.getByRole('region', { name: 'Classification' });
  const select = classification.getByLabel('Category');
  // Options come from the server: the new one, renamed; not the archived one.
  await select.locator('option', { hasText: 'Capacity' }).waitFor({ state: 'attached' });
  const options = (await select.locator('option').allTextContents()).map((t) => t.trim());
  assert.deepEqual(options, [
    'None',
    'Software bug',
    'Data corruption',
    'Performance',
    'Configuration',
    'Security',
    'Data integration',
    'Capacity',
    'Other',
  ]);
  await select.selectOption({ label: 'Capacity' });
  await classification.getByRole('button', { name: 'Save classification' }).click();
  await classification.getByText('Saved.').waitFor();
  await page.getByRole('region', { name: 'Details' }).getByText('Capacity', { exact: true }).waitFor();
  await page.locator('.timeline-entry[data-kind="updated"]').getByText('Capacity').waitFor();
  const saved = await ui.api.get<IncidentView>(`/api/v1/incidents/${incident.id}`);
  assert.equal(saved.category, 'capacity_planning');
  await ui.shot('03-incident');

  // The incident with the archived category shows it, marked, and may keep it.
  const list = await ui.api.get<{ items: IncidentView[] }>('/api/v1/incidents?limit=100');
  const old = list.items.find((i) => i.title === 'Disk controller died');
  assert.ok(old);
  await page.goto(`${ui.url}/incidents/${old.number}`);
  await ui.heading(`#${old.number} ${old.title}`);
  const oldSelect = page.getByRole('region', { name: 'Classification' }).getByLabel('Category');
  await page
    .getByRole('region', { name: 'Details' })
    .getByText('Hardware failure (archived)', { exact: true })
    .waitFor();
  assert.equal(await oldSelect.inputValue(), 'hardware_failure');
  assert.ok(
    (await oldSelect.locator('option').allTextContents()).includes('Hardware failure (archived)'),
    'the archived category is offered only where it is already set',
  );
}
