import type { Db } from '../../../db/database.js';
import type { SecretBox } from '../../../lib/secret-box.js';
import type { IncidentSeverity, IncidentStatus, Urgency } from '../../incidents/index.js';
import type { MessageKind, NotificationMessage } from '../channels/channel.js';
import { actionLinkTtlMs, signActionToken } from './action-token.js';

export interface IncidentFacts {
  id: string;
  number: number;
  title: string;
  description: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  urgency: Urgency;
  serviceId: string | null;
  serviceName: string | null;
}

/** The incident as a message needs it (one read, joined with its service's name). */
export async function incidentFacts(db: Db, incidentId: string): Promise<IncidentFacts | undefined> {
  const row = await db
    .selectFrom('incidents')
    .leftJoin('services', 'services.id', 'incidents.service_id')
    .select([
      'incidents.id',
      'incidents.number',
      'incidents.title',
      'incidents.description',
      'incidents.status',
      'incidents.severity',
      'incidents.urgency',
      'incidents.service_id',
      'services.name as service_name',
    ])
    .where('incidents.id', '=', incidentId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    status: row.status,
    severity: row.severity,
    urgency: row.urgency,
    serviceId: row.service_id,
    serviceName: row.service_name,
  };
}

export const incidentUrl = (publicUrl: string, incidentId: string) => `${publicUrl}/incidents/${incidentId}`;
export const actionUrl = (publicUrl: string, token: string) => `${publicUrl}/act/${token}`;

/**
 * The page for one notification: title, service, severity, urgency, the incident link and
 * signed acknowledge/resolve links for the person it goes to (expiring after 24 h). The
 * idempotency key is the notification id, the same on every attempt.
 */
export function pageMessage(
  box: SecretBox,
  publicUrl: string,
  now: number,
  n: { id: string; kind: MessageKind; userId: string },
  incident: IncidentFacts,
): NotificationMessage {
  const link = (action: 'acknowledge' | 'resolve'): string | undefined => {
    try {
      const claims = { incidentId: incident.id, action, userId: n.userId, expiresAt: now + actionLinkTtlMs };
      return actionUrl(publicUrl, signActionToken(box, claims));
    } catch {
      return undefined; // not UUID ids (hand-made data): the message goes without links
    }
  };
  const ackUrl = incident.status === 'triggered' ? link('acknowledge') : undefined;
  const resolveUrl = incident.status !== 'resolved' ? link('resolve') : undefined;
  return {
    idempotencyKey: n.id,
    kind: n.kind,
    title: incident.title,
    serviceName: incident.serviceName ?? 'No service',
    severity: incident.severity,
    urgency: incident.urgency,
    incidentNumber: incident.number,
    incidentUrl: incidentUrl(publicUrl, incident.id),
    ...(ackUrl && { ackUrl }),
    ...(resolveUrl && { resolveUrl }),
    ...(incident.description && { summary: incident.description }),
  };
}

/** What "send test notification" sends: clearly a test, no action links. */
export function testMessage(publicUrl: string, notificationId: string): NotificationMessage {
  return {
    idempotencyKey: notificationId,
    kind: 'test',
    title: 'Test notification from Keel',
    serviceName: 'Keel',
    severity: 'SEV4',
    urgency: 'low',
    incidentNumber: 1,
    incidentUrl: `${publicUrl}/profile`,
    summary: 'This is a test of your contact method. No incident is open.',
  };
}
