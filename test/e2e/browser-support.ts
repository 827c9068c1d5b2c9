import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
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

function webIsFresh(root: string): boolean {
  const index = join(root, 'dist', 'web', 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(root, 'web'));
}

/**
 * Builds dist/web with Vite when it is missing or older than any file under web/. `npm test` builds
 * it once before the test files start; when test files are run directly, several run at once
 * (--test-concurrency) and would each build: Vite empties dist/web first, so one file's page lost
 * its scripts while another file built. A lock directory lets one process build while the others
 * wait, then find the build fresh.
 */
export function ensureWebBuilt(root: string): string {
  const webDist = join(root, 'dist', 'web');
  if (webIsFresh(root)) return webDist;
  mkdirSync(join(root, 'dist'), { recursive: true });
  const lock = join(root, 'dist', '.web-build.lock');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // a lock left by a killed run is older than any build takes
      if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${lock} held for 5 minutes`, { cause: err });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (webIsFresh(root)) return webDist;
    console.log('# building the web UI (dist/web is missing or stale)');
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    return webDist;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
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
