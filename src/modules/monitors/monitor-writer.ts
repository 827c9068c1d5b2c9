import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import { kindOfDb, lockRows } from '../../db/dialect.js';
import { prepared } from '../../db/prepared.js';
import type { Clock } from '../../lib/clock.js';
import { PendingEvents, type EventBus } from '../../lib/events.js';
import { applyEvents, touchIntegrations, type IngestTarget, type NormalizedEvent } from '../alerts/index.js';
import { findService, serviceSettings } from '../services/index.js';
import type { CheckResult } from './checkers/index.js';
import { heartbeatDeadline, type HeartbeatConfig } from './heartbeat.domain.js';
import {
  eventsFor,
  isDownish,
  nextState,
  type MonitorEvent,
  type Transition,
} from './monitor-state.domain.js';
import { addRollups, insertResults, type RollupKey } from './monitor-results.repository.js';
import {
  checkStateChange,
  insertStateChanges,
  type NewStateChange,
} from './monitor-state-changes.repository.js';
import type { MonitorRow } from './monitors.repository.js';
import { rollupPeriods, type MonitorResultsTable, type MonitorState } from './monitors.table.js';
import { addResult, bucketStart, emptyRollup, type Rollup } from './rollups.domain.js';

export interface CheckOutcome {
  monitor: MonitorRow;
  result: CheckResult;
  /** When the check finished (the result's time). */
  at: number;
  /** A heartbeat ping (success or fail): no lease to fence, and it sets last_ping_at. */
  ping?: boolean;
  /**
   * A ping's result from the row it is written to (a run's duration since the row's
   * last_start_at); replaces `result` when given.
   */
  resultFor?: (lastStartAt: number | null) => CheckResult;
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

/** What the writer sets on a monitor row after a check or ping (prepared statements below). */
interface RowUpdate {
  id: string;
  state: MonitorState;
  failures: number;
  stateChangedAt: number;
  at: number;
  latencyMs: number;
  message: string;
  next: number;
  /** The row as the result was computed from it: the update applies only if it still is. */
  wasState: MonitorState;
  wasFailures: number;
  wasUpdatedAt: number;
  /** Pings: the last_start_at the run's duration was measured from. */
  wasStartAt: number | null;
}

/**
 * After a check: fenced by this node's lease and the due time it claimed (a check whose lease
 * was lost, or whose monitor was rescheduled meanwhile, changes nothing), and by the state,
 * failure count and updated_at the result was computed from (an edit or another writer since).
 *
 * Two statements of this shape: one for a check that changes the state, and one for a check that
 * leaves it as it was (nearly every check), which does not set state and state_changed_at —
 * SQLite rewrites every index on a column an UPDATE sets, changed or not, and state is indexed
 * (monitors_by_state): one b-tree page fewer dirtied (and written to the WAL at commit) per check.
 */
function checkUpdate(setsState: boolean) {
  return prepared((db, p: RowUpdate & { nodeId: string; wasNext: number }) =>
    db
      .updateTable('monitors')
      .set({
        ...(setsState && { state: p.state, state_changed_at: p.stateChangedAt }),
        failures: p.failures,
        last_check_at: p.at,
        last_latency_ms: p.latencyMs,
        last_message: p.message,
        next_check_at: p.next,
        locked_by: null,
        locked_until: null,
      })
      .where('id', '=', p.id)
      .where('locked_by', '=', p.nodeId)
      .where('next_check_at', '=', p.wasNext)
      .where('state', '=', p.wasState)
      .where('failures', '=', p.wasFailures)
      .where('updated_at', '=', p.wasUpdatedAt),
  );
}
const updateAfterCheck = checkUpdate(true);
const updateAfterCheckSameState = checkUpdate(false);

/**
 * After a heartbeat ping (no lease of its own): it also releases a lease a late-heartbeat check
 * may hold, whose result is then dropped (next_check_at moved), so the new deadline is claimable
 * on time. Fenced by the state and run start it was computed from and by not being paused.
 */
const updateAfterPing = prepared((db, p: RowUpdate) =>
  db
    .updateTable('monitors')
    .set({
      state: p.state,
      failures: p.failures,
      state_changed_at: p.stateChangedAt,
      last_check_at: p.at,
      last_latency_ms: p.latencyMs,
      last_message: p.message,
      next_check_at: p.next,
      locked_by: null,
      locked_until: null,
      last_ping_at: p.at,
      last_start_at: null,
    })
    .where('id', '=', p.id)
    .where('paused', '=', 0)
    .where('state', '=', p.wasState)
    .where('failures', '=', p.wasFailures)
    .where('updated_at', '=', p.wasUpdatedAt)
    .where('last_start_at', 'is not distinct from', p.wasStartAt),
);

/** The current row, locked until the transaction ends on PostgreSQL (the writer's slow path). */
const selectMonitorForUpdate = prepared((db, p: { id: string }) =>
  lockRows(kindOfDb(db), db.selectFrom('monitors').selectAll().where('id', '=', p.id)),
);

const selectState = prepared((db, p: { id: string }) =>
  db.selectFrom('monitors').select('state').where('id', '=', p.id),
);

function dependsOn(m: MonitorRow): string[] {
  return m.depends_on === '[]' ? [] : (JSON.parse(m.depends_on) as string[]);
}

/**
 * Records a batch of check results in one transaction: raw results, rollups (minute, hour, day,
 * added to what is stored), each monitor's new state and next due time (releasing the lease),
 * and the alert events of every transition through the same pipeline as external events, so a
 * state change and its alert commit together. Results of monitors whose lease this node lost
 * (another node took over) or that were deleted are dropped.
 *
 * Each result is computed from the row the check was claimed with (or the ping's cached row),
 * and the row update is fenced by what it was computed from; only when that fence fails (an
 * edit, a ping, another node, a deletion) is the current row read and the result computed
 * again from it, or dropped. The row objects are updated in place with what was written, so a
 * caller's copy (the heartbeat token cache) stays current.
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
    const depIds = new Set<string>();
    for (const { monitor } of batch) for (const d of dependsOn(monitor)) depIds.add(d);
    const states = new Map<string, MonitorState>();
    if (depIds.size) {
      const rows = await trx
        .selectFrom('monitors')
        .select(['id', 'state'])
        .where('id', 'in', [...depIds])
        .execute();
      for (const r of rows) states.set(r.id, r.state);
    }
    const stateOf = async (id: string): Promise<MonitorState> => {
      let state = states.get(id);
      if (state === undefined) {
        state = (await selectState(trx, { id })).rows[0]?.state ?? 'pending';
        states.set(id, state);
      }
      return state;
    };
    const results: Insertable<MonitorResultsTable>[] = [];
    const rollups = new Map<string, [RollupKey, Rollup]>();
    const transitions: { m: MonitorRow; events: MonitorEvent[]; result: CheckResult }[] = [];
    const stateChanges: NewStateChange[] = []; // the state-change log, inserted once per batch
    for (const outcome of batch) {
      const { monitor, at, ping, resultFor } = outcome;
      let m = monitor;
      let result = outcome.result;
      let t: Transition | null = null;
      let update: RowUpdate | null = null;
      // Twice at most: from the claimed (or cached) row, then from the current one.
      for (let attempt = 0; attempt < 2 && update === null; attempt++) {
        if (attempt === 1) {
          const current = (await selectMonitorForUpdate(trx, { id: m.id })).rows[0];
          if (!current) break; // deleted
          // A check whose lease this node lost, or whose monitor was rescheduled meanwhile (a
          // heartbeat ping moved the deadline, a resume), is dropped.
          if (
            !ping &&
            (current.locked_by !== nodeId || Number(current.next_check_at) !== Number(m.next_check_at))
          )
            break;
          if (ping && current.paused) break;
          Object.assign(monitor, current);
          m = monitor;
        }
        const startedAt = m.last_start_at === null ? null : Number(m.last_start_at);
        if (resultFor) result = resultFor(startedAt);
        let dependencyDown = false;
        for (const d of dependsOn(m)) if (isDownish(await stateOf(d))) dependencyDown = true;
        t = nextState({ state: m.state, failures: m.failures }, result.status, {
          inverted: m.inverted === 1,
          retries: m.retries,
          dependencyDown,
        });
        const next =
          m.type === 'heartbeat'
            ? heartbeatDeadline(JSON.parse(m.config) as HeartbeatConfig, at)
            : nextDue(Number(m.next_check_at), m.interval_s * 1000, now);
        const candidate: RowUpdate = {
          id: m.id,
          state: t.state,
          failures: t.failures,
          stateChangedAt: t.changed ? at : Number(m.state_changed_at),
          at,
          latencyMs: result.latencyMs,
          message: result.message.slice(0, 500),
          next,
          wasState: m.state,
          wasFailures: m.failures,
          wasUpdatedAt: Number(m.updated_at),
          wasStartAt: startedAt,
        };
        let affected;
        if (ping) affected = await updateAfterPing(trx, candidate);
        else {
          const p = { ...candidate, nodeId, wasNext: Number(m.next_check_at) };
          const sameState = p.state === p.wasState && p.stateChangedAt === Number(m.state_changed_at);
          affected = sameState ? await updateAfterCheckSameState(trx, p) : await updateAfterCheck(trx, p);
        }
        const { numAffectedRows } = affected;
        if (Number(numAffectedRows ?? 0) > 0) update = candidate;
      }
      if (update === null || t === null) continue;
      const from = m.state;
      states.set(m.id, t.state);
      results.push({
        monitor_id: m.id,
        at,
        status: t.effective,
        latency_ms: result.latencyMs,
        message: t.effective === 'up' ? '' : update.message,
      });
      for (const period of rollupPeriods) {
        const start = bucketStart(at, period);
        const key = `${m.id}|${period}|${start}`;
        let entry = rollups.get(key);
        if (!entry)
          rollups.set(key, (entry = [{ monitorId: m.id, period, bucketStart: start }, emptyRollup()]));
        addResult(entry[1], t.effective, result.latencyMs);
      }
      m.state = t.state;
      m.failures = t.failures;
      m.state_changed_at = update.stateChangedAt;
      m.last_check_at = at;
      m.last_latency_ms = result.latencyMs;
      m.last_message = update.message;
      m.next_check_at = update.next;
      m.locked_by = null;
      m.locked_until = null;
      if (ping) {
        m.last_ping_at = at;
        m.last_start_at = null;
      }
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
