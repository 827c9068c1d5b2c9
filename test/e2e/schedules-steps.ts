import assert from 'node:assert/strict';
import { request, type Browser, type Page } from 'playwright-core';
import { waitForCount } from './browser-support.js';
import { apiFor, nav, type Api } from './services-support.js';

/** The steps of the schedules browser test; they share one signed-in page, in order. */
export interface SchedulesUi {
  page: Page;
  browser: Browser;
  url: string;
  api: Api;
  shotsDir: string;
  /** Ids the steps hand on to each other. */
  state: { scheduleId?: string; ownerId?: string; raviId?: string };
  shot(name: string): Promise<void>;
  heading(text: string): Promise<void>;
}

interface Override {
  id: string;
  userId: string;
  startsAt: string;
  endsAt: string;
}

const region = (ui: SchedulesUi, name: string) => ui.page.getByRole('region', { name, exact: true });

/** "2026-11-20T09:00": a week ago at 09:00 UTC, a first hand-off that is surely in the past. */
function weekAgoNine(): string {
  return `${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)}T09:00`;
}

export async function checkCreateSchedule(ui: SchedulesUi): Promise<void> {
  const { page } = ui;
  const me = await ui.api.get<{ id: string }>('/api/v1/me');
  ui.state.ownerId = me.id;
  const ravi = await ui.api.post<{ user: { id: string } }>('/api/v1/users', {
    email: 'ravi@example.com',
    name: 'Ravi Responder',
    role: 'responder',
    password: 'another long password',
  });
  ui.state.raviId = ravi.user.id;

  await page.goto(`${ui.url}/`);
  await ui.heading('Home');
  await region(ui, 'Who is on call now').getByText('No on-call schedules yet').waitFor();
  await nav(ui, 'Schedules').click();
  await ui.heading('Schedules');
  await page.getByText('No schedules yet').waitFor();
  await ui.shot('01-empty');

  await page.getByRole('button', { name: 'New schedule' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New schedule' });
  // Without a member the layer is refused under its field, before any request.
  await dialog.getByLabel('Name').fill('Payments primary');
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  await dialog.getByText('Add at least one person to take turns.').waitFor();

  await dialog.getByLabel('Time zone').selectOption('UTC');
  await dialog.getByRole('searchbox', { name: 'Find people to add' }).fill('Olive');
  await dialog.getByRole('button', { name: 'Add Olive Owner' }).click();
  await dialog.getByRole('list', { name: 'Members' }).getByText('Olive Owner').waitFor();
  await dialog.getByLabel('Rotation').selectOption('weekly');
  await dialog.getByLabel('First hand-off').fill(weekAgoNine());
  await dialog.getByRole('button', { name: 'Create schedule' }).click();

  await ui.heading('Payments primary');
  ui.state.scheduleId = new URL(page.url()).pathname.split('/').pop();
  assert.ok(ui.state.scheduleId);
  await region(ui, 'On call now').getByText('Olive Owner').waitFor();
  const final = page.locator('.cal-row-final .cal-bar');
  await final.first().waitFor();
  assert.equal(await final.first().getAttribute('data-user'), me.id);
  await final.first().getByText('Olive Owner').waitFor();
  // The layer row draws the same person; the bar's text says when, for screen readers.
  const layerBars = page.locator('.cal-row-layer .cal-bar');
  assert.ok((await layerBars.count()) >= 1);
  assert.match((await layerBars.first().textContent()) ?? '', /Olive Owner, .+/);
  await page.getByText('Times in UTC', { exact: false }).waitFor();
  await region(ui, 'Layers').getByText('Primary').first().waitFor();
  await ui.shot('02-week');
}

export async function checkHomeAndMonth(ui: SchedulesUi): Promise<void> {
  const { page } = ui;
  await nav(ui, 'Home').click();
  await ui.heading('Home');
  const card = region(ui, 'Who is on call now');
  await card.getByRole('link', { name: 'Payments primary' }).waitFor();
  await card.getByText('Olive Owner').waitFor();
  await card.getByText('You', { exact: true }).waitFor();
  await ui.shot('03-home-card');

  await card.getByRole('link', { name: 'Payments primary' }).click();
  await ui.heading('Payments primary');
  await page.getByRole('button', { name: 'Month', exact: true }).click();
  await page.waitForURL(/view=month/);
  const weeks = page.locator('.cal-week[data-week]');
  const n = await weeks.count();
  assert.ok(n >= 4 && n <= 6, `a month shows 4–6 weeks, got ${n}`);
  await ui.shot('03-month');
  await page.getByRole('button', { name: 'Next month' }).click();
  await page.waitForURL(/date=/);
  await page.getByRole('button', { name: 'Today' }).click();
  await page.getByRole('button', { name: 'Week', exact: true }).click();
  await waitForCount(page.locator('.cal-week[data-week]'), 1);
}

export async function checkOverride(ui: SchedulesUi): Promise<void> {
  const { page } = ui;
  const overrides = region(ui, 'Overrides');
  await overrides.getByText('No current or upcoming overrides').waitFor();
  await overrides.getByRole('button', { name: 'Create override' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create override' });
  await dialog.getByRole('searchbox', { name: 'Find someone else' }).fill('Ravi');
  await dialog.getByRole('button', { name: 'Choose Ravi Responder' }).click();
  await dialog.getByTestId('override-person').getByText('Ravi Responder').waitFor();
  await dialog.getByRole('button', { name: 'Create override' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await overrides.getByRole('list', { name: 'Overrides' }).getByText('Ravi Responder').waitFor();
  const list = await ui.api.get<{ items: Override[] }>(`/api/v1/schedules/${ui.state.scheduleId}/overrides`);
  assert.equal(list.items.length, 1);
  assert.equal(list.items[0]?.userId, ui.state.raviId);
  const hours =
    (Date.parse(list.items[0]?.endsAt ?? '') - Date.parse(list.items[0]?.startsAt ?? '')) / 3_600_000;
  assert.equal(hours, 8, 'the dialog proposes an eight-hour span');
  // Drawn in the Overrides row of the week (unless it starts next week, late on a Sunday).
  const start = Date.parse(list.items[0]?.startsAt ?? '');
  const sundayLate = new Date(start).getUTCDay() === 1 && new Date(start).getUTCHours() === 0;
  if (!sundayLate)
    await page.locator(`.cal-row-override .cal-bar[data-user="${ui.state.raviId}"]`).first().waitFor();
  await ui.shot('04-override');
}

export async function checkLayerEditor(ui: SchedulesUi): Promise<void> {
  const { page } = ui;
  const layers = region(ui, 'Layers');
  await layers.getByRole('button', { name: 'Add layer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a layer' });
  await dialog.getByLabel('Layer name').fill('Business hours');
  await dialog.getByRole('searchbox', { name: 'Find people to add' }).fill('Ravi');
  await dialog.getByRole('button', { name: 'Add Ravi Responder' }).click();
  // The same person may take more than one position (the API allows it).
  await dialog.getByRole('button', { name: 'Add Ravi Responder again' }).click();
  const members = dialog.getByRole('list', { name: 'Members' }).locator(':scope > li');
  await waitForCount(members, 2);
  await dialog.getByRole('button', { name: 'Remove Ravi Responder (position 2)' }).waitFor();
  await dialog.getByLabel('Rotation').selectOption('daily');
  await dialog.getByLabel('First hand-off').fill(`${new Date().toISOString().slice(0, 10)}T00:00`);
  await dialog.getByLabel('On call').selectOption('daily');
  await dialog.getByLabel('From', { exact: true }).fill('09:00');
  await dialog.getByLabel('To', { exact: true }).fill('17:00');
  await dialog.getByRole('button', { name: 'Add layer' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await layers.getByRole('heading', { name: '2. Business hours' }).waitFor();
  await layers.getByText(/Daily · Every day 09:00–17:00/).waitFor();
  const saved = await ui.api.get<{ layers: { name: string; restrictions: unknown; members: string[] }[] }>(
    `/api/v1/schedules/${ui.state.scheduleId}`,
  );
  assert.deepEqual(saved.layers[1]?.members, [ui.state.raviId, ui.state.raviId]);
  assert.deepEqual(
    saved.layers.map((l) => l.name),
    ['Primary', 'Business hours'],
  );
  assert.deepEqual(saved.layers[1]?.restrictions, { kind: 'daily', from: '09:00', to: '17:00' });
  // Today 09:00–17:00 the higher layer wins: Ravi's bar is in the final schedule.
  await page.locator(`.cal-row-final .cal-bar[data-user="${ui.state.raviId}"]`).first().waitFor();
  await ui.shot('05-layers');
}

export async function checkCoverRequest(ui: SchedulesUi): Promise<void> {
  const { page } = ui;
  // Ravi asks for cover through the API, signed in on his own.
  const ctx = await request.newContext();
  try {
    const login = await ctx.post(`${ui.url}/api/v1/auth/login`, {
      data: { email: 'ravi@example.com', password: 'another long password' },
    });
    assert.equal(login.status(), 200, await login.text());
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const ravi = apiFor(ctx, ui.url, csrfToken);
    const start = Date.now() + 2 * 86_400_000;
    await ravi.post(`/api/v1/schedules/${ui.state.scheduleId}/cover-requests`, {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3_600_000).toISOString(),
      note: 'Dentist',
    });
  } finally {
    await ctx.dispose();
  }
  await page.reload();
  await ui.heading('Payments primary');
  const cover = region(ui, 'Cover requests');
  await cover.getByText('Ravi Responder').waitFor();
  await cover.getByText('— Dentist').waitFor();
  await cover.getByRole('button', { name: 'Accept and cover' }).click();
  await cover.getByText('No open cover requests').waitFor();
  const overrides = await ui.api.get<{ items: Override[] }>(
    `/api/v1/schedules/${ui.state.scheduleId}/overrides`,
  );
  assert.ok(
    overrides.items.some((o) => o.userId === ui.state.ownerId),
    'accepting created an override for the one who accepted',
  );
  await region(ui, 'Overrides').getByText('Olive Owner').waitFor();
}

export async function checkIcalFeed(ui: SchedulesUi): Promise<void> {
  const { page } = ui;
  await page.getByRole('button', { name: 'Calendar feed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Calendar feed of this schedule' });
  await dialog.getByRole('button', { name: 'Make a feed link' }).click();
  const url = await dialog.getByLabel('Calendar feed URL').inputValue();
  assert.match(url, /^http:\/\/.+\/ical\/schedules\/[^/]+\.ics$/);
  // The URL is whatever the server says; fetch it by its path on the test server.
  const res = await page.request.get(`${ui.url}${new URL(url).pathname}`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'] ?? '', /text\/calendar/);
  const ics = await res.text();
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.match(ics, /SUMMARY:[^\r\n]*Olive Owner/);
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** Ravi, a responder, in his own browser: he reads the schedule, covers himself and asks for cover. */
export async function checkResponderView(ui: SchedulesUi): Promise<void> {
  const context = await ui.browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
  });
  try {
    const login = await context.request.post(`${ui.url}/api/v1/auth/login`, {
      data: { email: 'ravi@example.com', password: 'another long password' },
    });
    assert.equal(login.status(), 200);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${ui.url}/schedules/${ui.state.scheduleId}`);
    await page.getByRole('heading', { level: 1, name: 'Payments primary' }).waitFor();
    await page.locator('.cal-row-final .cal-bar').first().waitFor();
    for (const name of ['Edit', 'Delete', 'Add layer'])
      assert.equal(
        await page.getByRole('button', { name, exact: true }).count(),
        0,
        `no ${name} for a responder`,
      );

    // His own override: no person picker; overlapping his earlier one is refused in the dialog.
    const overrides = page.getByRole('region', { name: 'Overrides', exact: true });
    await overrides.getByRole('button', { name: 'Create override' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create override' });
    await dialog.getByTestId('override-person').getByText('Ravi Responder').waitFor();
    assert.equal(await dialog.getByRole('searchbox').count(), 0, 'responders cover themselves');
    await dialog.getByRole('button', { name: 'Create override' }).click();
    await dialog.locator('.field-error, .alert-error').first().waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Ask for cover, see it marked as his, cancel it.
    const cover = page.getByRole('region', { name: 'Cover requests', exact: true });
    await cover.getByRole('button', { name: 'Ask for cover' }).click();
    const ask = page.getByRole('dialog', { name: 'Ask for cover' });
    await ask.getByLabel('Note (optional)').fill('Flight home');
    await ask.getByRole('button', { name: 'Ask for cover' }).click();
    await ask.waitFor({ state: 'hidden' });
    await cover.getByText('— Flight home').waitFor();
    await cover.getByText('Yours', { exact: true }).waitFor();
    await cover.getByRole('button', { name: 'Cancel request' }).click();
    await cover.getByText('No open cover requests').waitFor();
  } finally {
    await context.close();
  }
}
