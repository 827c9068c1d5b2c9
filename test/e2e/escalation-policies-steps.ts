import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { HttpListener } from '../helpers/http-listener.js';
import { waitForCount } from './browser-support.js';
import { nav, type Api } from './services-support.js';

/** The steps of the escalation policies browser test; they share one signed-in page, in order. */
export interface EscalationUi {
  page: Page;
  url: string;
  api: Api;
  shotsDir: string;
  /** Receives the webhook subscription's test ping. */
  listener: HttpListener;
  state: { serviceId?: string };
  shot(name: string): Promise<void>;
  heading(text: string): Promise<void>;
}

interface Policy {
  id: string;
  name: string;
  isDefault: boolean;
  levels: { delayMinutes: number; targets: { type: string; id: string }[] }[];
}

const region = (ui: EscalationUi, name: string) => ui.page.getByRole('region', { name, exact: true });
const warning = 'Nobody would be paged for a new incident on this service';

export async function checkPagingWarning(ui: EscalationUi): Promise<void> {
  const { page } = ui;
  const service = await ui.api.post<{ id: string }>('/api/v1/services', { name: 'Checkout' });
  ui.state.serviceId = service.id;
  await page.goto(`${ui.url}/services/${service.id}`);
  await ui.heading('Checkout');
  const paging = region(ui, 'Paging');
  await paging.getByText(warning).waitFor();
  await paging.getByText(/names no escalation policy and there is no default policy/).waitFor();
  await paging.getByRole('link', { name: 'Create an escalation policy' }).waitFor();
  await ui.shot('01-warning');
  // The services list says it too, for every service at once.
  await nav(ui, 'Services').click();
  await ui.heading('Services');
  await page.getByText('Nobody is paged for any service yet').waitFor();
}

