import { z } from 'zod';
import type { Urgency } from '../../incidents/index.js';

/**
 * Notification rules: per urgency, which contact method is told after how many minutes. Pure:
 * the defaults and the choice between stored and default rules live here.
 */
export const maxRuleDelayMinutes = 1440;
export const maxRulesPerUrgency = 20;

export const ruleInput = z.object({
  contactMethodId: z.string().min(1).max(100),
  delayMinutes: z.number().int().min(0).max(maxRuleDelayMinutes),
});
export const rulesInput = z.object({
  high: z.array(ruleInput).max(maxRulesPerUrgency),
  low: z.array(ruleInput).max(maxRulesPerUrgency),
});
export type RulesInput = z.infer<typeof rulesInput>;

export interface Rule {
  /** Stable while the rule is unchanged: part of the delivery job's idempotency key. */
  id: string;
  contactMethodId: string;
  delayMinutes: number;
}
export type RuleSet = Record<Urgency, Rule[]>;

export interface MethodRef {
  id: string;
  type: string;
}

/**
 * The defaults, for a user who has set no rules: high urgency → every contact method at once;
 * low urgency → the e-mail methods at once (every method when the user has no e-mail one, so
 * a low-urgency page still reaches someone). Computed from the current methods, so a user's
 * first contact method is covered the moment it is added.
 */
export function defaultRules(methods: readonly MethodRef[]): RuleSet {
  const emails = methods.filter((m) => m.type === 'email');
  const rule = (urgency: Urgency) => (m: MethodRef) => ({
    id: `default:${urgency}:${m.id}`,
    contactMethodId: m.id,
    delayMinutes: 0,
  });
  return {
    high: methods.map(rule('high')),
    low: (emails.length ? emails : methods).map(rule('low')),
  };
}

/**
 * The rules in force: the stored ones (rules naming a deleted contact method dropped) or, when
 * the user has stored none, the defaults.
 */
export function effectiveRules(stored: RuleSet | null, methods: readonly MethodRef[]): RuleSet {
  if (!stored) return defaultRules(methods);
  const ids = new Set(methods.map((m) => m.id));
  return {
    high: stored.high.filter((r) => ids.has(r.contactMethodId)),
    low: stored.low.filter((r) => ids.has(r.contactMethodId)),
  };
}

/** Orders by delay (then as given) and gives each rule an id from its content. */
export function toRuleSet(input: RulesInput): RuleSet {
  const build = (urgency: Urgency, rules: RulesInput['high']): Rule[] =>
    rules
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.delayMinutes - b.r.delayMinutes || a.i - b.i)
      .map(({ r }) => ({
        id: `${urgency}:${r.contactMethodId}:${r.delayMinutes}`,
        contactMethodId: r.contactMethodId,
        delayMinutes: r.delayMinutes,
      }));
  return { high: build('high', input.high), low: build('low', input.low) };
}

/** Two rules for the same method at the same delay would page twice at once: refused. */
export function duplicateRule(input: RulesInput): { urgency: Urgency; index: number } | null {
  for (const urgency of ['high', 'low'] as const) {
    const seen = new Set<string>();
    for (const [index, r] of input[urgency].entries()) {
      const key = `${r.contactMethodId}:${r.delayMinutes}`;
      if (seen.has(key)) return { urgency, index };
      seen.add(key);
    }
  }
  return null;
}
