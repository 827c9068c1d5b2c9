import type { Db } from '../../../db/database.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { dayMs } from '../../../lib/zoned-time.js';
import { createSchedule } from './schedules.service.js';

/**
 * Sample schedules on the sample people and teams: a weekly Platform rotation in London with a
 * nights layer on top, and a daily Payments rotation in New York. Marked is_sample, named
 * "Sample · …"; skipped when the sample people are missing.
 */
const people = {
  ada: 'ada.sample@example.com',
  alan: 'alan.sample@example.com',
  linus: 'linus.sample@example.com',
  grace: 'grace.sample@example.com',
  katherine: 'katherine.sample@example.com',
} as const;

/** The Monday on or before `t` (UTC), at `hourUtc`. */
function mondayBefore(t: number, hourUtc: number): string {
  const day = Math.floor(t / dayMs);
  const weekday = (day + 3) % 7; // 0 = Monday (1 January 1970 was a Thursday)
  return new Date((day - weekday - 7) * dayMs + hourUtc * 3_600_000).toISOString();
}

export async function loadSchedulesSample(ctx: ServiceContext, actor: Actor): Promise<void> {
  if ((await countSchedulesSample(ctx.db)) > 0) return;
  const users = await ctx.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'in', Object.values(people))
    .execute();
  const id = (p: keyof typeof people) => users.find((u) => u.email === people[p])?.id;
  const team = async (name: string) =>
    (await ctx.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst())?.id ?? null;
  const [ada, alan, linus, grace, katherine] = [
    id('ada'),
    id('alan'),
    id('linus'),
    id('grace'),
    id('katherine'),
  ];
  if (!ada || !alan || !linus || !grace || !katherine) return;
  const now = ctx.clock.now();
  await createSchedule(
    ctx,
    actor,
    {
      name: 'Sample · Platform primary',
      description:
        'Sample schedule: weekly hand-off on Monday at 09:00 London time; Linus takes the nights (20:00–08:00).',
      timeZone: 'Europe/London',
      teamId: await team('Sample · Platform'),
      layers: [
        {
          name: 'Weekly',
          members: [ada, alan, linus],
          rotation: { kind: 'weekly', every: 1 },
          startsAt: mondayBefore(now, 9),
        },
        {
          name: 'Nights',
          members: [linus],
          rotation: { kind: 'weekly', every: 1 },
          startsAt: mondayBefore(now, 0),
          restrictions: { kind: 'daily', from: '20:00', to: '08:00' },
        },
      ],
    },
    { isSample: true },
  );
  await createSchedule(
    ctx,
    actor,
    {
      name: 'Sample · Payments',
      description: 'Sample schedule: daily hand-off at 09:00 New York time.',
      timeZone: 'America/New_York',
      teamId: await team('Sample · Payments'),
      layers: [
        {
          name: 'Daily',
          members: [grace, katherine],
          rotation: { kind: 'daily', every: 1 },
          startsAt: mondayBefore(now, 14),
        },
      ],
    },
    { isSample: true },
  );
}

export async function removeSchedulesSample(db: Db): Promise<number> {
  const r = await db.deleteFrom('schedules').where('is_sample', '=', 1).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countSchedulesSample(db: Db): Promise<number> {
  const r = await db
    .selectFrom('schedules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_sample', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
