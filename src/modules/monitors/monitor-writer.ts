import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { PendingEvents, type EventBus } from '../../lib/events.js';
import { applyEvents, touchIntegrations, type IngestTarget, type NormalizedEvent } from '../alerts/index.js';
import { findService, serviceSettings } from '../services/index.js';
import type { CheckResult } from './checkers/index.js';
import { heartbeatDeadline, type HeartbeatConfig } from './heartbeat.domain.js';
import { eventsFor, isDownish, nextState, type MonitorEvent } from './monitor-state.domain.js';
import { addRollups, insertResults, type RollupKey } from './monitor-results.repository.js';
import {
  checkStateChange,
  insertStateChanges,
  type NewStateChange,
} from './monitor-state-changes.repository.js';
import type { MonitorRow } from './monitors.repository.js';
import type { MonitorState, RollupPeriod } from './monitors.table.js';
import { addResult, bucketStart, emptyRollup, type Rollup } from './rollups.domain.js';

export interface CheckOutcome {
  monitor: MonitorRow;
  result: CheckResult;
  /** When the check finished (the result's time). */
  at: number;
  /** A heartbeat ping (success or fail): no lease to fence, and it sets last_ping_at. */
  ping?: boolean;
}

/** The next due time on the monitor's own grid (phase kept, so checks stay spread), after `now`. */
export function nextDue(previousDue: number, intervalMs: number, now: number): number {
  let next = previousDue + intervalMs;
  if (next <= now) next += Math.ceil((now - next + 1) / intervalMs) * intervalMs;
  return next;
}

/** A monitor transition as a Keel event for the alert pipeline (labels say which monitor). */
function normalized(m: MonitorRow, e: MonitorEvent, result: CheckResult, now: number): NormalizedEvent {
  return {
    action: e.action,
    dedupKey: e.dedupKey,
    summary: e.summary,
    source: 'keel-monitor',
    severity: e.action === 'trigger' ? e.severity : 'info',
    priority: null,
    component: m.name,
    group: null,
    class: m.type,
    labels: { monitor: m.name, monitor_id: m.id, monitor_type: m.type },
    details: {
      message: result.message,
      latencyMs: result.latencyMs,
      ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
    },
    links: [],
    images: [],
    occurredAt: now,
    groupKey: null,
    client: 'Keel monitors',
    clientUrl: null,
    description: null,
  };
}

/**
 * Records a batch of check results in one transaction: raw results, rollups (minute, hour, day,
 * added to what is stored), each monitor's new state and next due time (releasing the lease),
 * and the alert events of every transition through the same pipeline as external events, so a
 * state change and its alert commit together. Results of monitors whose lease this node lost
 * (another node took over) or that were deleted are dropped.
 */
