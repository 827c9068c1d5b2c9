import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { waitForCount } from './browser-support.js';
import { nav, type Api } from './services-support.js';

/** The steps of the Incidents browser test; they share one signed-in page, in order. */
export interface IncidentsUi {
  page: Page;
  url: string;
  api: Api;
  shotsDir: string;
  /** The Keel integration's key, for POST /api/v1/ingest/<key>. */
  ingestKey: string;
  serviceId: string;
  shot(name: string): Promise<void>;
  heading(text: string): Promise<void>;
}

interface IncidentView {
  id: string;
  number: number;
  title: string;
  status: string;
  severity: string;
  assignees: string[];
}

/** Longer than one poll (5 s), with room for a loaded machine. */
const pollWait = 15_000;

const events = [
  {
    action: 'trigger',
    dedupKey: 'checkout-5xx',
    summary: 'Checkout 5xx above 2%',
    severity: 'critical',
    source: 'api-1.prod',
    labels: { env: 'prod', region: 'eu-west-1' },
    details: { rate: 0.031, threshold: '2%', hosts: ['api-1', 'api-2'] },
    links: [{ href: 'https://grafana.example.com/d/checkout', text: 'Checkout dashboard' }],
  },
  {
    action: 'trigger',
    dedupKey: 'payments-latency',
    summary: 'Payment latency p99 over 2 s',
    severity: 'error',
  },
  { action: 'trigger', dedupKey: 'db-disk', summary: 'Disk 90% full on db-1', severity: 'warning' },
];

async function incidentByTitle(ui: IncidentsUi, title: string): Promise<IncidentView> {
  const page = await ui.api.get<{ items: IncidentView[] }>(
    `/api/v1/incidents?status=triggered,acknowledged,resolved&limit=100`,
  );
  const found = page.items.find((i) => i.title === title);
  assert.ok(found, `incident “${title}” exists`);
  return found;
}

function rows(ui: IncidentsUi) {
  return ui.page.locator('table.incident-table tbody tr');
}

function row(ui: IncidentsUi, title: string) {
  return rows(ui).filter({ has: ui.page.getByRole('link', { name: title }) });
}

/** The incident number of the row the keyboard cursor is on, or null. */
async function cursorNumber(ui: IncidentsUi): Promise<number | null> {
  const n = await ui.page
    .locator('tr.row-cursor')
    .getAttribute('data-incident', { timeout: 2000 })
    .catch(() => null);
  return n === null ? null : Number(n);
}

export async function sendEvents(ui: IncidentsUi): Promise<void> {
  // The page is open on the empty list; the events arrive from outside, as from monitoring.
  for (const e of events) await ui.api.post(`/api/v1/ingest/${ui.ingestKey}`, e, 202);
  await waitForCount(rows(ui), 3, pollWait);
  await ui.page.getByText('3 open incidents').waitFor();
  for (const e of events) await row(ui, e.summary).getByText('Triggered').waitFor();
  const checkout = row(ui, 'Checkout 5xx above 2%');
  await checkout.getByText('SEV1').waitFor();
  await checkout.getByText('P1').waitFor();
  await checkout.getByRole('link', { name: 'Checkout API' }).waitFor();
  await checkout.getByText('Nobody').waitFor();
  const created = checkout.locator('time');
  assert.match((await created.textContent()) ?? '', /now|second|minute/);
  assert.ok(await created.getAttribute('title'), 'the exact time on hover');
  await ui.shot('02-list');
}

