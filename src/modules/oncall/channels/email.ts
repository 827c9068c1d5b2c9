import { z } from 'zod';
import type { Channel, DeliveryResult, NotificationMessage } from './channel.js';
import { colourFor, escapeHtml, factsLine, headline, hexColour, links, truncate } from './format.js';

/** An e-mail address; mail goes through Keel's SMTP settings (KEEL_SMTP_URL). */
export const emailConfig = z.object({ address: z.email() });
export type EmailConfig = z.infer<typeof emailConfig>;

export function emailSubject(m: NotificationMessage): string {
  return truncate(`[Keel] ${headline(m)} (${m.severity}, ${m.serviceName})`, 300);
}

export function emailText(m: NotificationMessage): string {
  const lines = [headline(m), factsLine(m), ''];
  if (m.summary) lines.push(truncate(m.summary, 20_000), '');
  for (const l of links(m)) lines.push(`${l.label}: ${l.url}`);
  lines.push('', 'Acknowledge and resolve links are signed for you and expire.');
  return lines.join('\n');
}

export function emailHtml(m: NotificationMessage): string {
  const buttons = links(m)
    .map(
      (l) =>
        `<a href="${escapeHtml(l.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;` +
        `border:1px solid #444;border-radius:4px;color:#111;text-decoration:none">${escapeHtml(l.label)}</a>`,
    )
    .join('');
  const summary = m.summary
    ? `<p style="white-space:pre-wrap">${escapeHtml(truncate(m.summary, 20_000))}</p>`
    : '';
  return [
    '<!doctype html><html><body style="font-family:sans-serif;color:#111">',
    `<div style="border-left:6px solid ${hexColour(colourFor(m))};padding-left:12px">`,
    `<h2 style="margin:0 0 4px">${escapeHtml(headline(m))}</h2>`,
    `<p style="margin:0;color:#555">${escapeHtml(factsLine(m))}</p></div>`,
    summary,
    `<p>${buttons}</p>`,
    '<p style="color:#777;font-size:12px">Acknowledge and resolve links are signed for you and expire.</p>',
    '</body></html>',
  ].join('\n');
}

/**
 * SMTP failures: a 4xx reply or a connection problem is worth retrying; a 5xx reply (no such
 * mailbox, rejected) or failed authentication is not, nor is mail that is not configured.
 */
export function classifyMailError(err: unknown): Pick<DeliveryResult, 'retryable' | 'status' | 'error'> {
  const e = err as { responseCode?: unknown; code?: unknown; name?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message.split('\n')[0]! : String(err);
  if (typeof e.responseCode === 'number') {
    return {
      retryable: e.responseCode < 500,
      status: e.responseCode,
      error: `SMTP ${e.responseCode}: ${message}`,
    };
  }
  const permanent = e.name === 'PermanentJobError' || e.code === 'EAUTH' || e.code === 'EENVELOPE';
  return { retryable: !permanent, error: message };
}

export const emailChannel: Channel<'email', EmailConfig> = {
  type: 'email',
  label: 'E-mail',
  configSchema: emailConfig,
  describe: (c) => `E-mail to ${c.address}`,
  async send(message, config, ctx) {
    const started = performance.now();
    try {
      await ctx.mailer.send(
        {
          to: config.address,
          subject: emailSubject(message),
          text: emailText(message),
          html: emailHtml(message),
        },
        message.idempotencyKey,
      );
      return { ok: true, retryable: false, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      return { ok: false, ...classifyMailError(err), latencyMs: Math.round(performance.now() - started) };
    }
  },
};