export async function writeResults(
  db: Db,
  clock: Clock,
  bus: EventBus,
  nodeId: string,
  batch: readonly CheckOutcome[],
): Promise<void> {
  if (batch.length === 0) return;
  const now = clock.now();
  const pending = new PendingEvents();
  await db.transaction().execute(async (trx) => {
    const ids = [...new Set(batch.map((b) => b.monitor.id))];
    const current = new Map(
      (await trx.selectFrom('monitors').selectAll().where('id', 'in', ids).execute()).map((r) => [r.id, r]),
    );
    const depIds = new Set<string>();
    for (const m of current.values()) for (const d of JSON.parse(m.depends_on) as string[]) depIds.add(d);
    const states = new Map<string, MonitorState>();
    if (depIds.size) {
      const rows = await trx
        .selectFrom('monitors')
        .select(['id', 'state'])
        .where('id', 'in', [...depIds])
        .execute();
      for (const r of rows) states.set(r.id, r.state);
    }
    const results = [];
    const rollups = new Map<string, [RollupKey, Rollup]>();
    const transitions: { m: MonitorRow; events: MonitorEvent[]; result: CheckResult }[] = [];
    const stateChanges: NewStateChange[] = []; // the state-change log, inserted once per batch
    for (const { monitor, result, at, ping } of batch) {
      const m = current.get(monitor.id);
      if (!m) continue;
      // A check whose lease this node lost, or whose monitor was rescheduled meanwhile (a
      // heartbeat ping moved the deadline, a resume), is dropped.
      if (!ping && (m.locked_by !== nodeId || Number(m.next_check_at) !== Number(monitor.next_check_at)))
        continue;
      if (ping && m.paused) continue;
      const from = m.state;
      const deps = JSON.parse(m.depends_on) as string[];
      const t = nextState({ state: m.state, failures: m.failures }, result.status, {
        inverted: m.inverted === 1,
        retries: m.retries,
        dependencyDown: deps.some((d) => isDownish(states.get(d) ?? 'pending')),
      });
      states.set(m.id, t.state);
      results.push({
        monitor_id: m.id,
        at,
        status: t.effective,
        latency_ms: result.latencyMs,
        message: t.effective === 'up' ? '' : result.message.slice(0, 500),
      });
      for (const period of ['m', 'h', 'd'] as RollupPeriod[]) {
        const start = bucketStart(at, period);
        const key = `${m.id}|${period}|${start}`;
        let entry = rollups.get(key);
        if (!entry)
          rollups.set(key, (entry = [{ monitorId: m.id, period, bucketStart: start }, emptyRollup()]));
        addResult(entry[1], t.effective, result.latencyMs);
      }
      const next =
        m.type === 'heartbeat'
          ? heartbeatDeadline(JSON.parse(m.config) as HeartbeatConfig, at)
          : nextDue(Number(m.next_check_at), m.interval_s * 1000, now);
      let update = trx
        .updateTable('monitors')
        .set({
          state: t.state,
          failures: t.failures,
          ...(t.changed && { state_changed_at: at }),
          last_check_at: at,
          last_latency_ms: result.latencyMs,
          last_message: result.message.slice(0, 500),
          next_check_at: next,
          // A ping also releases a lease a late-heartbeat check may hold: that check's result is
          // dropped (next_check_at moved), and the new deadline must be claimable on time.
          locked_by: null,
          locked_until: null,
          ...(ping && { last_ping_at: at, last_start_at: null }),
        })
        .where('id', '=', m.id);
      if (!ping) update = update.where('locked_by', '=', nodeId);
      await update.execute();
      m.state = t.state;
      m.failures = t.failures;
      if (t.changed) stateChanges.push(checkStateChange(m.id, from, t.state, at, result));
      const events = eventsFor(m, from, t.state, result.message);
      if (events.length) transitions.push({ m, events, result });
    }
    await insertResults(trx, results);
    await addRollups(trx, [...rollups.values()]);
    await insertStateChanges(trx, stateChanges);
    await sendTransitions(trx, now, pending, transitions);
  });
  pending.publishTo(bus, now);
}

async function sendTransitions(
  trx: Db,
  now: number,
  pending: PendingEvents,
  transitions: { m: MonitorRow; events: MonitorEvent[]; result: CheckResult }[],
): Promise<void> {
  const settings = new Map<string, IngestTarget['settings'] | null>();
  const touched: string[] = [];
  for (const { m, events, result } of transitions) {
    if (!m.integration_id) continue; // its integration was deleted: state is kept, nobody is paged
    if (!settings.has(m.service_id)) {
      const service = await findService(trx, m.service_id);
      settings.set(m.service_id, service ? serviceSettings.parse(JSON.parse(service.settings)) : null);
    }
    const s = settings.get(m.service_id);
    if (!s) continue;
    const target: IngestTarget = {
      integration: { id: m.integration_id, service_id: m.service_id, type: 'keel', name: 'Keel monitors' },
      settings: s,
    };
    const normalizedEvents = events.map((e) => normalized(m, e, result, now));
    await applyEvents(trx, now, pending, target, normalizedEvents, JSON.stringify(normalizedEvents));
    touched.push(m.integration_id);
  }
  await touchIntegrations(trx, now, touched);
}
