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
  if (!(await needsSetup(ctx))) throw new AppError('conflict', 'Keel is already set up. Sign in instead.');
  const actor = { ...systemActor, label: `first-run setup (${input.email})`, ip: meta.ip, requestId: meta.requestId };
  await createUser(ctx, actor, { ...input, role: 'owner' });
  return (await findUserByEmail(ctx.db, input.email))!;
}

/** KEEL_ADMIN_EMAIL + KEEL_ADMIN_PASSWORD: creates that owner at start when there are no users. */
export async function bootstrapAdmin(ctx: ServiceContext): Promise<boolean> {
  const admin = ctx.config.admin;
  if (!admin || !(await needsSetup(ctx))) return false;
  await createUser(ctx, { ...systemActor, label: 'KEEL_ADMIN_EMAIL at start-up' }, {
    email: admin.email,
    name: admin.email.split('@')[0] ?? 'Owner',
    role: 'owner',
    timeZone: 'UTC',
    password: admin.password,
  });
  ctx.logger.info({ email: admin.email }, 'created the first owner from KEEL_ADMIN_EMAIL');
  return true;
}
