import type { Db } from '../../db/database.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { countAlertsSample, loadAlertsSample, removeAlertsSample } from '../alerts/index.js';
import { recordAudit } from '../audit/index.js';
import { countIncidentsSample, loadIncidentsSample, removeIncidentsSample } from '../incidents/index.js';
import {
  countEscalationSample,
  loadEscalationSample,
  removeEscalationSample,
} from '../oncall/escalation/index.js';
import {
  countSchedulesSample,
  loadSchedulesSample,
  removeSchedulesSample,
} from '../oncall/schedules/index.js';
import { countServicesSample, loadServicesSample, removeServicesSample } from '../services/index.js';
import { countUsersSample, loadUsersSample, removeUsersSample } from '../users/index.js';

/**
 * Sample data, clearly marked (names start with "Sample ·", rows flagged is_sample) and removable
 * in one call. Each capability adds its own provider to this list; load runs in order, removal in
 * reverse, so later data can refer to earlier data.
 */
interface SampleProvider {
  name: string;
  load(ctx: ServiceContext, actor: Actor): Promise<void>;
  remove(db: Db): Promise<number>;
  count(db: Db): Promise<number>;
}

const providers: readonly SampleProvider[] = [
  { name: 'users and teams', load: loadUsersSample, remove: removeUsersSample, count: countUsersSample },
  { name: 'services', load: loadServicesSample, remove: removeServicesSample, count: countServicesSample },
  {
    name: 'incidents',
    load: loadIncidentsSample,
    remove: removeIncidentsSample,
    count: countIncidentsSample,
  },
  { name: 'alerts', load: loadAlertsSample, remove: removeAlertsSample, count: countAlertsSample },
  {
    name: 'schedules',
    load: loadSchedulesSample,
    remove: removeSchedulesSample,
    count: countSchedulesSample,
  },
  {
    name: 'escalation policies',
    load: loadEscalationSample,
    remove: removeEscalationSample,
    count: countEscalationSample,
  },
];

export async function sampleDataStatus(
  ctx: ServiceContext,
): Promise<{ loaded: boolean; counts: Record<string, number> }> {
  const counts: Record<string, number> = {};
  for (const p of providers) counts[p.name] = await p.count(ctx.db);
  return { loaded: Object.values(counts).some((n) => n > 0), counts };
}

/** Idempotent: loading twice adds nothing the second time. */
export async function loadSampleData(ctx: ServiceContext, actor: Actor): Promise<void> {
  for (const p of providers) await p.load(ctx, actor);
  await recordAudit(ctx.db, ctx.clock.now(), actor, {
    action: 'sample_data.loaded',
    resourceType: 'sample_data',
    resourceId: null,
  });
}

export async function removeSampleData(ctx: ServiceContext, actor: Actor): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    let removed = 0;
    for (const p of [...providers].reverse()) removed += await p.remove(trx);
    await recordAudit(trx, ctx.clock.now(), actor, {
      action: 'sample_data.removed',
      resourceType: 'sample_data',
      resourceId: null,
      after: { removed },
    });
    return removed;
  });
}
