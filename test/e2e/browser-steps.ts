import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/**
 * Later steps of the browser test, kept apart so each file stays short. They share one signed-in
 * page with the main test and run in its order.
 */
export interface Ui {
  page: Page;
  url: string;
  shot(name: string): Promise<void>;
  heading(text: string): Promise<void>;
}

export interface Person {
  name: string;
  email: string;
  password: string;
}

/** Seeds 45 users through the API, then checks "Load more" and the role filter. */
export async function checkServerPaging(ui: Ui): Promise<void> {
  const me = (await (await ui.page.request.get(`${ui.url}/api/v1/me`)).json()) as { csrfToken: string };
  for (let i = 0; i < 45; i++) {
    const res = await ui.page.request.post(`${ui.url}/api/v1/users`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: {
        name: `Bulk User ${String(i).padStart(2, '0')}`,
        email: `bulk${i}@example.com`,
        role: 'viewer',
      },
    });
    assert.equal(res.status(), 201);
  }
  await ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await ui.heading('Users');
  await ui.page.getByText('Showing 50 of 54 users').waitFor();
  await ui.page.getByRole('button', { name: 'Load more' }).click();
  await ui.page.getByText('Showing 54 of 54 users').waitFor();
  assert.equal(await ui.page.getByRole('button', { name: 'Load more' }).count(), 0);
  await ui.page.getByRole('combobox', { name: 'Role' }).selectOption('viewer');
  await ui.page.getByText('Showing 46 of 46 users').waitFor();
}

export async function checkForgotPassword(ui: Ui): Promise<void> {
  await ui.page.getByRole('button', { name: 'Forgot password?' }).click();
  await ui.heading('Reset your password');
  await ui.page.getByLabel('Email').fill('nobody@example.com');
  await ui.page.getByRole('button', { name: 'Send reset link' }).click();
  await ui.page.getByText('Check your email').waitFor();
  await ui.shot('17-forgot-password');
}

/** The invite link was replaced by a later reset link: the first fails visibly, the second works. */
export async function checkInvitee(
  ui: Ui,
  owner: Person,
  newUser: Person,
  invite: string,
  resetLink: string,
): Promise<void> {
  const tokenOf = (url: string): string => new URL(url).searchParams.get('token') ?? '';
  // The reset link issued later replaced the invite link: the invite now fails, visibly.
  await ui.page.goto(`${ui.url}/reset-password?token=${encodeURIComponent(tokenOf(invite))}`);
  await ui.heading('Choose a new password');
  await ui.page.getByLabel('New password', { exact: true }).fill(newUser.password);
  await ui.page.getByLabel('Confirm new password').fill(newUser.password);
  await ui.page.getByRole('button', { name: 'Set password' }).click();
  await ui.page
    .getByRole('alert')
    .filter({ hasText: /expired|used/ })
    .waitFor();
  await ui.shot('18-reset-password-expired');
  await ui.page.goto(`${ui.url}/reset-password?token=${encodeURIComponent(tokenOf(resetLink))}`);
  await ui.heading('Choose a new password');
  await ui.page.getByLabel('New password', { exact: true }).fill(newUser.password);
  await ui.page.getByLabel('Confirm new password').fill(newUser.password);
  await ui.page.getByRole('button', { name: 'Set password' }).click();
  await ui.heading('Password set');
  await ui.page.getByRole('link', { name: 'Go to sign in' }).click();
  await ui.heading('Sign in to Keel');
  await ui.page.getByLabel('Email').fill(newUser.email);
  await ui.page.getByLabel('Password').fill(newUser.password);
  await ui.page.getByRole('button', { name: 'Sign in' }).click();
  await ui.heading('Home');
  const nav = ui.page.getByRole('navigation', { name: 'Main' });
  assert.equal(
    await nav.getByRole('link', { name: 'Audit log' }).count(),
    0,
    'responders have no audit log link',
  );
  await nav.getByRole('link', { name: 'Users' }).click();
  await ui.heading('Users');
  await ui.page.getByRole('link', { name: owner.name, exact: true }).waitFor();
  assert.equal(
    await ui.page.getByRole('button', { name: 'Add user' }).count(),
    0,
    'responders cannot add users',
  );
  await ui.shot('19-users-read-only');
}