export async function checkCreatePolicy(ui: EscalationUi): Promise<void> {
  const { page } = ui;
  await nav(ui, 'Escalation policies').click();
  await ui.heading('Escalation policies');
  await page.getByText('No escalation policies yet: nobody is paged').waitFor();
  await page.getByRole('button', { name: 'New policy' }).click();
  const dialog = page.getByRole('dialog', { name: 'New escalation policy' });
  await dialog.getByLabel('Name').fill('Checkout on-call');
  await dialog.getByRole('button', { name: 'Create policy' }).click();
  await dialog.getByText('Add at least one target.').waitFor();

  await dialog.getByLabel('Add to level 1').selectOption('user');
  await dialog.getByRole('searchbox', { name: 'Find a person for level 1' }).fill('Olive');
  await dialog.getByRole('button', { name: 'Add Olive Owner' }).click();
  await dialog.getByRole('list', { name: 'Level 1 targets' }).getByText('Olive Owner').waitFor();
  await dialog.getByLabel(/Then wait \(minutes\)/).fill('5');
  await dialog.getByRole('button', { name: 'Create policy' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const card = page.locator('li[data-policy]');
  await card.getByText('Default', { exact: true }).waitFor();
  await card.getByText('Olive Owner').waitFor();
  await card.getByText('— then wait 5 min').waitFor();
  const list = await ui.api.get<{ items: Policy[] }>('/api/v1/escalation-policies');
  assert.equal(list.items.length, 1);
  assert.equal(list.items[0]?.isDefault, true, 'the first policy becomes the default');
  assert.deepEqual(
    list.items[0]?.levels.map((l) => l.delayMinutes),
    [5],
  );
  await ui.shot('02-policy');

  // The service uses the default; the owner has no contact method yet, so still nobody.
  await page.goto(`${ui.url}/services/${ui.state.serviceId}`);
  const paging = region(ui, 'Paging');
  await paging.getByRole('link', { name: 'Checkout on-call' }).waitFor();
  await paging.getByText(warning).waitFor();
  await paging.getByText('(no contact method)').waitFor();
  await ui.api.post('/api/v1/users/me/contact-methods', {
    type: 'email',
    label: 'Work mail',
    config: { address: 'olive@example.com' },
  });
  await page.reload();
  await ui.heading('Checkout');
  await paging.getByRole('list', { name: 'Who would be paged now' }).getByText('Olive Owner').waitFor();
  assert.equal(await paging.getByText(warning).count(), 0, 'no warning once someone is reachable');
  await ui.shot('03-paged');
}

export async function checkWebhooks(ui: EscalationUi): Promise<void> {
  const { page } = ui;
  await nav(ui, 'Webhooks').click();
  await ui.heading('Webhooks');
  await page.getByText('No webhook subscriptions').waitFor();
  await page.getByRole('button', { name: 'New subscription' }).click();
  const dialog = page.getByRole('dialog', { name: 'New webhook subscription' });
  await dialog.getByLabel('URL').fill(`${ui.listener.url}/keel-events`);
  await dialog.getByRole('button', { name: 'Create subscription' }).click();
  const created = page.getByRole('dialog', { name: 'Subscription created' });
  const secret = await created.getByLabel('Signing secret').inputValue();
  assert.ok(secret.length >= 16, 'the signing secret is shown once');
  await created.getByRole('button', { name: 'Done' }).click();

  const card = page.locator('li[data-subscription]');
  await card.getByText(`${ui.listener.url}/keel-events`).waitFor();
  assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
  await card.getByRole('button', { name: /Send a test ping/ }).click();
  await card.getByText(/Ping delivered \(status 200\)/).waitFor();
  assert.equal(ui.listener.requests.length, 1);
  assert.equal(ui.listener.requests[0]?.url, '/keel-events');
  // The ping is in the subscription's recent deliveries.
  const deliveries = card.getByRole('table', { name: 'Deliveries' });
  await deliveries.locator('tr[data-status="sent"]').getByText('ping').waitFor();

  // A failing receiver: the failure is listed with its status and counted; a row opens to its attempts.
  const usual = (url: string) =>
    url.startsWith('/fail') ? { status: 404, body: 'no_service' } : { status: 200 };
  ui.listener.reply((req) =>
    req.url === '/keel-events' ? { status: 503, body: 'down for maintenance' } : usual(req.url),
  );
  await card.getByRole('button', { name: /Send a test ping/ }).click();
  await card.getByText('The ping failed').waitFor();
  await deliveries.locator('tr.row-failed[data-status="failed"]').getByText('status 503').waitFor();
  await card.getByText('1 failed').waitFor();
  await card.getByRole('button', { name: 'Failed ping: show attempts' }).click();
  await card
    .getByRole('list', { name: 'Attempts' })
    .getByText(/status 503/)
    .waitFor();
  ui.listener.reply((req) => usual(req.url));
  await ui.shot('04-webhooks');
}

export async function checkIncidentNotifications(ui: EscalationUi): Promise<void> {
  const { page } = ui;
  // Olive's only way to be reached now is a Slack webhook whose receiver answers 404.
  const methods = await ui.api.get<{ items: { id: string }[] }>('/api/v1/users/me/contact-methods');
  const headers = { 'x-csrf-token': ui.api.csrf };
  for (const m of methods.items) {
    const res = await page.request.delete(`${ui.url}/api/v1/users/me/contact-methods/${m.id}`, { headers });
    assert.equal(res.status(), 204, await res.text());
  }
  const slack = await ui.api.post<{ id: string }>('/api/v1/users/me/contact-methods', {
    type: 'slack',
    label: 'Team Slack',
    config: { webhookUrl: `${ui.listener.url}/fail` },
  });
  const rules = await page.request.put(`${ui.url}/api/v1/users/me/notification-rules`, {
    headers,
    data: {
      high: [{ contactMethodId: slack.id, delayMinutes: 0 }],
      low: [{ contactMethodId: slack.id, delayMinutes: 0 }],
    },
  });
  assert.equal(rules.status(), 200, await rules.text());
  const incident = await ui.api.post<{ id: string; number: number; title: string }>('/api/v1/incidents', {
    title: 'Checkout is down',
    serviceId: ui.state.serviceId,
  });
  await page.goto(`${ui.url}/incidents/${incident.number}`);
  await ui.heading(`#${incident.number} ${incident.title}`);
  const section = region(ui, 'Notifications');
  // The worker pages level 1 (Olive) at once; Slack's 404 is final, so the failure shows.
  await section.locator('tr[data-status="failed"]').waitFor({ timeout: 20_000 });
  await section.getByText('1 failed').waitFor();
  await section
    .getByText(/HTTP 404/)
    .first()
    .waitFor();
  await ui.shot('05-incident');
  // Admins follow it into the delivery log, filtered to this incident.
  await section.getByRole('link', { name: 'Delivery log' }).click();
  await ui.heading('Deliveries');
  await page.getByText('Notifications of one incident only.').waitFor();
  const rows = page.getByRole('table', { name: 'Notifications' }).locator('tbody tr[data-notification]');
  await rows.first().waitFor();
  const log = await ui.api.get<{ items: { id: string; incidentId: string | null }[] }>(
    `/api/v1/notifications?incident=${incident.id}`,
  );
  assert.ok(log.items.length > 0 && log.items.every((n) => n.incidentId === incident.id));
  await waitForCount(rows, log.items.length);
}
