import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { PendingEvents } from '../../lib/events.js';
import { findIncident, updateIncident } from './incidents.repository.js';
import { addTimeline, titleMaxLength, type TimelineActor } from './incidents.service.js';

/**
 * A sender changed an alert's text after the fact (Opsgenie's update message / description).
 * The incident takes it too when it is the alert's own (opened for this alert alone, grouping key
 * `alert:<alert id>`), still open, and no person has edited that field: a person's words, and an
 * incident shared by several alerts, are never overwritten by one sender. Returns whether it did.
 */
export async function followAlertText(
  db: Db,
  now: number,
  events: PendingEvents,
  incidentId: string,
  alertId: string,
  change: { field: 'title' | 'description'; value: string },
  actor: TimelineActor,
): Promise<boolean> {
  const row = await findIncident(db, incidentId);
  if (!row || row.status === 'resolved' || row.group_key !== `alert:${alertId}`) return false;
  const { field } = change;
  const value = field === 'title' ? [...change.value].slice(0, titleMaxLength).join('') : change.value;
  if (value === row[field] || (field === 'title' && value.trim() === '')) return false;
  const editedByPerson = await db
    .selectFrom('incident_timeline')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'updated')
    .where('actor_user_id', 'is not', null)
    .where('body', 'like', sql.lit(`%"${field}":%`))
    .limit(1)
    .executeTakeFirst();
  if (editedByPerson) return false;
  await updateIncident(db, incidentId, { [field]: value, updated_at: now });
  await addTimeline(db, now, incidentId, 'updated', actor, {
    fields: [field],
    [field]: field === 'title' ? { from: row.title, to: value } : true,
  });
  events.add('incident.updated', {
    incidentId,
    number: row.number,
    fields: [field],
    status: row.status,
  });
  return true;
}
