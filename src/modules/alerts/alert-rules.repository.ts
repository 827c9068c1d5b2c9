import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { serviceSettings, type ServiceSettings } from '../services/index.js';
import { WindowActivity, type AlertRulesSnapshot } from './alert-rules.domain.js';
import type { MaintenanceWindowsTable } from './alert-rules.table.js';
import type { Schedule } from './recurrence.domain.js';
import { compileRule, type CompiledRule, type RuleActions, type RuleCondition } from './routing.domain.js';
import { compileSilence, type SilenceMatcher } from './silences.domain.js';

/** The counter every change to rules, silences and windows bumps, in the changing transaction. */
export const rulesVersionCounter = 'alert_rules_version';

export async function bumpRulesVersion(db: Db): Promise<void> {
  await db
    .updateTable('counters')
    .set({ value: sql<number>`value + 1` })
    .where('name', '=', rulesVersionCounter)
    .execute();
}

/**
 * A cheap fingerprint of everything a snapshot holds: the rules counter, and the services'
 * count and latest change (services are changed by their own module, which knows nothing of
 * this cache). Two reads of a one-row table and of the services table.
 */
export async function readRulesStamp(db: Db): Promise<string> {
  const { rows } = await sql<{ v: number | null; n: number; u: number | null }>`
    select (select value from counters where name = ${rulesVersionCounter}) as v,
           (select count(*) from services) as n,
           (select max(updated_at) from services) as u`.execute(db);
  const r = rows[0];
  return `${String(r?.v)}:${String(r?.n)}:${String(r?.u)}`;
}

export function scheduleOf(w: MaintenanceWindowsTable): Schedule {
  return {
    startsAt: w.starts_at,
    endsAt: w.ends_at,
    timeZone: w.time_zone,
    recurrence: w.recurrence_frequency
      ? {
          frequency: w.recurrence_frequency,
          interval: w.recurrence_interval ?? 1,
          until: w.recurrence_until,
        }
      : null,
  };
}

/** Loads and compiles everything the pipeline applies (rows were validated when written). */
export async function loadRulesSnapshot(db: Db, now: number): Promise<AlertRulesSnapshot> {
  const serviceRows = await db.selectFrom('services').select(['id', 'name', 'settings']).execute();
  const services = new Map<string, { name: string; settings: ServiceSettings }>(
    serviceRows.map((s) => [s.id, { name: s.name, settings: serviceSettings.parse(JSON.parse(s.settings)) }]),
  );

  const ruleRows = await db
    .selectFrom('routing_rules')
    .selectAll()
    .where('enabled', '=', 1)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const global: CompiledRule[] = [];
  const byService = new Map<string, CompiledRule[]>();
  const rerouteTargets = new Set<string>();
  for (const r of ruleRows) {
    const rule = compileRule({
      id: r.id,
      name: r.name,
      match: r.match,
      conditions: JSON.parse(r.conditions) as RuleCondition[],
      actions: JSON.parse(r.actions) as RuleActions,
      continues: r.continues === 1,
    });
    if (r.service_id === null) {
      global.push(rule);
      if (rule.actions.serviceId) rerouteTargets.add(rule.actions.serviceId);
    } else {
      const list = byService.get(r.service_id) ?? [];
      list.push(rule);
      byService.set(r.service_id, list);
    }
  }

  const silenceRows = await db
    .selectFrom('silences')
    .selectAll()
    .where('ends_at', '>', now)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  const silences = silenceRows.map((s) =>
    compileSilence({
      id: s.id,
      matchers: JSON.parse(s.matchers) as SilenceMatcher[],
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      serviceId: s.service_id,
      comment: s.comment,
    }),
  );

  const windowRows = await db
    .selectFrom('maintenance_windows')
    .innerJoin('maintenance_window_services as ws', 'ws.window_id', 'maintenance_windows.id')
    .selectAll('maintenance_windows')
    .select('ws.service_id')
    .where((eb) => eb.or([eb('last_ends_at', 'is', null), eb('last_ends_at', '>', now)]))
    .orderBy('maintenance_windows.starts_at')
    .execute();
  const activities = new Map<string, WindowActivity>();
  const windows = new Map<string, WindowActivity[]>();
  for (const w of windowRows) {
    let a = activities.get(w.id);
    if (!a) {
      a = new WindowActivity(w.id, w.title, scheduleOf(w));
      activities.set(w.id, a);
    }
    const list = windows.get(w.service_id) ?? [];
    list.push(a);
    windows.set(w.service_id, list);
  }
  return { services, global, byService, silences, windows, rerouteTargets };
}
