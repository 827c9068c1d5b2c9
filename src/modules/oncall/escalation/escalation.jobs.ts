import type { Db } from '../../../db/database.js';
import type { JobContext, JobDefinition } from '../../../jobs/index.js';
import {
  addTimeline,
  enqueueEscalation,
  escalateJobDefinition,
  incidentChangedJobDefinition,
  lockIncident,
  type EscalatePayload,
  type IncidentChangedPayload,
  type IncidentRow,
  type TimelineActor,
} from '../../incidents/index.js';
import { enqueueIncidentWebhooks, notifyUsers } from './deps.js';
import { nextStep, pagedText, pageKey, stepLabel } from './escalation.domain.js';
import { findPolicy, levelsOf, recordStep, type PolicyRow } from './escalation.repository.js';
import { policyForService } from './paging.service.js';
import { resolveLevel } from './targets.js';

const keel: TimelineActor = { userId: null, label: 'Keel' };

/** Whether the step still belongs to the incident's current escalation chain. */
function chainIsCurrent(incident: IncidentRow, p: EscalatePayload): boolean {
  return (
    incident.status === 'triggered' &&
    incident.triggered_at === p.triggeredAt &&
    !incident.merged_into_id &&
    incident.is_sample === 0
  );
}

/**
 * One escalation step, in one transaction on the locked incident. It acts only while the incident
 * is still triggered by the same trigger (an acknowledgement, a resolution, a merge or a newer
 * trigger ends the chain); a snoozed incident's step is put off until the snooze ends. The step's
 * row (incident, trigger, hand-off, round, level) is written before any side effect and is unique,
 * so a step run twice — after a crash, or by two workers — pages once. Then: targets resolved at
 * now, notifyUsers (deliveries keyed by the page key), timeline entries, and the next step
 * enqueued at now + the level's delay.
 */
async function step(p: EscalatePayload, ctx: JobContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (db) => {
    await stepIn(db, now, p);
    // The job is done in the same commit as the step's effects.
    await ctx.completeIn?.(db);
  });
}

async function stepIn(db: Db, now: number, p: EscalatePayload): Promise<void> {
  const incident = await lockIncident(db, { id: p.incidentId });
  if (!incident) return;
  const hop = p.hop ?? 0;
  const first = hop === 0 && p.round === 0 && p.level === 0;
  // The trigger's outgoing webhooks ride on the chain's first job (one job per new incident).
  if (first && p.resumedAt === undefined && incident.is_sample === 0) {
    await enqueueIncidentWebhooks(db, now, {
      incidentId: incident.id,
      event: 'incident.triggered',
      serviceId: incident.service_id,
      at: p.triggeredAt,
    });
  }
  if (!chainIsCurrent(incident, p)) return;
  if (incident.snoozed_until !== null && incident.snoozed_until > now) {
    await enqueueEscalation(db, now, { ...p, resumedAt: incident.snoozed_until }, incident.snoozed_until);
    return;
  }
  const policy =
    hop === 0 ? await policyForService(db, incident.service_id) : await findPolicy(db, p.policyId ?? '');
  await runStep(db, now, incident, p, hop, policy);
}

async function runStep(
  db: Db,
  now: number,
  incident: IncidentRow,
  p: EscalatePayload,
  hop: number,
  policy: PolicyRow | undefined,
): Promise<void> {
  const levels = policy ? levelsOf(policy) : [];
  const level = levels[p.level];
  const resolved = level ? await resolveLevel(db, level, now) : { users: [], nobodyOnCall: [] };
  const fresh = await recordStep(db, {
    incident_id: incident.id,
    triggered_at: p.triggeredAt,
    hop,
    round: p.round,
    level: p.level,
    policy_id: policy?.id ?? null,
    user_ids: JSON.stringify(resolved.users.map((u) => u.id)),
    at: now,
  });
  if (!fresh) return; // this step already ran
  if (!policy || !level) {
    if (hop === 0 && p.round === 0 && p.level === 0) {
      await addTimeline(db, now, incident.id, 'nobody_on_call', keel, {
        text: 'Nobody was paged: the service names no escalation policy and there is no default policy.',
      });
    }
    return;
  }
  const where = { level: p.level + 1, round: p.round, policyId: policy.id, policyName: policy.name };
  if (hop > 0 || p.round > 0 || p.level > 0) {
    const label = stepLabel(p.round, p.level);
    await addTimeline(db, now, incident.id, 'escalated', keel, {
      ...where,
      text:
        hop > 0 && p.level === 0 && p.round === 0
          ? `Escalated to ${policy.name}, ${label}`
          : `Escalated to ${label}`,
    });
    await enqueueIncidentWebhooks(db, now, {
      incidentId: incident.id,
      event: 'incident.escalated',
      serviceId: incident.service_id,
      at: now,
    });
  }
  for (const s of resolved.nobodyOnCall) {
    await addTimeline(db, now, incident.id, 'nobody_on_call', keel, {
      ...where,
      scheduleId: s.id,
      scheduleName: s.name,
      text: `Nobody on call for ${s.name}`,
    });
  }
  if (resolved.users.length) {
    const key = pageKey({ ...p, hop });
    const planned = await notifyUsers(db, now, {
      incidentId: incident.id,
      userIds: resolved.users.map((u) => u.id),
      kind: hop === 0 && p.round === 0 && p.level === 0 ? 'trigger' : 'escalation',
      pageKey: key,
      urgency: incident.urgency,
    });
    await addTimeline(db, now, incident.id, 'paged', keel, {
      ...where,
      pageKey: key,
      users: resolved.users.map((u) => ({
        ...u,
        planned: planned.find((x) => x.userId === u.id)?.planned ?? 0,
      })),
      text: pagedText(
        resolved.users.map((u) => u.name),
        p.round,
        p.level,
      ),
    });
  } else if (!level.targets.every((t) => t.type === 'policy')) {
    await addTimeline(db, now, incident.id, 'nobody_on_call', keel, {
      ...where,
      text: `Nobody to page at ${stepLabel(p.round, p.level)}`,
    });
  }
  const next = nextStep({ repeat: policy.repeat, levels }, p.round, p.level);
  const base = { incidentId: incident.id, triggeredAt: p.triggeredAt };
  const same = hop > 0 ? { hop, policyId: policy.id } : {};
  switch (next.kind) {
    case 'level':
      await enqueueEscalation(
        db,
        now,
        { ...base, ...same, round: next.round, level: next.level },
        now + next.delayMinutes * 60_000,
      );
      return;
    case 'handoff':
      await enqueueEscalation(
        db,
        now,
        { ...base, hop: hop + 1, policyId: next.policyId, round: 0, level: 0 },
        now,
      );
      return;
    case 'end':
      return;
    default: {
      const never: never = next;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

/** Outgoing webhooks for an acknowledgement or resolution (the trigger's ride on the first step). */
async function changed(p: IncidentChangedPayload, ctx: JobContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (db) => {
    const incident = await db
      .selectFrom('incidents')
      .select(['id', 'service_id'])
      .where('id', '=', p.incidentId)
      .executeTakeFirst();
    if (!incident) return;
    await enqueueIncidentWebhooks(db, now, {
      incidentId: incident.id,
      event: p.event,
      serviceId: incident.service_id,
      at: p.at,
    });
  });
}

/** `oncall.escalate`, registered by the server. */
export const escalateJob: JobDefinition<EscalatePayload> = escalateJobDefinition(step);
/** `incidents.changed`, registered by the server. */
export const incidentChangedJob: JobDefinition<IncidentChangedPayload> =
  incidentChangedJobDefinition(changed);
