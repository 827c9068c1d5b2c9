import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { touchIncidents } from '../incidents/index.js';
import { routeTrigger } from './alert-rules.apply.js';
import type { AlertRulesSnapshot } from './alert-rules.domain.js';
import type { AlertsTable } from './alerts.table.js';
import { flappingSince } from './flapping.domain.js';
import type { NormalizedEvent } from './formats/index.js';
import type { EventResult, IngestTarget } from './pipeline.js';

/**
 * What the batch pass found for the first trigger of a key that no alert that pages answered:
 * the key's open alert (a suppressed one; null: none) and, when its service watches for flapping,
 * its alerts resolved since the flapping window began (newest first, at most 1,001, as
 * selectRecentlyResolved reads them). applyOne uses them instead of asking again.
 */
export interface Missed {
  missed: true;
  open: AlertsTable | null;
  recentlyResolved: { resolved_at: number | null; incident_id: string | null }[] | null;
}

/**
 * What the batch pass decided for one event: its result (a repeated trigger, refreshed), Missed
 * (the first trigger of its key, with what applyOne would read) or undefined (applyOne does
 * everything, as without the pass).
 */
export type Prepass = EventResult | Missed | undefined;

interface Pair {
  serviceId: string;
  dedupKey: string;
  summary: string;
  details: string;
  labels: string;
  links: string;
  /** How many of the batch's triggers repeat this alert. */
  n: number;
  /** [request, event] of each of them, in batch order. */
  slots: [number, number][];
  /** The flapping window's start, when the (routed) service watches for flapping. */
  flappingSince: number | null;
}

/**
 * PostgreSQL: a batch's repeated triggers refreshed in one statement, and their incidents touched
 * in one more, instead of a round trip or two each (most events repeat an open alert; on one
 * connection the round trips were what bounded ingest: bench:ingest, docs/benchmarks.md).
 *
 * The result is what applying the batch in order would give. A trigger is taken here only when
 * every earlier event of the batch with its dedup key was taken here too (a resolve or an
 * acknowledge before it, or anything the pass does not do, leaves the key to applyOne from there
 * on, in order). Triggers of one alert in the batch count each, and the alert keeps the text of
 * the last, as one after the other would. Everything a refresh changes is the alert's own row and
 * its incident's last activity, which no other key's events read, so doing these first does not
 * change what the others find. Routing is decided as applyOne decides it (routeTrigger, the same
 * snapshot of the rules); a refresh is the same whatever the verdict.
 */
export async function refreshRepeats(
  db: Db,
  now: number,
  rules: AlertRulesSnapshot,
  items: readonly { target: IngestTarget; events: readonly NormalizedEvent[] }[],
): Promise<Prepass[][]> {
  const out: Prepass[][] = items.map((item) => new Array<Prepass>(item.events.length));
  const leftToApplyOne = new Set<string>();
  const pairs = new Map<string, Pair>();
  items.forEach((item, i) => {
    item.events.forEach((sent, j) => {
      if (sent.action !== 'trigger' || leftToApplyOne.has(sent.dedupKey)) {
        leftToApplyOne.add(sent.dedupKey);
        return;
      }
      const { target, event } = routeTrigger(rules, item.target, sent, now);
      const serviceId = target.integration.service_id;
      const key = pairKey({ serviceId, dedupKey: event.dedupKey });
      let pair = pairs.get(key);
      if (!pair) {
        const flapping = target.settings.flapping;
        pair = {
          flappingSince: flapping.enabled ? flappingSince(flapping, now) : null,
          serviceId,
          dedupKey: event.dedupKey,
          summary: '',
          details: '',
          labels: '',
          links: '',
          n: 0,
          slots: [],
        };
        pairs.set(key, pair);
      }
      // The alert keeps the last trigger's text, its summary only when it has one.
      if (event.summary !== '') pair.summary = event.summary;
      pair.details = JSON.stringify(event.details);
      pair.labels = JSON.stringify(event.labels);
      pair.links = JSON.stringify(event.links);
      pair.n++;
      pair.slots.push([i, j]);
    });
  });
  if (pairs.size === 0) return out;
  const list = [...pairs.values()];
  const hits = await refreshAlerts(db, now, list);
  const incidents = new Set<string>();
  const missed: Pair[] = [];
  for (const pair of list) {
    const hit = hits.get(pairKey(pair));
    if (!hit) {
      missed.push(pair);
      continue;
    }
    if (hit.incident_id) incidents.add(hit.incident_id);
    for (const [i, j] of pair.slots)
      out[i]![j] = { dedupKey: pair.dedupKey, outcome: 'refreshed', alertId: hit.id };
  }
  if (missed.length > 0) {
    // Mostly new keys: what applyOne reads for a new alert, for all of them at once. The first
    // trigger opens the alert in applyOne; the ones after it refresh that alert there.
    const open = await openAlerts(db, missed);
    const resolved = await recentlyResolved(db, missed);
    for (const pair of missed) {
      const [i, j] = pair.slots[0]!;
      out[i]![j] = {
        missed: true,
        open: open.get(pairKey(pair)) ?? null,
        recentlyResolved: pair.flappingSince === null ? null : (resolved.get(pairKey(pair)) ?? []),
      };
    }
  }
  await touchIncidents(db, now, incidents);
  return out;
}

