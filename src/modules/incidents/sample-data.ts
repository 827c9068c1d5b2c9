import type { Db } from '../../db/database.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { PendingEvents } from '../../lib/events.js';
import { recordAudit } from '../audit/index.js';
import {
  addNote,
  merge,
  setAssignees,
  setRoles,
  setSeverity,
  snooze,
  type EditContext,
} from './incident-edits.service.js';
import { presentRow } from './incident-queries.service.js';
import {
  acknowledgeIncident,
  addTimeline,
  openIncident,
  requireIncident,
  resolveIncident,
  type TimelineActor,
} from './incidents.service.js';

/**
 * Sample incidents in every status, on the sample services, with timelines written by the
 * sample people, at times before "now". Marked is_sample, titled "Sample · …". They use real
 * incident numbers (removing them leaves a gap) and publish no events: nobody is paged for them.
 */
const minute = 60_000;
const people = {
  ada: 'ada.sample@example.com',
  grace: 'grace.sample@example.com',
  alan: 'alan.sample@example.com',
  katherine: 'katherine.sample@example.com',
  linus: 'linus.sample@example.com',
} as const;
type Person = keyof typeof people;

export async function loadIncidentsSample(ctx: ServiceContext, actor: Actor): Promise<void> {
  if ((await countIncidentsSample(ctx.db)) > 0) return;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (db) => {
    const users = await db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('email', 'in', Object.values(people))
      .execute();
    const who = (p: Person): TimelineActor => {
      const u = users.find((x) => x.email === people[p]);
      return u ? { userId: u.id, label: `${u.name} <${u.email}>` } : { userId: null, label: `Sample · ${p}` };
    };
    const idOf = (p: Person) => who(p).userId;
    const services = await db
      .selectFrom('services')
      .select(['id', 'name'])
      .where('is_sample', '=', 1)
      .execute();
    const service = (name: string) => services.find((s) => s.name === `Sample · ${name}`)?.id ?? null;
    const events = new PendingEvents();
    const alertmanager = { userId: null, label: 'Sample · Alertmanager (alertmanager)' };
    const edit = (at: number, by: TimelineActor): EditContext => ({ db, now: at, events, actor: by });
    const open = async (at: number, input: Parameters<typeof openIncident>[3]) => {
      const row = await openIncident(db, at, events, { ...input, isSample: true });
      await addTimeline(db, at, row.id, 'alert_linked', input.actor, { summary: input.title });
      return row;
    };
    const fresh = (id: string) => requireIncident(db, id);

    // Triggered, minutes ago: nobody has picked it up yet.
    const latency = await open(now - 12 * minute, {
      title: 'Sample · Checkout p95 latency above 2 s',
      description: 'p95 of POST /checkout has been above 2 s for 10 minutes.',
      serviceId: service('Checkout API'),
      severity: 'SEV2',
      urgency: 'high',
      groupKey: 'sample-checkout-latency',
      actor: alertmanager,
    });

    // Acknowledged, worked on, snoozed for an hour.
    const search = await open(now - 50 * minute, {
      title: 'Sample · Search index lagging behind by 40 minutes',
      serviceId: service('Search'),
      severity: 'SEV3',
      urgency: 'low',
      category: 'performance',
      groupKey: 'sample-search-lag',
      actor: alertmanager,
    });
    await acknowledgeIncident(db, now - 45 * minute, events, search.id, who('alan'));
    await setAssignees(
      edit(now - 45 * minute, who('alan')),
      await fresh(search.id),
      [idOf('alan')].filter(isId),
    );
    await addNote(
      edit(now - 30 * minute, who('alan')),
      await fresh(search.id),
      'The reindex job is stuck on **shard 3**; restarting it.',
    );
    await snooze(edit(now - 29 * minute, who('alan')), await fresh(search.id), 60);

    // A major incident: raised to SEV1, roles filled, people assigned.
    const cards = await open(now - 95 * minute, {
      title: 'Sample · Card payments failing for Visa',
      description: 'The processor answers 502 to about 30 % of Visa authorisations.',
      serviceId: service('Payments gateway'),
      severity: 'SEV2',
      urgency: 'high',
      category: 'data_integration',
      groupKey: 'sample-card-failures',
      actor: alertmanager,
    });
    await acknowledgeIncident(db, now - 90 * minute, events, cards.id, who('grace'));
    await setSeverity(edit(now - 85 * minute, who('grace')), await fresh(cards.id), 'SEV1');
    const roles = { commander: idOf('grace'), communications: idOf('katherine'), scribe: idOf('ada') };
    await setRoles(edit(now - 84 * minute, who('grace')), await fresh(cards.id), roles);
    await setAssignees(
      edit(now - 84 * minute, who('grace')),
      await fresh(cards.id),
      [idOf('grace'), idOf('katherine')].filter(isId),
    );
    await addNote(
      edit(now - 60 * minute, who('katherine')),
      await fresh(cards.id),
      'Status page updated. The processor confirms a problem in their EU region.',
    );

    // A duplicate, merged into the major incident.
    const timeouts = await open(now - 80 * minute, {
      title: 'Sample · Payment timeouts at checkout',
      serviceId: service('Checkout API'),
      severity: 'SEV2',
      urgency: 'high',
      groupKey: 'sample-payment-timeouts',
      actor: alertmanager,
    });
    await merge(edit(now - 75 * minute, who('grace')), await fresh(timeouts.id), cards.id);

    // Resolved two days ago, with the cause noted.
    const disk = await open(now - 2 * 1440 * minute, {
      title: 'Sample · Disk full on search-db-2',
      serviceId: service('Search'),
      severity: 'SEV2',
      urgency: 'high',
      category: 'hardware_failure',
      groupKey: 'sample-disk-full',
      actor: alertmanager,
    });
    await acknowledgeIncident(db, now - 2 * 1440 * minute + 4 * minute, events, disk.id, who('linus'));
    await addNote(
      edit(now - 2 * 1440 * minute + 30 * minute, who('linus')),
      await fresh(disk.id),
      'Old snapshots filled the volume. Deleted them and added a retention rule.',
    );
    await resolveIncident(
      db,
      now - 2 * 1440 * minute + 35 * minute,
      events,
      disk.id,
      who('linus'),
      'Volume at 41 %',
    );

    for (const id of [latency.id, search.id, cards.id, timeouts.id, disk.id]) {
      const row = await fresh(id);
      await recordAudit(db, now, actor, {
        action: 'incident.created',
        resourceType: 'incident',
        resourceId: id,
        after: await presentRow(db, row),
      });
    }
  });
}

const isId = (v: string | null): v is string => v !== null;

export async function removeIncidentsSample(db: Db): Promise<number> {
  const r = await db.deleteFrom('incidents').where('is_sample', '=', 1).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countIncidentsSample(db: Db): Promise<number> {
  const r = await db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_sample', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
