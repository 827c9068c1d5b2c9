import type { Db } from '../../db/database.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { createTeam, setMember } from './teams.service.js';
import { createUser } from './users.service.js';

/**
 * Sample people and teams: e-mails at example.com, no passwords (nobody can sign in as them),
 * every row marked is_sample so it can be removed in one go.
 */
const people = [
  {
    name: 'Sample · Ada Lovelace',
    email: 'ada.sample@example.com',
    role: 'admin',
    timeZone: 'Europe/London',
  },
  {
    name: 'Sample · Grace Hopper',
    email: 'grace.sample@example.com',
    role: 'responder',
    timeZone: 'America/New_York',
  },
  {
    name: 'Sample · Alan Turing',
    email: 'alan.sample@example.com',
    role: 'responder',
    timeZone: 'Europe/London',
  },
  {
    name: 'Sample · Katherine Johnson',
    email: 'katherine.sample@example.com',
    role: 'responder',
    timeZone: 'America/Chicago',
  },
  {
    name: 'Sample · Linus Torvalds',
    email: 'linus.sample@example.com',
    role: 'responder',
    timeZone: 'Europe/Helsinki',
  },
  {
    name: 'Sample · Margaret Hamilton',
    email: 'margaret.sample@example.com',
    role: 'stakeholder',
    timeZone: 'America/Los_Angeles',
  },
  {
    name: 'Sample · Tim Berners-Lee',
    email: 'tim.sample@example.com',
    role: 'viewer',
    timeZone: 'Europe/Zurich',
  },
] as const;

const teams = [
  {
    name: 'Sample · Platform',
    description: 'Sample team: runs the databases, queues and the Kubernetes clusters.',
    members: [0, 2, 4],
  },
  {
    name: 'Sample · Payments',
    description: 'Sample team: owns checkout, billing and the card processor integration.',
    members: [1, 3],
  },
  {
    name: 'Sample · Customer Support',
    description: 'Sample team: first line for customer tickets.',
    members: [5, 6, 3],
  },
] as const;

export async function loadUsersSample(ctx: ServiceContext, actor: Actor): Promise<void> {
  const ids: string[] = [];
  for (const p of people) {
    const existing = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', p.email)
      .executeTakeFirst();
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const { user } = await createUser(ctx, actor, { ...p, password: undefined }, { isSample: true });
    ids.push(user.id);
  }
  for (const t of teams) {
    const existing = await ctx.db
      .selectFrom('teams')
      .select('id')
      .where('name', '=', t.name)
      .executeTakeFirst();
    const teamId =
      existing?.id ??
      (await createTeam(ctx, actor, { name: t.name, description: t.description }, { isSample: true })).id;
    for (const [i, m] of t.members.entries()) {
      const userId = ids[m];
      if (userId) await setMember(ctx, actor, teamId, userId, i === 0 ? 'manager' : 'member');
    }
  }
}

export async function removeUsersSample(db: Db): Promise<number> {
  const t = await db.deleteFrom('teams').where('is_sample', '=', 1).executeTakeFirst();
  const u = await db.deleteFrom('users').where('is_sample', '=', 1).executeTakeFirst();
  return Number(t.numDeletedRows) + Number(u.numDeletedRows);
}

export async function countUsersSample(db: Db): Promise<number> {
  const [u, t] = await Promise.all([
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_sample', '=', 1)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('teams')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_sample', '=', 1)
      .executeTakeFirstOrThrow(),
  ]);
  return Number(u.n) + Number(t.n);
}
