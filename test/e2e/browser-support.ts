import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';

/** Helpers for the browser test: building the UI when stale, and polling the page. */
export const chromiumPath = '/usr/bin/chromium';

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
