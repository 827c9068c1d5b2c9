import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { checkForgotPassword, checkInvitee, checkServerPaging, type Ui } from './browser-steps.js';
import { chromiumAvailable, ensureWebBuilt, launchChromium, waitForCount } from './browser-support.js';

/**
 * The web UI end to end, in Debian's Chromium against a real Keel on a fresh SQLite database:
 * first-run setup → sign out → sign in → users → teams → API keys → audit log → account and API
 * reference → dark theme → sign out → the invited user sets a password and sees read-only pages.
 * Screenshots of each page go to test-results/.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const shotsDir = join(root, 'test-results');

const owner = { name: 'Olive Owner', email: 'olive@example.com', password: 'correct horse battery' };
const newUser = { name: 'Dana Scully', email: 'dana@example.com', password: 'trust no one 1013' };
const teamName = 'Checkout';

const haveChromium = chromiumAvailable('browser test');

let server: TestServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const cspViolations: string[] = [];

async function shot(name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function heading(text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

before(async () => {
  if (!haveChromium) return;
  const webDist = ensureWebBuilt(root);
  mkdirSync(shotsDir, { recursive: true });
  server = await startTestServer({ webRoot: webDist, listen: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
});

const ui: Ui = {
  get page() {
    return page;
  },
  get url() {
    return server.url;
  },
  shot,
  heading,
};

after(async () => {
  await browser?.close();
  await server?.close();
});

test(
  'web UI: setup, sign-in, users, teams, API keys, audit, theme, sign-out',
  { skip: !haveChromium },
  async (t) => {
    await t.test('first run shows setup and creates the owner', async () => {
      await page.goto(server.url);
      await page.waitForURL('**/setup');
      await heading('Welcome to Keel');
      await shot('01-setup');
      await page.getByRole('button', { name: 'Create owner account' }).click();
      // Client-side validation: errors are inline and the first invalid field gets focus.
      await page.getByText('Name is required.').waitFor();
      assert.equal(await page.getByLabel('Your name').getAttribute('aria-invalid'), 'true');
      await page.getByLabel('Your name').fill(owner.name);
      await page.getByLabel('Email').fill(owner.email);
      await page.getByLabel('Password', { exact: true }).fill(owner.password);
      await page.getByLabel('Confirm password').fill(owner.password);
      await page.getByLabel('Load sample data so every page can be tried').check();
      await page.getByRole('button', { name: 'Create owner account' }).click();
      await heading('Home');
      await page.getByText(/Sample data loaded/).waitFor();
      await page.getByText(`Signed in as ${owner.name}`).waitFor();
      await shot('02-home');
    });

    await t.test('signs out and back in', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      await heading('Sign in to Keel');
      await page.getByLabel('Email').fill(owner.email);
      await page.getByLabel('Password').fill('wrong password!');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: /wrong/i }).waitFor();
      await shot('03-sign-in');
      await page.getByLabel('Password').fill(owner.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await heading('Home');
    });

    let invite = '';
    let resetLink = '';
    await t.test('adds a user after an inline email error', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      await heading('Users');
      await page.getByRole('button', { name: 'Add user' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add user' });
      await dialog.getByLabel('Name').fill(newUser.name);
      await dialog.getByLabel('Email').fill('dana-at-example');
      await dialog.getByRole('button', { name: 'Add user' }).click();
      const email = dialog.getByLabel('Email');
      await dialog.getByText('Enter an email address like name@example.com.').waitFor();
      assert.equal(await email.getAttribute('aria-invalid'), 'true');
      assert.ok((await email.getAttribute('aria-describedby'))?.includes('error'));
      assert.equal(
        await email.evaluate((el) => el === document.activeElement),
        true,
        'focus moves to the invalid field',
      );
      await shot('04-user-invalid-email');
      await email.fill(newUser.email);
      await dialog.getByRole('button', { name: 'Add user' }).click();
      await page.getByRole('dialog', { name: 'User added' }).getByLabel('Invite link').waitFor();
      invite = await page.getByLabel('Invite link').inputValue();
      assert.match(invite, /reset-password\?token=|token=/);
      await shot('05-user-invite-link');
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('searchbox', { name: 'Search users by name or email' }).fill('dana');
      await page.getByRole('link', { name: newUser.name, exact: true }).waitFor();
      await page.getByRole('cell', { name: newUser.email }).waitFor();
      await page.getByRole('searchbox', { name: 'Search users by name or email' }).fill('');
      await page.getByText('Sample', { exact: true }).first().waitFor();
      await shot('06-users');
      await page.getByRole('link', { name: newUser.name, exact: true }).click();
      await heading(newUser.name);
      await page.getByRole('button', { name: 'Issue reset link' }).click();
      resetLink = await page.getByLabel('Reset link').inputValue();
      await shot('06b-user-detail');
    });

    await t.test('creates a team and adds the user', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
      await heading('Teams');
      await page.getByRole('button', { name: 'Create team' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Create team' });
      await dialog.getByLabel('Team name').fill(teamName);
      await dialog.getByLabel('Description (optional)').fill('Card processing and payouts.');
      await dialog.getByRole('button', { name: 'Create team' }).click();
      await heading(teamName);
      await page.getByRole('searchbox', { name: 'Find people by name or email' }).fill('dana');
      await page.getByRole('button', { name: `Add ${newUser.name}` }).click();
      await page.getByRole('combobox', { name: `Team role for ${newUser.name}` }).waitFor();
      await shot('07-team-detail');
      await page.getByRole('link', { name: '← Teams' }).click();
      await heading('Teams');
      await page.getByRole('link', { name: teamName, exact: true }).waitFor();
      await shot('08-teams');
    });

    let secret = '';
    await t.test('creates an API key and shows it once', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
      await heading('API keys');
      await page.getByRole('button', { name: 'Create API key' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Create API key' });
      await dialog.getByLabel('Name').fill('CI deploy');
      await dialog.getByRole('checkbox', { name: /write/ }).check();
      await dialog.getByRole('button', { name: 'Create key' }).click();
      const created = page.getByRole('dialog', { name: 'API key created' });
      await created.getByText('Copy this key now').waitFor();
      secret = await created.getByLabel('Key for “CI deploy”').inputValue();
      assert.ok(secret.length >= 20, 'the full key is shown');
      await shot('09-api-key-created');
      await created.getByRole('button', { name: 'I have copied the key' }).click();
      await page.getByRole('button', { name: 'Revoke CI deploy' }).waitFor();
      await page.reload();
      await heading('API keys');
      await page.getByRole('button', { name: 'Revoke CI deploy' }).waitFor();
      assert.equal((await page.content()).includes(secret), false, 'the key is not shown again');
      await shot('10-api-keys');
    });

    await t.test('audit log shows those actions with a diff', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
      await heading('Audit log');
      for (const action of ['user.created', 'team.created', 'api_key.created', 'team.member']) {
        await page
          .getByRole('cell', { name: new RegExp(action.replace('.', '\\.')) })
          .first()
          .waitFor();
      }
      await page.getByRole('searchbox', { name: 'Filter by action' }).fill('user.created');
      await waitForCount(page.getByRole('cell', { name: 'team.created', exact: true }), 0);
      const toggle = page.getByRole('button', { name: /changes for user\.created/ }).first();
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      await page.getByRole('rowheader', { name: /email/ }).first().waitFor();
      await page.getByText(`"${newUser.email}"`).first().waitFor();
      await shot('11-audit');
    });

    await t.test('the users list pages on the server', () => checkServerPaging(ui));

    await t.test('account and API reference pages render', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
      await heading('Account');
      await page.getByRole('button', { name: 'Set up two-factor' }).click();
      await page.getByLabel('otpauth URL').waitFor();
      assert.match(await page.getByLabel('otpauth URL').inputValue(), /^otpauth:\/\/totp\//);
      await shot('12-account');
      await page.getByRole('link', { name: 'API reference' }).click();
      await heading('API reference');
      await page.getByRole('heading', { level: 2, name: 'Users' }).waitFor();
      const op = page.locator('details', { has: page.locator('summary', { hasText: 'Create a user' }) });
      await op.locator('summary').click();
      await op.getByRole('heading', { name: /Request body/ }).waitFor();
      await op.getByRole('rowheader', { name: /email/ }).first().waitFor();
      await shot('13-api-reference');
    });

    await t.test('dark theme toggles and persists', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
      await heading('Home');
      const toggle = page.getByRole('button', { name: 'Dark theme' });
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      await toggle.click();
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
      await page.reload();
      await heading('Home');
      assert.equal(
        await page.locator('html').getAttribute('data-theme'),
        'dark',
        'the choice survives a reload',
      );
      await shot('14-home-dark');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      await heading('Users');
      await shot('15-users-dark');
    });

    await t.test('signs out, and pages then ask to sign in', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      await page.goto(`${server.url}/settings/teams`);
      await page.waitForURL(/\/sign-in\?next=%2Fsettings%2Fteams/);
      await heading('Sign in to Keel');
      await shot('16-signed-out-dark');
    });

    await t.test('forgot password answers without revealing accounts', () => checkForgotPassword(ui));

    await t.test('the invited user sets a password and sees read-only pages', () =>
      checkInvitee(ui, owner, newUser, invite, resetLink),
    );

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violations');
  },
);
