import type { Db } from '../../db/database.js';

/** Retention: raw events past their expiry (7 days by default), in batches the expiry index serves. */
export async function purgeAlertEvents(db: Db, now: number, batchSize = 5000): Promise<number> {
  let removed = 0;
  for (;;) {
    const ids = await db
      .selectFrom('alert_events')
      .select('id')
      .where('expires_at', '<', now)
      .limit(batchSize)
      .execute();
    if (!ids.length) return removed;
    await db
      .deleteFrom('alert_events')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .execute();
    removed += ids.length;
  }
}

/** When an incident is resolved by a person, its open alerts are resolved with it (as in PagerDuty). */
export async function resolveAlertsOfIncident(db: Db, now: number, incidentId: string): Promise<number> {
  const r = await db
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: now, updated_at: now })
    .where('incident_id', '=', incidentId)
    .where('status', '<>', 'resolved')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
