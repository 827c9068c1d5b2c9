import type { Db } from '../../../db/database.js';
import { AppError, notFound } from '../../../http/errors.js';
import type { Actor } from '../../../lib/context.js';
import { recordAudit } from '../../audit/index.js';
import { findUserById } from '../../users/index.js';
import { methodsOf, saveRules, storedRules } from './contact-methods.repository.js';
import { ownerOf, type NotificationsContext } from './notifications.context.js';
import { duplicateRule, effectiveRules, toRuleSet, type RuleSet, type RulesInput } from './rules.domain.js';

export interface RulesView extends RuleSet {
  isDefault: boolean;
}

/** The rules in force for a user (stored, or the defaults over their current contact methods). */
export async function rulesOf(db: Db, userId: string): Promise<RulesView> {
  const [methods, stored] = await Promise.all([methodsOf(db, userId), storedRules(db, userId)]);
  const parsed = stored === null ? null : (JSON.parse(stored) as RuleSet);
  return { ...effectiveRules(parsed, methods), isDefault: parsed === null };
}

export async function getRules(ctx: NotificationsContext, actor: Actor, userRef: string): Promise<RulesView> {
  const userId = ownerOf(actor, userRef);
  if (!(await findUserById(ctx.db, userId))) throw notFound('User', userId);
  return rulesOf(ctx.db, userId);
}

/** Replaces the user's rules; every rule must name one of the user's own contact methods. */
export async function putRules(
  ctx: NotificationsContext,
  actor: Actor,
  userRef: string,
  input: RulesInput,
): Promise<RulesView> {
  const userId = ownerOf(actor, userRef);
  if (!(await findUserById(ctx.db, userId))) throw notFound('User', userId);
  const dup = duplicateRule(input);
  if (dup) {
    throw new AppError(
      'validation_failed',
      `body.${dup.urgency}.${dup.index}: the same contact method at the same delay twice`,
      {
        issues: [{ in: 'body', path: [dup.urgency, String(dup.index)], message: 'duplicate rule' }],
      },
    );
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const own = new Set((await methodsOf(trx, userId)).map((m) => m.id));
    for (const urgency of ['high', 'low'] as const) {
      for (const [i, r] of input[urgency].entries()) {
        if (!own.has(r.contactMethodId)) {
          throw new AppError(
            'validation_failed',
            `body.${urgency}.${i}.contactMethodId: not one of this user's contact methods`,
            {
              issues: [
                {
                  in: 'body',
                  path: [urgency, String(i), 'contactMethodId'],
                  message: 'no such contact method',
                },
              ],
            },
          );
        }
      }
    }
    const before = await rulesOf(trx, userId);
    const rules = toRuleSet(input);
    await saveRules(trx, userId, JSON.stringify(rules), now);
    await recordAudit(trx, now, actor, {
      action: 'notification_rules.updated',
      resourceType: 'user',
      resourceId: userId,
      before,
      after: rules,
    });
    return { ...rules, isDefault: false };
  });
}
