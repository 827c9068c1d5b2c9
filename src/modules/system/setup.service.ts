import { lockTransaction } from '../../db/dialect.js';
import { AppError } from '../../http/errors.js';
import type { ServiceContext } from '../../lib/context.js';
import { systemActor } from '../../lib/context.js';
import { countUsers, createUser, findUserByEmail, type UserRow } from '../users/index.js';

/** First run: true while Keel has no users at all. */
export async function needsSetup(ctx: ServiceContext): Promise<boolean> {
  return (await countUsers(ctx.db)) === 0;
}

/**
 * Creates the first owner. Refused once anyone exists, so the setup page cannot be used to take
 * over an installed Keel.
 */
export async function createFirstOwner(
  ctx: ServiceContext,
  input: { email: string; name: string; password: string; timeZone: string },
  meta: { ip: string | null; requestId: string | null },
): Promise<UserRow> {
  const actor = {
    ...systemActor,
    label: `first-run setup (${input.email})`,
    ip: meta.ip,
    requestId: meta.requestId,
  };
  const user = await whileNoUsers(ctx, async (trx) => {
    await createUser(trx, actor, { ...input, role: 'owner' });
    return (await findUserByEmail(trx.db, input.email))!;
  });
  if (!user) throw new AppError('conflict', 'Keel is already set up. Sign in instead.');
  return user;
}

/**
 * Runs `create` only while there are no users, in one transaction that excludes any other first
 * owner being made at the same moment (two setup requests, or two nodes starting): without it,
 * both would see no users and both would make an owner. Null when someone already exists.
 */
async function whileNoUsers<T>(
  ctx: ServiceContext,
  create: (trx: ServiceContext) => Promise<T>,
): Promise<T | null> {
  return ctx.db.transaction().execute(async (db) => {
    await lockTransaction(ctx.kind, db, 'keel.first-owner');
    const trx = { ...ctx, db };
    return (await needsSetup(trx)) ? create(trx) : null;
  });
}

/** KEEL_ADMIN_EMAIL + KEEL_ADMIN_PASSWORD: creates that owner at start when there are no users. */
export async function bootstrapAdmin(ctx: ServiceContext): Promise<boolean> {
  const admin = ctx.config.admin;
  if (!admin) return false;
  const created = await whileNoUsers(ctx, (trx) =>
    createUser(
      trx,
      { ...systemActor, label: 'KEEL_ADMIN_EMAIL at start-up' },
      {
        email: admin.email,
        name: admin.email.split('@')[0] ?? 'Owner',
        role: 'owner',
        timeZone: 'UTC',
        password: admin.password,
      },
    ),
  );
  if (!created) return false;
  ctx.logger.info({ email: admin.email }, 'created the first owner from KEEL_ADMIN_EMAIL');
  return true;
}
