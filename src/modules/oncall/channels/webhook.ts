import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { hostOf } from './format.js';
import { postOnce, urlSecrets } from './http.js';

/**
 * A generic JSON webhook. Each request is signed: `Keel-Signature: sha256=<hex>` is
 * HMAC-SHA256, keyed with the contact method's secret, of `<Keel-Timestamp>.<raw body>`;
 * `Idempotency-Key` (also in the body) is the same on every attempt of one delivery.
 */
export const webhookConfig = z.object({
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(16).max(200),
});
export type WebhookConfig = z.infer<typeof webhookConfig>;

export const signatureHeader = 'keel-signature';
export const timestampHeader = 'keel-timestamp';

/** The signature a receiver recomputes: hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The body: a versioned, stable shape (documented in docs/oncall.md). */
export function webhookBody(m: NotificationMessage): object {
  return {
    version: 1,
    idempotencyKey: m.idempotencyKey,
    kind: m.kind,
    incident: {
      number: m.incidentNumber,
      title: m.title,
      url: m.incidentUrl,
      service: m.serviceName,
      severity: m.severity,
      urgency: m.urgency,
      summary: m.summary ?? null,
    },
    links: { acknowledge: m.ackUrl ?? null, resolve: m.resolveUrl ?? null },
  };
}

export const webhookChannel: Channel<'webhook', WebhookConfig> = {
  type: 'webhook',
  label: 'Webhook',
  configSchema: webhookConfig,
  describe: (c) => `Signed webhook to ${hostOf(c.url)}`,
  send(message, config, ctx) {
    const body = JSON.stringify(webhookBody(message));
    const timestamp = String(Math.floor(ctx.clock.now() / 1000));
    return postOnce(ctx, {
      url: config.url,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.idempotencyKey,
        [timestampHeader]: timestamp,
        [signatureHeader]: `sha256=${webhookSignature(config.secret, timestamp, body)}`,
      },
      body,
      secrets: [config.secret, ...urlSecrets(config.url)],
    });
  },
};
