import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { alertEvent, alertSchema, groupFields, joinGroupKey } from './alert-group.js';
import type { ParseContext, ParseResult } from './types.js';
import { validate } from './validate.js';

/**
 * Grafana Alerting's webhook contact point: the Alertmanager group shape (see alert-group.ts) plus
 * orgId, state, title and message on the group, and values, valueString, silenceURL, dashboardURL,
 * panelURL and imageURL on each alert. One event per alert. The group key includes the orgId,
 * since every Grafana organization has its own receivers and group keys.
 */
const grafanaAlert = alertSchema.extend({
  values: z.record(z.string(), z.unknown()).nullish(),
  valueString: z.string().optional(),
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
});

const grafanaSchema = z.object({
  ...groupFields,
  orgId: z.number().optional(),
  state: z.string().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  alerts: z.array(grafanaAlert).min(1),
});

export function parseGrafana(body: unknown, _ctx: ParseContext): ParseResult {
  const checked = validate(grafanaSchema, body);
  if (!checked.ok) return checked;
  const n = checked.data;
  const externalUrl = n.externalURL || null;
  const group = {
    groupKey: joinGroupKey([n.receiver, n.orgId], n.groupKey),
    commonAnnotations: n.commonAnnotations ?? {},
    client: 'Grafana',
    clientUrl: externalUrl,
  };
  const events = n.alerts.map((a) => {
    const details: Record<string, unknown> = {};
    if (a.values && Object.keys(a.values).length > 0) details.values = a.values;
    if (a.valueString) details.valueString = a.valueString;
    return alertEvent(a, group, {
      details,
      links: [
        ...(a.silenceURL ? [{ href: a.silenceURL, text: 'Silence' }] : []),
        ...(a.dashboardURL ? [{ href: a.dashboardURL, text: 'Dashboard' }] : []),
        ...(a.panelURL ? [{ href: a.panelURL, text: 'Panel' }] : []),
        ...(externalUrl ? [{ href: externalUrl, text: 'Grafana' }] : []),
      ],
      images: a.imageURL
        ? [{ src: a.imageURL, href: a.panelURL || a.dashboardURL || null, alt: 'Panel screenshot' }]
        : [],
      fallbackTitle: n.title || 'Grafana alert',
    });
  });
  return { ok: true, events };
}

/** Grafana's default signature header (its HMAC settings let the user rename it). */
export const grafanaSignatureHeader = 'x-grafana-alerting-signature';

export interface GrafanaSignatureOptions {
  /** The signature header, when the contact point names another one. */
  header?: string;
  /**
   * Set when the contact point has a Timestamp Header (Grafana has no default name for it). Grafana
   * then signs `timestamp + ":" + body` and sends Unix seconds in that header; a request whose
   * timestamp is missing or further than toleranceMs (default 5 minutes) from `now` fails.
   */
  timestamp?: { header: string; now: number; toleranceMs?: number };
}

/**
 * Checks Grafana's HMAC signature: hex HMAC-SHA256, keyed with the shared secret, of the raw body
 * (or of `timestamp:body` when a timestamp header is configured), compared in constant time.
 * False on an empty secret, a missing, repeated or malformed header, or a stale timestamp.
 */
export function verifyGrafanaSignature(
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  options: GrafanaSignatureOptions = {},
): boolean {
  if (secret === '') return false;
  const signature = headerValue(headers, options.header ?? grafanaSignatureHeader);
  if (signature === null || !/^[0-9a-fA-F]{64}$/.test(signature.trim())) return false;
  const hmac = createHmac('sha256', secret);
  if (options.timestamp) {
    const { header, now, toleranceMs = 5 * 60_000 } = options.timestamp;
    const ts = headerValue(headers, header)?.trim() ?? '';
    if (!/^\d{1,12}$/.test(ts) || Math.abs(now - Number(ts) * 1000) > toleranceMs) return false;
    hmac.update(`${ts}:`);
  }
  const expected = hmac.update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signature.trim(), 'hex'));
}

/** One header's value by case-insensitive name; null when absent or sent more than once. */
function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const wanted = name.toLowerCase();
  let found: string | null = null;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (found !== null || (Array.isArray(value) && value.length !== 1)) return null;
    found = Array.isArray(value) ? value[0]! : value;
  }
  return found;
}
