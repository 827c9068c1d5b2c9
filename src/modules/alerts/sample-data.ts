import type { Db } from '../../db/database.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { addTimeline } from '../incidents/index.js';
import type { Suppression } from './alert-rules.domain.js';
import { bumpRulesVersion } from './alert-rules.repository.js';
import { invalidateAlertRules } from './alert-rules.cache.js';
import type { AlertEventsTable, AlertsTable, EventOutcome } from './alerts.table.js';
import type { NormalizedEvent } from './formats/index.js';
import { parseAlertmanager } from './formats/alertmanager.js';
import { parsePagerDuty } from './formats/pagerduty.js';
import { integrationActor } from './incident-link.js';
import { invalidateTargets } from './ingest-targets.js';
import { createIntegration } from './integrations.service.js';
import { createWindow } from './maintenance-windows.service.js';
import { createRule } from './routing-rules.service.js';
import { createSilence } from './silences.service.js';
import {
  hour,
  iso,
  maintenanceStart,
  minute,
  sampleAlerts,
  type SampleAlert,
  type Step,
} from './sample-data.alerts.js';

/**
 * Sample alerts for the sample services (after the sample incidents, which they are linked to),
 * with their raw events as the real senders would have posted them (parsed by the real parsers),
 * and what explains the quiet ones: a silence, a routing rule and a recurring maintenance window,
 * each with the alert it kept from paging. Written directly, at times before "now": nothing is
 * paged and no incident is opened. Everything here hangs off the sample services (integrations
 * are marked is_sample, the rest is named "Sample · …") and goes with them.
 */

export async function loadAlertsSample(ctx: ServiceContext, actor: Actor): Promise<void> {
  if ((await countAlertsSample(ctx.db)) > 0) return;
  const services = await ctx.db
    .selectFrom('services')
    .select(['id', 'name'])
    .where('is_sample', '=', 1)
    .execute();
  const serviceId = (name: SampleAlert['service']) => services.find((s) => s.name === `Sample · ${name}`)?.id;
  const checkout = serviceId('Checkout API');
  const payments = serviceId('Payments gateway');
  const search = serviceId('Search');
  if (!checkout || !payments || !search) return;
  const now = ctx.clock.now();
  const alan = await ctx.db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('email', '=', 'alan.sample@example.com')
    .executeTakeFirst();
  const alanActor: Actor = alan
    ? { ...actor, userId: alan.id, label: `${alan.name} <${alan.email}>` }
    : actor;

  const integrations = {
    'Checkout API': await createIntegration(
      ctx,
      actor,
      checkout,
      { type: 'alertmanager', name: 'Sample · Prometheus (shop)', config: {} },
      { isSample: true },
    ),
    'Payments gateway': await createIntegration(
      ctx,
      actor,
      payments,
      { type: 'pagerduty', name: 'Sample · Datadog', config: {} },
      { isSample: true },
    ),
    Search: await createIntegration(
      ctx,
      actor,
      search,
      { type: 'alertmanager', name: 'Sample · Prometheus (search)', config: {} },
      { isSample: true },
    ),
  };
  const silence = await createSilence(ctx, alanActor, {
    matchers: [{ label: 'instance', op: '=', value: 'search-db-3' }],
    startsAt: iso(now - 20 * minute),
    endsAt: iso(now + 100 * minute),
    comment: 'Sample · Re-indexing search-db-3 (planned): its disk alerts are expected',
    serviceId: search,
  });
  const rule = await createRule(ctx, actor, {
    name: 'Sample · Staging alerts are recorded, not paged',
    serviceId: checkout,
    enabled: true,
    match: 'all',
    conditions: [{ field: 'label', key: 'env', op: 'equals', value: 'staging' }],
    actions: { suppress: true },
    continue: false,
  });
  const window = await createWindow(ctx, actor, {
    title: 'Sample · Weekly patching of the payment hosts',
    description: 'Sample window: the hosts reboot one by one; host checks are expected to fail.',
    serviceIds: [payments],
    startsAt: iso(maintenanceStart(now)),
    endsAt: iso(maintenanceStart(now) + hour),
    timeZone: 'Europe/Berlin',
    recurrence: { frequency: 'weekly', interval: 1, until: null },
  });
  const why: Record<NonNullable<SampleAlert['quiet']>, Suppression> = {
    silence: { kind: 'silence', id: silence.id, name: silence.comment },
    rule: { kind: 'rule', id: rule.id, name: rule.name },
    maintenance: { kind: 'maintenance', id: window.id, name: window.title },
  };

  await ctx.db.transaction().execute(async (db) => {
    const incidents = await db
      .selectFrom('incidents')
      .select(['id', 'group_key', 'merged_into_id'])
      .where('is_sample', '=', 1)
      .execute();
    /** Each sample integration's latest event: its "last event received". */
    const latest = new Map<string, number>();
    /** Sample incidents whose first alert is written. */
    const linked = new Set<string>();
    for (const a of sampleAlerts(now)) {
      const integration = integrations[a.service];
      const label = integrationActor(integration);
      const sent = a.steps.map((step) => {
        const { format, payload } = a.body(step, now);
        const parse = format === 'pagerduty' ? parsePagerDuty : parseAlertmanager;
        const parsed = parse(payload, { now: step.at, newKey: () => newId(step.at), headers: {} });
        if (!parsed.ok) throw new Error(`sample ${format} payload rejected: ${parsed.errors.join('; ')}`);
        return { step, format, payload, event: parsed.events[0]! };
      });
      const first = sent[0]!.event;
      const last = sent[sent.length - 1]!.step;
      const incident = incidents.find((i) => i.group_key === a.incident);
      // An alert of a merged incident moved to the one it went into, as merging does.
      const incidentId = incident ? (incident.merged_into_id ?? incident.id) : null;
      const alert = alertRow(
        a,
        first,
        sent,
        integration.id,
        integration.serviceId,
        incidentId,
        a.quiet && why[a.quiet],
      );
      await db.insertInto('alerts').values(alert).execute();
      let prev: string | null = null;
      for (const [i, s] of sent.entries()) {
        const outcome: EventOutcome =
          s.step.action === 'resolve'
            ? 'resolved'
            : a.quiet
              ? 'suppressed'
              : i === 0
                ? 'opened'
                : 'refreshed';
        const row: AlertEventsTable = {
          id: newId(s.step.at),
          received_at: s.step.at,
          integration_id: integration.id,
          service_id: alert.service_id,
          format: s.format,
          action: s.step.action,
          dedup_key: first.dedupKey,
          alert_id: alert.id,
          outcome,
          payload: JSON.stringify(s.payload),
          expires_at: s.step.at + ctx.config.rawEventRetentionMs,
          prev_id: prev,
        };
        await db.insertInto('alert_events').values(row).execute();
        prev = row.id;
      }
      await db.updateTable('alerts').set({ last_event_id: prev }).where('id', '=', alert.id).execute();
      latest.set(integration.id, Math.max(latest.get(integration.id) ?? 0, last.at));
      if (!incident || !incidentId) continue;
      const body = { alertId: alert.id, dedupKey: alert.dedup_key, summary: alert.summary };
      if (!linked.has(incident.id)) {
        // The sample incident's own "alert linked" entry names its first alert, and its sender.
        linked.add(incident.id);
        await db
          .updateTable('incident_timeline')
          .set({ body: JSON.stringify(body), actor_label: label.label })
          .where('incident_id', '=', incident.id)
          .where('kind', '=', 'alert_linked')
          .execute();
        await db
          .updateTable('incident_timeline')
          .set({ actor_label: label.label })
          .where('incident_id', '=', incident.id)
          .where('kind', '=', 'triggered')
          .execute();
      } else {
        await addTimeline(db, alert.created_at, incidentId, 'alert_linked', label, body);
      }
      if (incidentId !== incident.id) {
        // Merging moved it, and said so on the incident it went into.
        const merged = await db
          .selectFrom('incident_timeline')
          .select('at')
          .where('incident_id', '=', incidentId)
          .where('kind', '=', 'merged')
          .executeTakeFirst();
        await addTimeline(db, (merged?.at ?? alert.created_at) + 1, incidentId, 'alert_linked', label, body);
      }
      if (last.action === 'resolve')
        await addTimeline(db, last.at, incidentId, 'alert_resolved', label, body);
    }
    for (const [id, at] of latest)
      await db.updateTable('integrations').set({ last_event_at: at }).where('id', '=', id).execute();
  });
}

