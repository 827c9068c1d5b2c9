import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor } from '../../lib/pagination.js';
import type { CheckResult } from './checkers/index.js';
import type { MonitorState, MonitorStateChangesTable, StateChangeKind } from './monitors.table.js';

/** The monitor state-change log (docs/monitors.md "State history"): batched writes, paged reads, purge. */

export type StateChangeRow = Selectable<MonitorStateChangesTable>;
export type NewStateChange = Insertable<MonitorStateChangesTable>;

/** The row for a check (or ping) whose result changed the monitor's state. */
export function checkStateChange(
  monitorId: string,
  from: MonitorState,
  to: MonitorState,
  at: number,
  result: CheckResult,
): NewStateChange {
  return {
    id: newId(at),
    monitor_id: monitorId,
    at,
    kind: 'check',
    from_state: from,
    to_state: to,
    message: result.message.slice(0, 500),
    latency_ms: result.latencyMs,
    status_code: result.statusCode ?? null,
  };
}

/** A row for the monitor's creation, pause or resume (no check involved). */
export function eventStateChange(
  monitorId: string,
  kind: Exclude<StateChangeKind, 'check'>,
  state: MonitorState,
  at: number,
): NewStateChange {
  return {
    id: newId(at),
    monitor_id: monitorId,
    at,
    kind,
    from_state: kind === 'created' ? null : state,
    to_state: state,
    message: '',
    latency_ms: null,
    status_code: null,
  };
}

/** Inserts a batch of state changes (the monitor writer: once per batch, in its transaction). */
export async function insertStateChanges(db: Db, rows: readonly NewStateChange[]): Promise<void> {
  // Chunks keep each statement under SQLite's parameter limit (9 columns).
  for (let i = 0; i < rows.length; i += 400)
    await db
      .insertInto('monitor_state_changes')
      .values(rows.slice(i, i + 400))
      .execute();
}

/** One monitor's state changes, newest first, keyset on (at, id); one row more than `limit`. */
export function listStateChanges(
  db: Db,
  monitorId: string,
  f: { limit: number; cursor?: string | undefined; before?: number | undefined },
): Promise<StateChangeRow[]> {
  let q = db.selectFrom('monitor_state_changes').selectAll().where('monitor_id', '=', monitorId);
  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor, ['number', 'string']) as [number, string];
    q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
  }
  if (f.before !== undefined) q = q.where('at', '<', f.before);
  return q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Deletes state changes older than `before` (hourly purge, served by monitor_state_changes_at). */
export async function purgeStateChanges(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('monitor_state_changes').where('at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