export async function checkKeyboard(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  const checkout = await incidentByTitle(ui, 'Checkout 5xx above 2%');
  const payments = await incidentByTitle(ui, 'Payment latency p99 over 2 s');
  await page.getByRole('heading', { level: 1, name: 'Incidents' }).click();
  assert.equal(await cursorNumber(ui), null);
  await page.keyboard.press('j');
  const first = await cursorNumber(ui);
  assert.ok(first !== null, 'j puts the cursor on the first row');
  const numbers = await rows(ui).evaluateAll((trs) =>
    trs.map((tr) => Number(tr.getAttribute('data-incident'))),
  );
  assert.equal(first, numbers[0]);
  await page.keyboard.press('j');
  assert.equal(await cursorNumber(ui), numbers[1]);
  await page.keyboard.press('k');
  assert.equal(await cursorNumber(ui), numbers[0]);
  // Down to the Checkout incident, wherever the server sorted it.
  while ((await cursorNumber(ui)) !== checkout.number) await page.keyboard.press('j');
  const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
  assert.match(focused, /Checkout 5xx above 2%/, 'focus moves with the cursor');

  await page.keyboard.press('a');
  await row(ui, checkout.title).getByText('Acknowledged').waitFor();
  await page
    .getByRole('status')
    .filter({ hasText: `Acknowledged #${checkout.number}.` })
    .waitFor();
  assert.equal((await incidentByTitle(ui, checkout.title)).status, 'acknowledged');

  // A refresh or two later, the cursor and the focus are still on the same incident.
  await page.waitForTimeout(6000);
  assert.equal(await cursorNumber(ui), checkout.number);
  assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Checkout 5xx above 2%/);

  // The buttons do the same: select Payments with x, then the Acknowledge button.
  while ((await cursorNumber(ui)) !== payments.number)
    await page.keyboard.press(
      numbers.indexOf(payments.number) > numbers.indexOf(checkout.number) ? 'j' : 'k',
    );
  await page.keyboard.press('x');
  assert.equal(await row(ui, payments.title).getByRole('checkbox').isChecked(), true, 'x selects');
  await page.getByRole('toolbar', { name: 'Incident actions' }).getByText('For 1 selected:').waitFor();
  await ui.shot('03-list-keyboard');
  await page
    .getByRole('toolbar', { name: 'Incident actions' })
    .getByRole('button', { name: 'Acknowledge' })
    .click();
  await row(ui, payments.title).getByText('Acknowledged').waitFor();
  assert.equal((await incidentByTitle(ui, payments.title)).status, 'acknowledged');

  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.getByText('Acknowledge the selected incidents, or the focused one').waitFor();
  await ui.shot('04-shortcuts');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
}

/** The timeline's entry kinds, in page order. */
async function timelineKinds(ui: IncidentsUi): Promise<string[]> {
  return ui.page
    .locator('.timeline-entry')
    .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind') ?? ''));
}