function alertRow(
  a: SampleAlert,
  first: NormalizedEvent,
  sent: { step: Step }[],
  integrationId: string,
  serviceId: string,
  incidentId: string | null,
  suppression: Suppression | undefined,
): AlertsTable {
  const created = sent[0]!.step.at;
  const last = sent[sent.length - 1]!.step;
  return {
    id: newId(created),
    service_id: serviceId,
    integration_id: integrationId,
    dedup_key: first.dedupKey,
    status: last.action === 'resolve' ? 'resolved' : 'triggered',
    summary: first.summary,
    source: first.source,
    severity: first.severity,
    priority: first.priority,
    labels: JSON.stringify(first.labels),
    details: JSON.stringify(first.details),
    links: JSON.stringify(first.links),
    images: JSON.stringify(first.images),
    group_key: a.incident ?? first.groupKey,
    incident_id: incidentId,
    event_count: sent.filter((s) => s.step.action === 'trigger').length,
    created_at: created,
    last_event_at: last.at,
    acknowledged_at: null,
    resolved_at: last.action === 'resolve' ? last.at : null,
    updated_at: last.at,
    suppressed: suppression ? 1 : 0,
    suppression: suppression ? JSON.stringify(suppression) : null,
    flapping: 0,
    routed_by: JSON.stringify(
      suppression?.kind === 'rule' ? [{ ruleId: suppression.id, name: suppression.name }] : [],
    ),
    last_event_id: null,
  };
}

const sampleServiceIds = (db: Db) => db.selectFrom('services').select('id').where('is_sample', '=', 1);

/** Removes the sample alerts, their raw events, integrations, silence, rule and window. */
export async function removeAlertsSample(db: Db): Promise<number> {
  const alerts = await db
    .deleteFrom('alerts')
    .where('service_id', 'in', sampleServiceIds(db))
    .executeTakeFirst();
  await db.deleteFrom('alert_events').where('service_id', 'in', sampleServiceIds(db)).execute();
  await db.deleteFrom('integrations').where('service_id', 'in', sampleServiceIds(db)).execute();
  await db.deleteFrom('silences').where('service_id', 'in', sampleServiceIds(db)).execute();
  await db.deleteFrom('routing_rules').where('service_id', 'in', sampleServiceIds(db)).execute();
  await db
    .deleteFrom('maintenance_windows')
    .where('title', 'like', 'Sample · %')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('maintenance_window_services')
        .select('window_id')
        .where('service_id', 'in', sampleServiceIds(db)),
    )
    .execute();
  await bumpRulesVersion(db);
  invalidateAlertRules(db);
  invalidateTargets(db);
  return Number(alerts.numDeletedRows);
}

export async function countAlertsSample(db: Db): Promise<number> {
  const r = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', 'in', sampleServiceIds(db))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
