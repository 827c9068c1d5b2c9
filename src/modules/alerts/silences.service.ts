import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor, ServiceContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { toPage, type Page } from '../../lib/pagination.js';
import { iso } from '../../lib/time.js';
import { recordAudit } from '../audit/index.js';
import { findUserById } from '../users/index.js';
import { invalidateAlertRules } from './alert-rules.cache.js';
import { invalidBody, requireServices, toMs } from './alert-rules.input.js';
import { bumpRulesVersion } from './alert-rules.repository.js';
import { compilePattern } from './regex.domain.js';
import { silenceState, type SilenceMatcher, type SilenceState } from './silences.domain.js';
import { findSilence, listSilenceRows, type SilenceRow } from './silences.repository.js';
import type { CreateSilenceInput, SilenceView, UpdateSilenceInput } from './silences.schema.js';

export function presentSilence(s: SilenceRow, now: number): SilenceView {
  return {
    id: s.id,
    matchers: JSON.parse(s.matchers) as SilenceMatcher[],
    startsAt: iso(s.starts_at),
    endsAt: iso(s.ends_at),
    comment: s.comment,
    createdBy: { id: s.created_by_user_id, name: s.created_by_name },
    serviceId: s.service_id,
    state: silenceState({ startsAt: s.starts_at, endsAt: s.ends_at }, now),
    createdAt: iso(s.created_at),
    updatedAt: iso(s.updated_at),
  };
}

/** Whether a matcher matches the empty string (a label the alert does not have). */
function matchesEmpty(m: SilenceMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
    case '!~': {
      const r = compilePattern(m.value, true);
      return r.ok && r.regex.test('') === (m.op === '=~');
    }
    default: {
      const never: never = m.op;
      throw new Error(`unknown op ${String(never)}`);
    }
  }
}

/** Alertmanager's rules for a silence as a whole: a real time range, and not silencing everything. */
function checkSilence(
  s: { matchers: SilenceMatcher[]; startsAt: number; endsAt: number },
  now: number,
): void {
  if (s.endsAt <= s.startsAt) throw invalidBody(['endsAt'], 'must be after startsAt');
  if (s.endsAt <= now) throw invalidBody(['endsAt'], 'must be in the future');
  if (s.matchers.every(matchesEmpty)) {
    throw invalidBody(['matchers'], 'at least one matcher must not match an empty or missing label');
  }
}

async function requireSilence(db: Db, id: string): Promise<SilenceRow> {
  const row = await findSilence(db, id);
  if (!row) throw notFound('Silence', id);
  return row;
}

/** Commits a change to silences: bumps the rules version in `fn`'s transaction, then drops this process's copy. */
async function changing<T>(ctx: ServiceContext, fn: (trx: Db) => Promise<T>): Promise<T> {
  const out = await ctx.db.transaction().execute(async (trx) => {
    const r = await fn(trx);
    await bumpRulesVersion(trx);
    return r;
  });
  invalidateAlertRules(ctx.db);
  return out;
}

export async function listSilences(
  ctx: ServiceContext,
  f: {
    state?: SilenceState | undefined;
    service?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<SilenceView>> {
  const now = ctx.clock.now();
  const rows = await listSilenceRows(ctx.db, now, f);
  return toPage(
    rows,
    f.limit,
    (r) => presentSilence(r, now),
    (r) => [r.created_at, r.id],
  );
}

export async function getSilence(ctx: ServiceContext, id: string): Promise<SilenceView> {
  return presentSilence(await requireSilence(ctx.db, id), ctx.clock.now());
}

export async function createSilence(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateSilenceInput,
): Promise<SilenceView> {
  const now = ctx.clock.now();
  const startsAt = input.startsAt ? toMs(input.startsAt) : now;
  const endsAt = toMs(input.endsAt);
  checkSilence({ matchers: input.matchers, startsAt, endsAt }, now);
  return changing(ctx, async (trx) => {
    if (input.serviceId) await requireServices(trx, [input.serviceId], ['serviceId']);
    const user = actor.userId ? await findUserById(trx, actor.userId) : undefined;
    const row: SilenceRow = {
      id: newId(now),
      matchers: JSON.stringify(input.matchers),
      starts_at: startsAt,
      ends_at: endsAt,
      comment: input.comment,
      created_by_user_id: user?.id ?? null,
      created_by_name: user?.name ?? actor.label,
      service_id: input.serviceId,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('silences').values(row).execute();
    const after = presentSilence(row, now);
    await recordAudit(trx, now, actor, {
      action: 'silence.created',
      resourceType: 'silence',
      resourceId: row.id,
      after,
    });
    return after;
  });
}

export async function updateSilence(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateSilenceInput,
): Promise<SilenceView> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    const row = await requireSilence(trx, id);
    if (row.ends_at <= now) {
      throw new AppError('conflict', 'This silence has expired; create a new one instead.', {
        state: 'expired',
      });
    }
    const next: SilenceRow = {
      ...row,
      ...(input.matchers !== undefined && { matchers: JSON.stringify(input.matchers) }),
      ...(input.startsAt !== undefined && { starts_at: toMs(input.startsAt) }),
      ...(input.endsAt !== undefined && { ends_at: toMs(input.endsAt) }),
      ...(input.comment !== undefined && { comment: input.comment }),
      ...(input.serviceId !== undefined && { service_id: input.serviceId }),
      updated_at: now,
    };
    checkSilence(
      {
        matchers: JSON.parse(next.matchers) as SilenceMatcher[],
        startsAt: next.starts_at,
        endsAt: next.ends_at,
      },
      now,
    );
    if (input.serviceId) await requireServices(trx, [input.serviceId], ['serviceId']);
    await trx.updateTable('silences').set(next).where('id', '=', id).execute();
    const after = presentSilence(next, now);
    await recordAudit(trx, now, actor, {
      action: 'silence.updated',
      resourceType: 'silence',
      resourceId: id,
      before: presentSilence(row, now),
      after,
    });
    return after;
  });
}

/**
 * Expires a silence now and keeps it, as Alertmanager does (a pending one gets startsAt = endsAt
 * = now). Expiring an expired silence changes nothing.
 */
export async function expireSilence(ctx: ServiceContext, actor: Actor, id: string): Promise<SilenceView> {
  const now = ctx.clock.now();
  return changing(ctx, async (trx) => {
    const row = await requireSilence(trx, id);
    if (row.ends_at <= now) return presentSilence(row, now);
    const next: SilenceRow = {
      ...row,
      starts_at: Math.min(row.starts_at, now),
      ends_at: now,
      updated_at: now,
    };
    await trx
      .updateTable('silences')
      .set({ starts_at: next.starts_at, ends_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    const after = presentSilence(next, now);
    await recordAudit(trx, now, actor, {
      action: 'silence.expired',
      resourceType: 'silence',
      resourceId: id,
      before: presentSilence(row, now),
      after,
    });
    return after;
  });
}
