import type { ServiceContext } from '../../lib/context.js';
import { systemActor } from '../../lib/context.js';
import type { Mailer } from '../mail/index.js';
import { findUserForReset, issuePasswordReset } from './passwords.service.js';

/**
 * "Forgot password": when the e-mail belongs to an active user and mail is configured, a reset
 * link is mailed. The answer is the same either way, so nobody learns which e-mails exist.
 */
export async function requestPasswordReset(
  ctx: ServiceContext,
  mailer: Mailer,
  email: string,
): Promise<void> {
  const user = await findUserForReset(ctx, email);
  if (!user) return;
  if (!mailer.configured) {
    ctx.logger.warn(
      { userId: user.id },
      'password reset asked for, but mail is not configured: an admin can issue a link',
    );
    return;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const reset = await issuePasswordReset(
      { ...ctx, db: trx },
      { ...systemActor, label: 'password reset request' },
      user,
    );
    const text = [
      `Hello ${user.name},`,
      '',
      'Someone (hopefully you) asked to reset your Keel password. Open this link within an hour to choose a new one:',
      '',
      reset.url,
      '',
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n');
    const html = `<p>Hello ${escapeHtml(user.name)},</p><p>Someone (hopefully you) asked to reset your Keel password. Open this link within an hour to choose a new one:</p><p><a href="${escapeHtml(reset.url)}">Choose a new password</a></p><p>If you did not ask for this, ignore this message: your password stays as it is.</p>`;
    await mailer.queue(
      trx,
      { to: user.email, subject: 'Reset your Keel password', text, html },
      `password-reset:${reset.id}`,
    );
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
