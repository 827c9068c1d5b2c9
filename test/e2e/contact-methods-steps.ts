import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { HttpListener } from '../helpers/http-listener.js';
import { waitForCount } from './browser-support.js';
import { nav, type Api } from './services-support.js';

/** The steps of the contact methods browser test; they share one signed-in page, in order. */
export interface ContactUi {
  page: Page;
  url: string;
  api: Api;
  shotsDir: string;
  /** Answers 200; the webhook method points here. */
  good: HttpListener;
  /** Answers 404; the Slack method points here. */
  bad: HttpListener;
  shot(name: string): Promise<void>;
  heading(text: string): Promise<void>;
}

interface Rules {
  high: { contactMethodId: string; delayMinutes: number }[];
  low: { contactMethodId: string; delayMinutes: number }[];
  isDefault: boolean;
}

const region = (ui: ContactUi, name: string) => ui.page.getByRole('region', { name, exact: true });
const secret = 'a signing secret that is long enough';

async function addMethod(
  ui: ContactUi,
  type: string,
  name: string,
  fill: Record<string, string>,
): Promise<void> {
  const methods = region(ui, 'Contact methods');
  await methods.getByRole('button', { name: 'Add contact method' }).click();
  const dialog = ui.page.getByRole('dialog', { name: 'Add a contact method' });
  await dialog.getByLabel('Type').selectOption({ label: type });
  await dialog.getByLabel('Name').fill(name);
  for (const [label, value] of Object.entries(fill))
    await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Add contact method' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await methods.getByText(name, { exact: true }).waitFor();
}

