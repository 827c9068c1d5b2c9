import { z } from 'zod';
import { alertEvent, alertSchema, groupFields, joinGroupKey } from './alert-group.js';
import { senderTime } from './timestamp.js';
import type { ParseContext, ParseResult } from './types.js';
import { stringMap, validate } from './validate.js';

/**
 * Alertmanager's webhook_config notification (payload version "4"): one event per alert, firing
 * → trigger, resolved → resolve, all with the group's key. See alert-group.ts for the mapping.
 *
 * A JSON array is read as the other shape Alertmanager speaks, "postable alerts": what Prometheus
 * itself POSTs to an Alertmanager's /api/v2/alerts (parsePrometheusAlerts), so Prometheus can
 * name Keel as its Alertmanager.
 */
const webhookSchema = z.object({ ...groupFields, alerts: z.array(alertSchema).min(1) });

export function parseAlertmanager(body: unknown, ctx: ParseContext): ParseResult {
  if (Array.isArray(body)) return parsePrometheusAlerts(body, ctx);
  const checked = validate(webhookSchema, body);
  if (!checked.ok) return checked;
  const n = checked.data;
  const externalUrl = n.externalURL || null;
  const group = {
    groupKey: joinGroupKey([n.receiver], n.groupKey),
    commonAnnotations: n.commonAnnotations ?? {},
    client: 'Alertmanager',
    clientUrl: externalUrl,
  };
  const links = externalUrl ? [{ href: externalUrl, text: 'Alertmanager' }] : [];
  return {
    ok: true,
    events: n.alerts.map((a) => alertEvent(a, group, { links, fallbackTitle: 'Alertmanager alert' })),
  };
}

/**
 * Postable alerts (Alertmanager API v2, `POST /api/v2/alerts`), as Prometheus sends them: no
 * status and no fingerprint. Prometheus re-sends every firing alert with endsAt a few minutes
 * ahead and a resolved one with endsAt in the past, so an alert whose endsAt is at or before
 * ctx.now is resolved, otherwise firing. Dedup key: SHA-256 of the sorted labels. No group key:
 * Prometheus does no grouping.
 */
const postableSchema = z
  .array(
    z.object({
      labels: stringMap.refine((l) => Object.keys(l).length > 0, { message: 'must not be empty' }),
      annotations: stringMap.optional(),
      startsAt: z.string().optional(),
      endsAt: z.string().optional(),
      generatorURL: z.string().optional(),
    }),
  )
  .min(1);

export function parsePrometheusAlerts(body: unknown, ctx: ParseContext): ParseResult {
  const checked = validate(postableSchema, body);
  if (!checked.ok) return checked;
  const group = { groupKey: null, commonAnnotations: {}, client: 'Prometheus', clientUrl: null };
  const events = checked.data.map((a) => {
    const ends = senderTime(a.endsAt);
    const status = ends !== null && ends <= ctx.now ? ('resolved' as const) : ('firing' as const);
    return alertEvent({ ...a, status }, group, { fallbackTitle: 'Prometheus alert' });
  });
  return { ok: true, events };
}
