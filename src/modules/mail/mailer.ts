import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { defineJob, enqueue, PermanentJobError, type JobDefinition } from '../../jobs/index.js';

export const mailMessage = z.object({
  to: z.string().email(),
  subject: z.string().min(1).max(300),
  text: z.string().max(100_000),
  html: z.string().max(300_000).optional(),
});
export type MailMessage = z.infer<typeof mailMessage>;

/**
 * Outgoing e-mail. Messages are queued as durable `mail.send` jobs in the caller's transaction
 * and sent by a worker over SMTP (KEEL_SMTP_URL), retried with backoff. The job's key is sent
 * as the Message-ID, so a repeat after a crash is recognisably the same message.
 */
export interface Mailer {
  readonly configured: boolean;
  readonly job: JobDefinition<MailMessage & { messageId: string }, MailMessage & { messageId: string }>;
  queue(db: Db, message: MailMessage, idempotencyKey: string): Promise<void>;
  /**
   * Sends at once over SMTP, for callers that are themselves a retried job (on-call
   * notifications). The same idempotency key gives the same Message-ID as `queue` would.
   */
  send(message: MailMessage, idempotencyKey: string): Promise<void>;
  close(): void;
}

export function createMailer(opts: {
  smtpUrl: string | null;
  from: string;
  clock: Clock;
  publicUrl: string;
}): Mailer {
  let transport: Transporter | null = null;
  const host = new URL(opts.publicUrl).hostname || 'keel.local';
  const messageIdFor = (idempotencyKey: string) => idempotencyKey.replace(/[^\w.-]/g, '-');
  async function deliver(message: MailMessage, messageId: string): Promise<void> {
    if (!opts.smtpUrl) throw new PermanentJobError('mail is not configured (KEEL_SMTP_URL)');
    transport ??= nodemailer.createTransport(opts.smtpUrl);
    await transport.sendMail({
      from: opts.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html !== undefined && { html: message.html }),
      messageId: `<${messageId}@${host}>`,
    });
  }
  const job = defineJob({
    name: 'mail.send',
    payload: mailMessage.extend({ messageId: z.string() }),
    maxAttempts: 12,
    // Bodies can hold one-time links (password resets): the admin view shows only the envelope.
    describe: (m) => ({ to: m.to, subject: m.subject, messageId: m.messageId }),
    async handler(message) {
      const { messageId, ...mail } = message;
      await deliver(mail, messageId);
    },
  });
  return {
    configured: opts.smtpUrl !== null,
    job,
    async queue(db, message, idempotencyKey) {
      const messageId = messageIdFor(idempotencyKey);
      await enqueue(
        db,
        opts.clock,
        job,
        { ...message, messageId },
        { idempotencyKey: `mail:${idempotencyKey}` },
      );
    },
    send(message, idempotencyKey) {
      return deliver(message, messageIdFor(idempotencyKey));
    },
    close() {
      transport?.close();
    },
  };
}