export async function checkDetail(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  const incident = await incidentByTitle(ui, 'Checkout 5xx above 2%');
  await row(ui, incident.title).getByRole('link', { name: incident.title }).click();
  await ui.heading(`#${incident.number} ${incident.title}`);
  await page.locator('.page-meta').getByText('Acknowledged').waitFor();
  const people = page.getByRole('region', { name: 'People', exact: true });
  await people.getByText('Nobody is assigned.').waitFor();

  await people.getByRole('button', { name: 'Assign to me' }).click();
  await people.getByRole('list', { name: 'Assignees' }).getByText('Olive Owner').waitFor();

  const classification = page.getByRole('region', { name: 'Classification' });
  await classification.getByLabel('Severity').selectOption('SEV2');
  await classification.getByRole('button', { name: 'Save classification' }).click();
  await classification.getByText('Saved.').waitFor();
  await page.locator('.timeline-entry[data-kind="severity_changed"]').getByText('SEV2').waitFor();

  await page.getByRole('button', { name: 'Snooze for 1 h' }).click();
  await page
    .getByText(/Escalation snoozed until/)
    .first()
    .waitFor();
  await page.locator('.timeline-entry[data-kind="snoozed"]').getByText('Snoozed for 1 h').waitFor();

  await people.getByRole('button', { name: 'Add people or roles…' }).click();
  await people.getByRole('searchbox', { name: 'Find people by name or email' }).fill('olive');
  await people.getByRole('button', { name: 'Make Olive Owner incident commander' }).click();
  await people.getByRole('term').filter({ hasText: 'Incident commander' }).waitFor();
  await page
    .locator('.timeline-entry[data-kind="roles_changed"]')
    .getByText('Incident commander: Olive Owner')
    .waitFor();
  await ui.shot('05a-detail-open');
  await people.getByRole('button', { name: 'Done' }).click();

  const note = [
    'Rolled back **v2.3**, see [the dashboard](https://grafana.example.com/d/checkout).',
    '',
    '<script>window.__pwned = 1</script>',
    '',
    '- drained the queue',
    '- [bad link](javascript:alert(1))',
  ].join('\n');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByRole('button', { name: 'Add note' }).click();
  await timeline.getByText('Write a note first.').waitFor();
  await timeline.getByLabel('Note', { exact: true }).fill(note);
  await timeline.getByRole('button', { name: 'Preview' }).click();
  await timeline.getByLabel('Note preview').getByRole('link', { name: 'the dashboard' }).waitFor();
  await timeline.getByRole('button', { name: 'Write' }).click();
  await timeline.getByRole('button', { name: 'Add note' }).click();
  const entry = page.locator('.timeline-entry[data-kind="note"]');
  await entry.waitFor();
  await entry.getByText('<script>window.__pwned = 1</script>').waitFor();
  assert.equal(await entry.locator('script').count(), 0, 'no script element');
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await entry.locator('strong').textContent(), 'v2.3');
  const link = entry.getByRole('link', { name: 'the dashboard' });
  assert.equal(await link.getAttribute('href'), 'https://grafana.example.com/d/checkout');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
  await entry.getByText('[bad link](javascript:alert(1))').waitFor();
  assert.equal(await entry.locator('a[href^="javascript"]').count(), 0);
  assert.equal(await timeline.getByLabel('Note', { exact: true }).inputValue(), '', 'the box empties');

  await page.getByRole('button', { name: 'Resolve…' }).click();
  const dialog = page.getByRole('dialog', { name: `Resolve #${incident.number}?` });
  await dialog
    .getByLabel('Resolution note (optional)')
    .fill('Restarted the **pods**; error rate back under 0.1%.');
  await dialog.getByRole('button', { name: 'Resolve incident' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Reopen' }).waitFor();
  const resolved = page.locator('.timeline-entry[data-kind="resolved"]');
  await resolved.getByText('Restarted the', { exact: false }).waitFor();
  assert.equal(await resolved.locator('strong').textContent(), 'pods');
  assert.equal((await incidentByTitle(ui, incident.title)).status, 'resolved');

  const expected = [
    'triggered',
    'alert_linked',
    'acknowledged',
    'assigned',
    'severity_changed',
    'snoozed',
    'roles_changed',
    'note',
    'resolved',
  ];
  const kinds = (await timelineKinds(ui)).filter((k) => expected.includes(k));
  assert.deepEqual(kinds, expected, 'each step on the timeline, in order');
  await page.locator('.timeline-entry[data-kind="assigned"]').getByText('Assigned Olive Owner').waitFor();
  await page.locator('.timeline-entry[data-kind="acknowledged"]').getByText('Olive Owner').waitFor();

  const linked = page.getByRole('region', { name: 'Linked alerts' });
  await linked.getByRole('link', { name: 'Checkout 5xx above 2%' }).waitFor();
  await linked.getByText('checkout-5xx').waitFor();
  await ui.shot('05-detail');
}

export async function checkAlerts(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  const incident = await incidentByTitle(ui, 'Checkout 5xx above 2%');
  await page
    .getByRole('region', { name: 'Linked alerts' })
    .getByRole('link', { name: 'Checkout 5xx above 2%' })
    .click();
  await ui.heading('Checkout 5xx above 2%');
  await page.getByRole('link', { name: `#${incident.number} Checkout 5xx above 2%` }).waitFor();
  const labels = page.getByRole('list', { name: 'Labels' });
  await labels.getByText('eu-west-1').waitFor();
  await labels.getByText('region').waitFor();
  const details = page.getByRole('region', { name: 'Details', exact: true });
  await details.getByRole('row', { name: /threshold\s+2%/ }).waitFor();
  await details.getByText('["api-1","api-2"]').waitFor();
  const dash = page.getByRole('region', { name: 'Links' }).getByRole('link', { name: 'Checkout dashboard' });
  assert.equal(await dash.getAttribute('href'), 'https://grafana.example.com/d/checkout');

  const raw = page.getByRole('region', { name: 'Raw events' });
  const payload = raw.locator('pre.payload').first();
  assert.equal(await payload.isVisible(), false, 'payloads start collapsed');
  await raw.locator('summary').first().click();
  await payload.waitFor();
  const text = (await payload.textContent()) ?? '';
  assert.match(text, /\n {2}"dedupKey": "checkout-5xx",\n/, 'pretty-printed');
  await ui.shot('06-alert');

  await nav(ui, 'Alerts').click();
  await ui.heading('Alerts');
  const alertRows = page.locator('table.alert-table tbody tr');
  await waitForCount(alertRows, 3);
  await page.getByRole('searchbox', { name: 'Search alerts by summary' }).fill('Disk');
  await waitForCount(alertRows, 1);
  await page.waitForURL(/\/alerts\?q=Disk$/);
  await alertRows.getByText('db-disk').waitFor();
  await ui.shot('07-alerts');
}

export async function checkManualIncident(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  await nav(ui, 'Incidents').click();
  await ui.heading('Incidents');
  await page.getByRole('button', { name: 'New incident' }).click();
  const dialog = page.getByRole('dialog', { name: 'New incident' });
  await dialog.getByRole('button', { name: 'Open incident' }).click();
  await dialog.getByText('Title is required.').waitFor();
  const title = dialog.getByLabel('Title');
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  assert.equal(await title.evaluate((el) => el === document.activeElement), true, 'focus on the error');
  await title.fill('Status page loads slowly');
  await dialog.getByLabel('Service (optional)').selectOption({ label: 'Checkout API' });
  await dialog.getByLabel('Severity').selectOption('SEV2');
  await dialog.getByLabel('Urgency').selectOption('low');
  await dialog.getByText('Priority will be P3').waitFor();
  await dialog.getByLabel('Description (optional)').fill('Customers report **10 s** loads.');
  await ui.shot('08-new-incident');
  await dialog.getByRole('button', { name: 'Open incident' }).click();
  await page.waitForURL(/\/incidents\/\d+$/);
  const made = await incidentByTitle(ui, 'Status page loads slowly');
  await ui.heading(`#${made.number} Status page loads slowly`);
  assert.equal(made.severity, 'SEV2');
  await page.getByRole('region', { name: 'Description' }).locator('strong').getByText('10 s').waitFor();
  await page.getByRole('region', { name: 'Linked alerts' }).getByText('No alerts').waitFor();
  assert.deepEqual(await timelineKinds(ui), ['triggered']);
}

export async function checkFiltersSurviveReload(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  await nav(ui, 'Incidents').click();
  await ui.heading('Incidents');
  await waitForCount(rows(ui), 3);
  const status = page.getByRole('group', { name: 'Status' });
  await status.getByRole('button', { name: 'Resolved' }).click();
  await status.getByRole('button', { name: 'Triggered' }).click();
  await status.getByRole('button', { name: 'Acknowledged' }).click();
  await page.getByRole('combobox', { name: 'Severity' }).selectOption('SEV2');
  await page.getByRole('searchbox', { name: /Search incidents/ }).fill('Checkout');
  await page.waitForURL(/status=resolved/);
  await page.waitForURL(/q=Checkout/);
  await waitForCount(rows(ui), 1);
  await row(ui, 'Checkout 5xx above 2%').getByText('Resolved').waitFor();
  const url = page.url();
  assert.match(url, /severity=SEV2/);

  await page.reload();
  await ui.heading('Incidents');
  assert.equal(page.url(), url);
  await waitForCount(rows(ui), 1);
  assert.equal(await status.getByRole('button', { name: 'Resolved' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await status.getByRole('button', { name: 'Triggered' }).getAttribute('aria-pressed'), 'false');
  assert.equal(await page.getByRole('combobox', { name: 'Severity' }).inputValue(), 'SEV2');
  assert.equal(await page.getByRole('searchbox', { name: /Search incidents/ }).inputValue(), 'Checkout');
  await ui.shot('09-filtered-after-reload');

  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await page.waitForURL(/\/incidents$/);
  assert.equal(await page.getByRole('searchbox', { name: /Search incidents/ }).inputValue(), '');
  await waitForCount(rows(ui), 3);
}

export async function checkDarkTheme(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await waitForCount(rows(ui), 3);
  await ui.shot('10-list-dark');
  const incident = await incidentByTitle(ui, 'Checkout 5xx above 2%');
  await page.goto(`${ui.url}/incidents/${incident.number}`);
  await ui.heading(`#${incident.number} ${incident.title}`);
  await page.locator('.timeline-entry[data-kind="note"]').waitFor();
  await ui.shot('11-detail-dark');
  await page.getByRole('button', { name: 'Dark theme' }).click();
}

/** On a phone-sized screen the page itself never scrolls sideways. */
async function assertFits(ui: IncidentsUi): Promise<void> {
  const overflow = await ui.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const wide = await ui.page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((el) => !el.closest('.table-wrap, .table-scroll, pre'))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
  );
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen: ${wide.join(', ')}`);
  assert.deepEqual(wide, [], 'nothing outside a scroll box sticks out');
}

export async function checkPhone(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.goto(`${ui.url}/incidents`);
    await ui.heading('Incidents');
    await waitForCount(rows(ui), 3);
    await assertFits(ui);
    await ui.shot('12-list-phone');
    const incident = await incidentByTitle(ui, 'Checkout 5xx above 2%');
    await page.goto(`${ui.url}/incidents/${incident.number}`);
    await ui.heading(`#${incident.number} ${incident.title}`);
    await page.locator('.timeline-entry[data-kind="note"]').waitFor();
    await assertFits(ui);
    await ui.shot('13-detail-phone');
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
}

/** "Load more" pages on the server; polling keeps every loaded page; r resolves and focus moves on. */
export async function checkPagingAndResolveKey(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  for (let n = 1; n <= 52; n++)
    await ui.api.post('/api/v1/incidents', { title: `Batch incident ${n}`, severity: 'SEV4' });
  await page.goto(`${ui.url}/incidents`);
  await ui.heading('Incidents');
  await waitForCount(rows(ui), 50);
  await page.getByText('Showing 50 of 55 incidents').waitFor();
  await page.getByRole('button', { name: 'Load more' }).click();
  await waitForCount(rows(ui), 55);
  assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);
  await page.waitForTimeout(6000);
  assert.equal(await rows(ui).count(), 55, 'a refresh keeps the pages loaded');

  await page.getByRole('heading', { level: 1, name: 'Incidents' }).click();
  await page.keyboard.press('j');
  const first = await cursorNumber(ui);
  const second = await rows(ui).nth(1).getAttribute('data-incident');
  await page.keyboard.press('r');
  await page
    .getByRole('status')
    .filter({ hasText: `Resolved #${first}.` })
    .waitFor();
  await waitForCount(rows(ui), 54);
  await page.waitForFunction(
    (n) => document.activeElement?.closest('tr')?.getAttribute('data-incident') === n,
    second,
  );
  assert.equal(String(await cursorNumber(ui)), second, 'the cursor moves to the next incident');
}

/** Viewers read incidents and their timelines but get no actions, checkboxes or note box. */
export async function checkReadOnly(ui: IncidentsUi, browser: Browser): Promise<void> {
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
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${ui.url}/incidents?status=all&q=Checkout`);
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await page.getByRole('link', { name: /Checkout 5xx above 2%/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'New incident' }).count(), 0);
    assert.equal(await page.getByRole('checkbox').count(), 0);
    assert.equal(await page.getByRole('toolbar', { name: 'Incident actions' }).count(), 0);
    await page.getByRole('link', { name: /Checkout 5xx above 2%/ }).click();
    await page.locator('.timeline-entry[data-kind="note"]').waitFor();
    for (const name of ['Reopen', 'Add note', 'Assign to me', 'Save classification'])
      assert.equal(await page.getByRole('button', { name }).count(), 0, `no ${name} button`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}
