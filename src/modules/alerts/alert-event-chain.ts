import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { kindOfDb } from '../../db/dialect.js';
import type { AlertEventsTable } from './alerts.table.js';
import { insertAlertEvent, selectLastEventId, setLastEventId } from './ingest.repository.js';

/**
 * An alert's raw events form a chain (migration 0012): `alerts.last_event_id` names its latest
 * event, each event's `prev_id` the one before, so the alert's latest events are found by following
 * it, with no index per alert to write for every event.
 *
 * Two ways to build it, one per database:
 * - SQLite (one writer, statements without round trips): each event is chained as it is applied,
 *   in applyEvents; the hot paths move the head in the same write that refreshes or opens the alert
 *   (ingest.repository.ts: selectPagingAlert, refreshChainedAlert, insertAlert), any other path with
 *   moveChainHead. The rows are then inserted as they are (insertChainedEvents).
 * - PostgreSQL (round trips, other nodes): a batch's events are chained together at the end,
 *   in a few statements (insertAlertEvents).
 */

/** SQLite: makes `eventId` the head of the alert's chain; returns the event before it. */
export async function moveChainHead(db: Db, alertId: string, eventId: string): Promise<string | null> {
  const prev = (await selectLastEventId(db, { alertId })).rows[0]?.last_event_id ?? null;
  await setLastEventId(db, { alertId, eventId });
  return prev;
}

/** Inserts raw events whose `prev_id` is already set (SQLite, chained as applied). */
export async function insertChainedEvents(db: Db, rows: readonly AlertEventsTable[]): Promise<void> {
  for (const row of rows) await insertAlertEvent(db, row);
}

/**
 * Stores raw events in the same transaction as what they did, each chained to its alert's
 * previous event (its `prev_id` set from the alert's head, which then names it). On SQLite a
 * prepared statement each (no round trips: cheaper than assembling multi-row statements,
 * docs/benchmarks.md); on PostgreSQL a few statements for the whole batch.
 */
export async function insertAlertEvents(db: Db, rows: readonly AlertEventsTable[]): Promise<void> {
  if (rows.length === 0) return;
  if (kindOfDb(db) === 'postgres') return insertAlertEventsBatch(db, rows);
  for (const row of rows) {
    if (row.alert_id) row.prev_id = await moveChainHead(db, row.alert_id, row.id);
    await insertAlertEvent(db, row);
  }
}

/**
 * PostgreSQL: the alerts' chain heads in one statement (locked: a concurrent writer on another node
 * waits, then reads this one's head), the rows in multi-row inserts, the heads moved in one.
 */
async function insertAlertEventsBatch(db: Db, rows: readonly AlertEventsTable[]): Promise<void> {
  const alertIds = [...new Set(rows.flatMap((r) => (r.alert_id ? [r.alert_id] : [])))];
  const heads = new Map<string, string | null>();
  for (let i = 0; i < alertIds.length; i += 10_000) {
    const found = await db
      .selectFrom('alerts')
      .select(['id', 'last_event_id'])
      .where('id', 'in', alertIds.slice(i, i + 10_000))
      .forUpdate()
      .execute();
    for (const a of found) heads.set(a.id, a.last_event_id);
  }
  for (const row of rows) {
    if (!row.alert_id) continue;
    row.prev_id = heads.get(row.alert_id) ?? null;
    heads.set(row.alert_id, row.id);
  }
  // 12 parameters a row, 2 an alert: well under PostgreSQL's 65,535 per statement.
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('alert_events')
      .values(rows.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < alertIds.length; i += 10_000) {
    const moved = alertIds.slice(i, i + 10_000).map((id) => sql`(${id}, ${heads.get(id)})`);
    await sql`update alerts set last_event_id = v.head from (values ${sql.join(moved)}) as v(id, head)
      where alerts.id = v.id`.execute(db);
  }
}
