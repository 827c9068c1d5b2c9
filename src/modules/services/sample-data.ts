import type { Db } from '../../db/database.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { serviceSettings } from './services.domain.js';
import { createService } from './services.service.js';

/**
 * Sample services, owned by the sample teams (when they exist), marked is_sample. Listed so
 * that what a service depends on comes first.
 */
const services = [
  {
    name: 'Sample · Search',
    team: 'Sample · Platform',
    tier: 2,
    description: 'Sample service: product search (OpenSearch cluster and the indexer).',
    runbooks: [
      { title: 'Reindex a shard', url: 'https://wiki.example.com/runbooks/search/reindex' },
      { title: 'Search dashboard', url: 'https://grafana.example.com/d/search' },
    ],
    dependsOn: [],
  },
  {
    name: 'Sample · Payments gateway',
    team: 'Sample · Payments',
    tier: 1,
    description: 'Sample service: talks to the card processor; every checkout goes through it.',
    runbooks: [
      {
        title: 'Fail over to the backup processor',
        url: 'https://wiki.example.com/runbooks/payments/failover',
      },
    ],
    dependsOn: [],
  },
  {
    name: 'Sample · Checkout API',
    team: 'Sample · Payments',
    tier: 1,
    description: 'Sample service: the cart and checkout endpoints of the shop.',
    runbooks: [{ title: 'Checkout latency', url: 'https://wiki.example.com/runbooks/checkout/latency' }],
    dependsOn: ['Sample · Search', 'Sample · Payments gateway'],
  },
] as const;

export async function loadServicesSample(ctx: ServiceContext, actor: Actor): Promise<void> {
  const ids = new Map<string, string>();
  for (const s of services) {
    const existing = await ctx.db
      .selectFrom('services')
      .select('id')
      .where('name', '=', s.name)
      .executeTakeFirst();
    if (existing) {
      ids.set(s.name, existing.id);
      continue;
    }
    const team = await ctx.db.selectFrom('teams').select('id').where('name', '=', s.team).executeTakeFirst();
    const created = await createService(
      ctx,
      actor,
      {
        name: s.name,
        description: s.description,
        ownerTeamId: team?.id ?? null,
        tier: s.tier,
        escalationPolicyId: null,
        runbookLinks: s.runbooks.map((l) => ({ ...l })),
        dependsOn: s.dependsOn.map((d) => ids.get(d)).filter((d): d is string => d !== undefined),
        settings: serviceSettings.parse({}),
      },
      { isSample: true },
    );
    ids.set(s.name, created.id);
  }
}

export async function removeServicesSample(db: Db): Promise<number> {
  const r = await db.deleteFrom('services').where('is_sample', '=', 1).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countServicesSample(db: Db): Promise<number> {
  const r = await db
    .selectFrom('services')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_sample', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
