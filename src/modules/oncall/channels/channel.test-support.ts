import assert from 'node:assert/strict';
import { FakeClock } from '../../../lib/clock.js';
import type { ChannelContext, MailSender, NotificationMessage } from './channel.js';

/** A page as the delivery queue would build it. */
export function samplePage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    idempotencyKey: 'ntf_0195f3c2-7b1a-7000-8000-000000000042',
    kind: 'trigger',
    title: 'Checkout latency above 2 s',
    serviceName: 'checkout-api',
    severity: 'SEV1',
    urgency: 'high',
    incidentNumber: 42,
    incidentUrl: 'https://keel.example.com/incidents/42',
    ackUrl: 'https://keel.example.com/a/42?action=ack&sig=abc',
    resolveUrl: 'https://keel.example.com/a/42?action=resolve&sig=def',
    summary: 'p99 latency 2.4 s for 5 minutes on checkout-api',
    ...overrides,
  };
}

/** A mail sender that fails the test if used (channels that are not e-mail must not send mail). */
const noMail: MailSender = {
  send: () => Promise.reject(new Error('unexpected e-mail in a test that sends none')),
};

/**
 * A context whose fetch only reaches 127.0.0.1: any other outbound call fails the test
 * (it is recorded and reported by `assertNoStrayCalls`).
 */
export function testContext(overrides: Partial<ChannelContext> = {}): ChannelContext & { stray: string[] } {
  const stray: string[] = [];
  const localFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== '127.0.0.1') {
      stray.push(url.origin);
      return Promise.reject(new Error(`unexpected outbound call to ${url.origin}`));
    }
    return fetch(input, init);
  };
  return {
    fetch: localFetch,
    timeoutMs: 2_000,
    mailer: noMail,
    clock: new FakeClock('2026-03-01T12:00:00Z'),
    stray,
    ...overrides,
  };
}

export function assertNoStrayCalls(ctx: { stray: string[] }): void {
  assert.deepEqual(ctx.stray, [], 'a channel called something other than the test listener');
}

/** The last request a listener received, failing the test if there was none. */
export function lastRequest<T extends { requests: unknown[] }>(listener: T): T['requests'][number] {
  const req = listener.requests.at(-1);
  assert.ok(req, 'the listener received no request');
  return req;
}

/** A summary long enough to overflow every service's limits, with markup that must be escaped. */
export const hugeSummary = `<!channel> *bold* & <b>tags</b> ${'x'.repeat(20_000)} 😀`;
