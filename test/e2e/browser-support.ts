import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Helpers for the browser test: building the UI when stale, and polling the page. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Whether Debian's Chromium is here. Under CI=true a missing browser is an error, not a skip;
 * otherwise the test named `what` says why it is skipped.
 */
export function chromiumAvailable(what: string): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === 'true')
    throw new Error(`${chromiumPath} is missing; CI must install Debian's chromium package.`);
  console.log(`# SKIPPING ${what}: ${chromiumPath} not found (apt-get install -y chromium).`);
  return false;
}

/** Headless Chromium with the flags this closed network needs (no background connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/web with Vite when it is missing or older than any file under web/. */
export function ensureWebBuilt(root: string): string {
  const webDist = join(root, 'dist', 'web');
  const index = join(webDist, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(root, 'web'))) return webDist;
  console.log('# building the web UI (dist/web is missing or stale)');
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  return webDist;
}

/** Polls until the locator matches exactly `n` elements (lists update after a debounce). */
export async function waitForCount(locator: Locator, n: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = -1;
  while (Date.now() < deadline) {
    count = await locator.count();
    if (count === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(count, n, `expected ${n} matches of ${locator.toString()}`);
}

/**
 * A light 1280×900 page with a 10 s default timeout; its uncaught errors are pushed to `errors`
 * (tests assert it stays empty).
 */
export async function openPage(
  browser: Browser,
  errors: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page };
}

/** `shot(name)`: a full-page screenshot `<prefix>-<name>.png` from the top; `heading(text)`: waits for that h1. */
export function pageHelpers(
  page: Page,
  shotsDir: string,
  prefix: string,
): { shot(name: string): Promise<void>; heading(text: string): Promise<void> } {
  return {
    shot: async (name) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir, `${prefix}-${name}.png`), fullPage: true });
    },
    heading: async (text) => {
      await page.getByRole('heading', { level: 1, name: text }).waitFor();
    },
  };
}
