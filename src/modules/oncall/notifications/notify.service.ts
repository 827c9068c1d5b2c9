import type { Db } from '../../../db/database.js';
import { enqueue } from '../../../jobs/index.js';
import { newId } from '../../../lib/ids.js';
import { addTimeline, type Urgency } from '../../incidents/index.js';
import { methodsOf } from './contact-methods.repository.js';
import { deliverSpec } from './deliver.spec.js';
import { insertNotification } from './deliveries.repository.js';
import { seedPurge } from './purge.jobs.js';
import { rulesOf } from './rules.service.js';

const keel = { userId: null, label: 'Keel' } as const;

/**
 * Call inside the escalation step's transaction. For each user: reads the user's notification
 * rules for the incident's urgency (defaults when the user has none), inserts one
 * `notifications` row per rule and enqueues one delivery job per row at now + rule delay,
 * idempotency key `deliver:${pageKey}:${userId}:${ruleId}` (so a repeated step enqueues
 * nothing new). Returns how many notifications were planned per user. A user with no contact
 * method gets a timeline entry saying nobody could be reached that way.
 */
export async function notifyUsers(
  db: Db,
  now: number,
  input: {
    incidentId: string;
    userIds: string[];
    kind: 'trigger' | 'escalation';
    pageKey: string;
    /** The incident's urgency when the caller has just read it (saves the read). */
    urgency?: Urgency;
  },
): Promise<{ userId: string; planned: number }[]> {
  const incident = input.urgency
    ? { id: input.incidentId, urgency: input.urgency }
    : await db
        .selectFrom('incidents')
        .select(['id', 'urgency'])
        .where('id', '=', input.incidentId)
        .executeTakeFirst();
  if (!incident) return input.userIds.map((userId) => ({ userId, planned: 0 }));
  const clock = { now: () => now };
  const out: { userId: string; planned: number }[] = [];
  for (const userId of [...new Set(input.userIds)]) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'name', 'disabled'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user || user.disabled) {
      // A disabled account is nobody to page (its methods may belong to someone who left).
      out.push({ userId, planned: 0 });
      continue;
    }
    const methods = new Map((await methodsOf(db, userId)).map((m) => [m.id, m]));
    const rules = (await rulesOf(db, userId))[incident.urgency];
    let planned = 0;
    for (const rule of rules) {
      const method = methods.get(rule.contactMethodId);
      if (!method) continue;
      const id = newId(now);
      const dueAt = now + rule.delayMinutes * 60_000;
      const job = await enqueue(
        db,
        clock,
        deliverSpec,
        { notificationId: id },
        {
          runAt: dueAt,
          idempotencyKey: `deliver:${input.pageKey}:${userId}:${rule.id}`,
        },
      );
      if (!job.created) continue; // this step already planned it
      await insertNotification(db, {
        id,
        incident_id: incident.id,
        user_id: userId,
        contact_method_id: method.id,
        channel_type: method.type,
        target: method.description,
        kind: input.kind,
        urgency: incident.urgency,
        rule_id: rule.id,
        page_key: input.pageKey,
        status: 'pending',
        attempts: 0,
        due_at: dueAt,
        last_error: null,
        last_status_code: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      });
      planned++;
    }
    if (rules.length === 0 && !(await unreachableNoted(db, incident.id, input.pageKey, userId))) {
      await addTimeline(db, now, incident.id, 'notification', keel, {
        result: 'unreachable',
        pageKey: input.pageKey,
        userId,
        userName: user.name,
        urgency: incident.urgency,
        message: `${user.name} has no contact method for ${incident.urgency}-urgency pages; nobody could be reached that way.`,
      });
    }
    out.push({ userId, planned });
  }
  await seedPurge(db, now);
  return out;
}

/** Whether this page already noted that the user is unreachable (a repeated step adds no second entry). */
async function unreachableNoted(
  db: Db,
  incidentId: string,
  pageKey: string,
  userId: string,
): Promise<boolean> {
  const rows = await db
    .selectFrom('incident_timeline')
    .select('body')
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'notification')
    .execute();
  return rows.some((r) => {
    const b = JSON.parse(r.body) as { result?: string; pageKey?: string; userId?: string };
    return b.result === 'unreachable' && b.pageKey === pageKey && b.userId === userId;
  });
}
