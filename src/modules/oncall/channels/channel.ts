import { z } from 'zod';
import type { Clock } from '../../../lib/clock.js';
import { incidentSeverities, urgencies } from '../../incidents/index.js';
import type { MailMessage } from '../../mail/index.js';

/**
 * The one seam between on-call and the places a page can go. Each channel is one small file
 * (email.ts, slack.ts, …) listed in registry.ts; adding a channel is a new file and one line there.
 * docs/oncall.md "Notification channels" describes what each one sends.
 */

export const messageKinds = ['trigger', 'escalation', 'acknowledged', 'resolved', 'test'] as const;
export type MessageKind = (typeof messageKinds)[number];

/**
 * What a notification says. `idempotencyKey` is the same on every attempt of one delivery
 * (delivery is at-least-once), so a receiver can drop a repeat. Ack and resolve links are
 * signed and expire; a channel shows them when present.
 */
export const notificationMessage = z.object({
  idempotencyKey: z.string().min(1).max(200),
  kind: z.enum(messageKinds),
  title: z.string().min(1),
  serviceName: z.string().min(1),
  severity: z.enum(incidentSeverities),
  urgency: z.enum(urgencies),
  incidentNumber: z.number().int().positive(),
  incidentUrl: z.url(),
  ackUrl: z.url().optional(),
  resolveUrl: z.url().optional(),
  summary: z.string().optional(),
});
export type NotificationMessage = z.infer<typeof notificationMessage>;

/**
 * The outcome of one attempt. `retryable` says whether trying again can help (timeouts, 408,
 * 429, 5xx, network errors); a dead URL or a bad token is not retried. `retryAfterMs` is the
 * receiver's hint (Retry-After), which the delivery queue may use as the next delay.
 * `error` never holds a secret (tokens, webhook URLs).
 */
export interface DeliveryResult {
  ok: boolean;
  status?: number;
  retryable: boolean;
  retryAfterMs?: number;
  latencyMs: number;
  error?: string;
}

/** Sends one e-mail now (Mailer.send). */
export interface MailSender {
  send(message: MailMessage, idempotencyKey: string): Promise<void>;
}

/** What an HTTP POST answered: the status, a header by name (any case), the start of the body. */
export interface HttpAnswer {
  status: number;
  header(name: string): string | null;
  text: string;
}

/**
 * One POST, failing as fetch does (a network error is a TypeError "fetch failed" with the cause,
 * a timeout an error named TimeoutError); redirects not followed.
 */
export type HttpPost = (
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
) => Promise<HttpAnswer>;

/**
 * What a channel may use: outbound HTTP, mail, time. HTTP goes through `post` when it is set
 * (production: a lean node:http client, notifications/outbound-http.ts), else through `fetch`
 * (tests pass their own).
 */
export interface ChannelContext {
  fetch: typeof fetch;
  post?: HttpPost;
  /** Per request, connect to last byte. */
  timeoutMs: number;
  mailer: MailSender;
  clock: Clock;
}

/**
 * One kind of contact method. `config` is what a user stores for it (validated by
 * configSchema); describe() is safe to show anyone who can see the contact method, so it
 * never contains a secret.
 */
export interface Channel<T extends string, C> {
  readonly type: T;
  readonly label: string;
  readonly configSchema: z.ZodType<C>;
  describe(config: C): string;
  send(message: NotificationMessage, config: C, ctx: ChannelContext): Promise<DeliveryResult>;
}
