import assert from 'node:assert/strict';
import { waitForCount } from './browser-support.js';
import type { IncidentsUi } from './incidents-steps.js';

/** Well under the 60 s fallback poll: only the live stream can be this quick. */
const liveWait = 5000;

/**
 * The open list and an incident's page follow the live stream: an incident opened through the API
 * appears without a reload, and a change to it shows on its page, each within a few seconds.
 */
export async function checkLiveUpdates(ui: IncidentsUi): Promise<void> {
  const { page } = ui;
  const title = `Queue backlog growing ${Date.now()}`;
  await page.goto(`${ui.url}/incidents?q=${encodeURIComponent(title)}`);
  await ui.heading('Incidents');
  await page.getByText('No open incidents match').waitFor();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  await page.evaluate(() => Object.assign(window, { keelMarker: 'same page' }));

  const started = Date.now();
  const made = await ui.api.post<{ id: string; number: number }>('/api/v1/incidents', { title });
  const rows = page.locator('table.incident-table tbody tr');
  await waitForCount(rows, 1, liveWait);
  await rows.getByRole('link', { name: title }).waitFor({ timeout: 1000 });
  const ms = Date.now() - started;
  assert.ok(ms < liveWait, `arrived in ${ms} ms`);
  assert.equal(
    await page.evaluate(() => (window as unknown as { keelMarker?: string }).keelMarker),
    'same page',
    'no reload',
  );
  assert.match(page.url(), /\?q=Queue/, 'the filter stays in the URL');
  await ui.shot('14-live');

  await rows.getByRole('link', { name: title }).click();
  await ui.heading(`#${made.number} ${title}`);
  const header = page.locator('.page-header');
  await header.getByText('Triggered').waitFor();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  await ui.api.post(`/api/v1/incidents/${made.id}/acknowledge`, {}, 200);
  await header.getByText('Acknowledged').waitFor({ timeout: liveWait });
}