/**
 * One UPDATE over the pairs (unnest of one array per column: the statement's text is the same
 * for every batch): each alert of (service, dedup key) that pages (open, not suppressed) takes the
 * text and counts the triggers. 'resolved' is a literal, for the partial unique index (see
 * selectOpenAlert).
 */
async function refreshAlerts(
  db: Db,
  now: number,
  pairs: readonly Pair[],
): Promise<Map<string, { id: string; incident_id: string | null }>> {
  const column = <K extends keyof Pair>(k: K) => pairs.map((p) => p[k]);
  const { rows } = await sql<{
    id: string;
    incident_id: string | null;
    service_id: string;
    dedup_key: string;
  }>`
    update alerts as a set
      summary = case when v.summary = '' then a.summary else v.summary end,
      details = v.details, labels = v.labels, links = v.links,
      event_count = a.event_count + v.n, last_event_at = ${now}, updated_at = ${now}
    from unnest(${column('serviceId')}::text[], ${column('dedupKey')}::text[], ${column('summary')}::text[],
      ${column('details')}::text[], ${column('labels')}::text[], ${column('links')}::text[],
      ${column('n')}::int[]) as v(service_id, dedup_key, summary, details, labels, links, n)
    where a.service_id = v.service_id and a.dedup_key = v.dedup_key
      and a.status <> 'resolved' and a.suppressed = 0
    returning a.id, a.incident_id, a.service_id, a.dedup_key`.execute(db);
  return new Map(rows.map((r) => [pairKey({ serviceId: r.service_id, dedupKey: r.dedup_key }), r]));
}

const pairKey = (p: { serviceId: string; dedupKey: string }) => `${p.serviceId}\u0000${p.dedupKey}`;

/** The open alerts (none pages: suppressed) of the pairs, by pair. */
async function openAlerts(db: Db, pairs: readonly Pair[]): Promise<Map<string, AlertsTable>> {
  const { rows } = await sql<AlertsTable>`
    select a.* from alerts as a
    join unnest(${pairs.map((p) => p.serviceId)}::text[], ${pairs.map((p) => p.dedupKey)}::text[])
      as v(service_id, dedup_key)
      on a.service_id = v.service_id and a.dedup_key = v.dedup_key
    where a.status <> 'resolved'`.execute(db);
  return new Map(rows.map((r) => [pairKey({ serviceId: r.service_id, dedupKey: r.dedup_key }), r]));
}

/** selectRecentlyResolved for the pairs whose service watches for flapping, by pair. */
async function recentlyResolved(
  db: Db,
  pairs: readonly Pair[],
): Promise<Map<string, { resolved_at: number | null; incident_id: string | null }[]>> {
  const watched = pairs.filter((p) => p.flappingSince !== null);
  const out = new Map<string, { resolved_at: number | null; incident_id: string | null }[]>();
  if (watched.length === 0) return out;
  const { rows } = await sql<{
    service_id: string;
    dedup_key: string;
    resolved_at: number | null;
    incident_id: string | null;
  }>`
    select v.service_id, v.dedup_key, r.resolved_at, r.incident_id
    from unnest(${watched.map((p) => p.serviceId)}::text[], ${watched.map((p) => p.dedupKey)}::text[],
      ${watched.map((p) => p.flappingSince)}::bigint[]) as v(service_id, dedup_key, since)
    cross join lateral (
      select a.resolved_at, a.incident_id from alerts as a
      where a.service_id = v.service_id and a.dedup_key = v.dedup_key
        and a.status = 'resolved' and a.resolved_at >= v.since
      order by a.resolved_at desc
      limit 1001) as r
    order by v.service_id, v.dedup_key, r.resolved_at desc`.execute(db);
  for (const r of rows) {
    const key = pairKey({ serviceId: r.service_id, dedupKey: r.dedup_key });
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ resolved_at: r.resolved_at, incident_id: r.incident_id });
  }
  return out;
}
