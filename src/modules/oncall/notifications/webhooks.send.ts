import { createHmac } from 'node:crypto';
import { iso } from '../../../lib/time.js';
import type { ChannelContext, DeliveryResult } from '../channels/channel.js';
import { postOnce, urlSecrets } from '../channels/http.js';
import { incidentUrl, type IncidentFacts } from './message.js';

/** What is stored when a delivery is planned: the event time and the incident as it was then. */
export function snapshotOf(at: number, incident: IncidentFacts | null | undefined): string {
  return JSON.stringify({
    at: iso(at),
    incident: incident
      ? {
          id: incident.id,
          number: incident.number,
          title: incident.title,
          status: incident.status,
          severity: incident.severity,
          urgency: incident.urgency,
          service: incident.serviceId ? { id: incident.serviceId, name: incident.serviceName } : null,
        }
      : null,
  });
}

/**
 * The body sent (docs/oncall.md "Outgoing webhooks"), from the stored snapshot: the same bytes
 * on every attempt.
 */
export function renderBody(d: { id: string; event: string; body: string }, publicUrl: string): string {
  const snap = JSON.parse(d.body) as { at: string; incident: { id: string } | null };
  return JSON.stringify({
    version: 1,
    id: d.id,
    event: d.event,
    at: snap.at,
    incident: snap.incident ? { ...snap.incident, url: incidentUrl(publicUrl, snap.incident.id) } : null,
  });
}

/**
 * One signed POST of an outgoing webhook. Headers: `X-Keel-Event`, `X-Keel-Delivery` and
 * `X-Keel-Idempotency-Key` / `Idempotency-Key` (the delivery id, the same on every attempt),
 * `X-Keel-Timestamp` (Unix seconds of this attempt) and `X-Keel-Signature: sha256=<hex>`,
 * HMAC-SHA256 keyed with the subscription's secret over `<timestamp>.<raw body>`. A receiver
 * recomputes it, compares in constant time and refuses timestamps older than a few minutes.
 */
export function subscriptionSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function sendSubscriptionWebhook(
  ctx: ChannelContext,
  d: { url: string; secret: string; deliveryId: string; event: string; body: string },
): Promise<DeliveryResult> {
  const timestamp = String(Math.floor(ctx.clock.now() / 1000));
  let secrets: string[] = [d.secret];
  try {
    secrets = [d.secret, ...urlSecrets(d.url)];
  } catch {
    // an unparsable URL fails in fetch, with nothing to mask but the secret
  }
  return postOnce(ctx, {
    url: d.url,
    headers: {
      'content-type': 'application/json',
      'x-keel-event': d.event,
      'x-keel-delivery': d.deliveryId,
      'x-keel-idempotency-key': d.deliveryId,
      'idempotency-key': d.deliveryId,
      'x-keel-timestamp': timestamp,
      'x-keel-signature': `sha256=${subscriptionSignature(d.secret, timestamp, d.body)}`,
    },
    body: d.body,
    secrets,
  });
}