export async function checkAddAndTest(ui: ContactUi): Promise<void> {
  const { page } = ui;
  await page.goto(`${ui.url}/`);
  await ui.heading('Home');
  await nav(ui, 'Account').click();
  await ui.heading('Account');
  const methods = region(ui, 'Contact methods');
  await methods.getByText('Keel cannot reach you yet').waitFor();
  await ui.shot('01-empty');

  // A missing field is caught before any request.
  await methods.getByRole('button', { name: 'Add contact method' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a contact method' });
  await dialog.getByLabel('Type').selectOption({ label: 'Webhook' });
  await dialog.getByRole('button', { name: 'Add contact method' }).click();
  await dialog.getByText('URL is required.').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await addMethod(ui, 'Webhook', 'My endpoint', { URL: `${ui.good.url}/hook`, 'Signing secret': secret });
  assert.ok(!(await page.content()).includes(secret), 'the secret is never shown again');

  await methods.getByRole('button', { name: 'Send test notification to My endpoint' }).click();
  await methods.getByText(/Test sent \(status 200\) in \d+ ms/).waitFor();
  assert.equal(ui.good.requests.length, 1);
  assert.ok(ui.good.requests[0]?.headers['idempotency-key'], 'the test carries an idempotency key');

  await addMethod(ui, 'Slack', 'Team Slack', { 'Incoming webhook URL': `${ui.bad.url}/services/T/B/X` });
  await methods.getByRole('button', { name: 'Send test notification to Team Slack' }).click();
  await methods.getByText('The test notification failed').waitFor();
  await methods.getByText(/status 404/).waitFor();
  assert.equal(ui.bad.requests.length, 1, 'a 404 is final: no retry');
  await ui.shot('02-tested');
}

export async function checkRules(ui: ContactUi): Promise<void> {
  const rules = region(ui, 'Notification rules');
  const methods = await ui.api.get<{ items: { id: string; label: string }[] }>(
    '/api/v1/users/me/contact-methods',
  );
  const hook = methods.items.find((m) => m.label === 'My endpoint');
  assert.ok(hook);
  await rules.getByRole('button', { name: '+ Add rule' }).first().click();
  const rows = rules.locator('fieldset').first().locator('li.window-row');
  const last = (await rows.count()) - 1;
  await rules.getByLabel(`High ${last + 1}: notify`).selectOption({ label: 'My endpoint' });
  await rows.nth(last).getByLabel('after (minutes)').fill('2');
  await rules.getByRole('button', { name: 'Save rules' }).click();
  await rules.getByText('Saved.').waitFor();
  const saved = await ui.api.get<Rules>('/api/v1/users/me/notification-rules');
  assert.equal(saved.isDefault, false);
  assert.ok(saved.high.some((r) => r.contactMethodId === hook.id && r.delayMinutes === 2));
}

export async function checkEditAndDelete(ui: ContactUi): Promise<void> {
  const { page } = ui;
  const methods = region(ui, 'Contact methods');
  await methods.getByRole('button', { name: 'Edit My endpoint' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit My endpoint' });
  // A webhook's settings are all secret: blank, meaning "keep".
  assert.equal(await dialog.getByLabel('URL', { exact: true }).inputValue(), '');
  assert.equal(await dialog.getByLabel('Signing secret', { exact: true }).inputValue(), '');
  await dialog.getByLabel('Name').fill('Ops endpoint');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await methods.getByText('Ops endpoint', { exact: true }).waitFor();
  // The settings were kept: the renamed method still delivers.
  await methods.getByRole('button', { name: 'Send test notification to Ops endpoint' }).click();
  await methods.getByText(/Test sent \(status 200\)/).waitFor();
  assert.equal(ui.good.requests.length, 2);

  // Public settings are pre-filled; a changed one is merged, the secret topic and token kept.
  await addMethod(ui, 'ntfy', 'Phone push', {
    'Server URL': `${ui.good.url}/ntfy`,
    Topic: 'keel-secret-topic-42',
    'Access token (optional)': 'tk_e2e_token_secret',
  });
  await methods.getByRole('button', { name: 'Edit Phone push' }).click();
  const push = page.getByRole('dialog', { name: 'Edit Phone push' });
  assert.equal(await push.getByLabel('Server URL', { exact: true }).inputValue(), `${ui.good.url}/ntfy`);
  assert.equal(await push.getByLabel('Topic', { exact: true }).inputValue(), '');
  assert.ok(!(await page.content()).includes('keel-secret-topic-42'), 'the topic is never shown again');
  await push.getByLabel('Server URL', { exact: true }).fill(`${ui.good.url}/ntfy2`);
  await push.getByRole('button', { name: 'Save' }).click();
  await push.waitFor({ state: 'hidden' });
  const listed = await ui.api.get<{ items: { label: string; config: Record<string, unknown> }[] }>(
    '/api/v1/users/me/contact-methods',
  );
  assert.deepEqual(listed.items.find((m) => m.label === 'Phone push')?.config, {
    serverUrl: `${ui.good.url}/ntfy2`,
  });
  await methods.getByRole('button', { name: 'Delete Phone push' }).click();
  await page
    .getByRole('dialog', { name: 'Delete Phone push?' })
    .getByRole('button', { name: 'Delete contact method' })
    .click();
  await methods.getByText('Phone push', { exact: true }).waitFor({ state: 'hidden' });

  await methods.getByRole('button', { name: 'Delete Team Slack' }).click();
  await page
    .getByRole('dialog', { name: 'Delete Team Slack?' })
    .getByRole('button', { name: 'Delete contact method' })
    .click();
  await waitForCount(methods.getByRole('list', { name: 'Contact methods' }).locator(':scope > li'), 1);
  await ui.shot('03-edited');
}

export async function checkDeliveriesLog(ui: ContactUi): Promise<void> {
  const { page } = ui;
  await nav(ui, 'Deliveries').click();
  await ui.heading('Deliveries');
  const rows = page.getByRole('table', { name: 'Notifications' }).locator('tbody tr[data-notification]');
  await waitForCount(rows, 3);
  await page.locator('tr.row-failed[data-status="failed"]').first().waitFor();
  await page.getByRole('link', { name: 'Failed', exact: true }).click();
  await waitForCount(rows, 1);
  await page.getByRole('button', { name: 'Failed: show attempts' }).click();
  await page
    .getByRole('list', { name: 'Attempts' })
    .getByText(/status 404/)
    .waitFor();

  // Channel and day filters, kept in the URL and applied by the server.
  await page.getByRole('link', { name: 'All', exact: true }).click();
  await waitForCount(rows, 3);
  await page.getByLabel('Channel').selectOption({ label: 'Webhook' });
  await waitForCount(rows, 2);
  assert.match(page.url(), /channel=webhook/);
  const pad = (n: number) => String(n).padStart(2, '0');
  const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const today = localDay(new Date());
  await page.getByLabel('From').fill(today);
  await page.getByLabel('To').fill(today);
  await waitForCount(rows, 2);
  assert.match(page.url(), new RegExp(`from=${today}.*to=${today}|to=${today}.*from=${today}`));
  const tomorrow = localDay(new Date(Date.now() + 86_400_000));
  await page.getByLabel('To').fill(tomorrow);
  await page.getByLabel('From').fill(tomorrow);
  await page.getByText('Nothing matches this channel and these days.').waitFor();
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await waitForCount(rows, 3);
  await ui.shot('04-deliveries');
}
