import type { OpsgeniePriority, SourceSeverity } from './formats/index.js';
import { compilePattern, testPattern } from './regex.domain.js';

/**
 * Routing rules, as pure functions: a rule's conditions look at the alert's source, severity,
 * summary, a label or a custom detail; its actions set the service, severity, priority or labels,
 * or suppress the alert. docs/routing.md explains the evaluation order for people.
 */

export const conditionFields = ['source', 'severity', 'summary', 'label', 'detail'] as const;
export type ConditionField = (typeof conditionFields)[number];
export const conditionOps = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'matches',
  'not_matches',
  'exists',
  'not_exists',
] as const;
export type ConditionOp = (typeof conditionOps)[number];

export interface RuleCondition {
  field: ConditionField;
  /** The label name (field `label`) or a dotted path into the custom details (field `detail`). */
  key?: string | undefined;
  op: ConditionOp;
  /** Required by every op except exists / not_exists. */
  value?: string | undefined;
}

export interface RuleActions {
  serviceId?: string | undefined;
  severity?: SourceSeverity | undefined;
  priority?: OpsgeniePriority | undefined;
  labels?: Record<string, string> | undefined;
  suppress?: boolean | undefined;
}

export interface RoutingRule {
  id: string;
  name: string;
  match: 'all' | 'any';
  conditions: readonly RuleCondition[];
  actions: RuleActions;
  continues: boolean;
}

/** What rules look at and change: the alert as it would be stored. */
export interface RoutableAlert {
  serviceId: string;
  source: string | null;
  severity: SourceSeverity;
  priority: OpsgeniePriority | null;
  summary: string;
  labels: Readonly<Record<string, string>>;
  details: Readonly<Record<string, unknown>>;
}

type Test = (alert: RoutableAlert) => boolean;
export interface CompiledRule extends RoutingRule {
  test: Test;
}

/** Why a condition is invalid, or null. Called on write (400) and again when compiling. */
export function conditionIssue(c: RuleCondition): { path: string; message: string } | null {
  if ((c.field === 'label' || c.field === 'detail') && !c.key) {
    return { path: 'key', message: `is required for field ${c.field}` };
  }
  if (c.field !== 'label' && c.field !== 'detail' && c.key !== undefined) {
    return { path: 'key', message: `only fields label and detail take a key` };
  }
  const needsValue = c.op !== 'exists' && c.op !== 'not_exists';
  if (needsValue && c.value === undefined) return { path: 'value', message: `is required for op ${c.op}` };
  if (!needsValue && c.value !== undefined) return { path: 'value', message: `op ${c.op} takes no value` };
  if ((c.op === 'matches' || c.op === 'not_matches') && c.value !== undefined) {
    const r = compilePattern(c.value, false);
    if (!r.ok) return { path: 'value', message: r.message };
  }
  return null;
}

/** A custom detail by dotted path ("db.host"), as text; undefined when absent. */
export function detailAt(details: Readonly<Record<string, unknown>>, path: string): string | undefined {
  let v: unknown = details;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v as number);
}

function fieldOf(c: RuleCondition): (a: RoutableAlert) => string | undefined {
  switch (c.field) {
    case 'source':
      return (a) => a.source ?? undefined;
    case 'severity':
      return (a) => a.severity;
    case 'summary':
      return (a) => a.summary;
    case 'label': {
      const key = c.key ?? '';
      return (a) => (Object.hasOwn(a.labels, key) ? a.labels[key] : undefined);
    }
    case 'detail': {
      const key = c.key ?? '';
      return (a) => detailAt(a.details, key);
    }
    default: {
      const never: never = c.field;
      throw new Error(`unknown field ${String(never)}`);
    }
  }
}

/** One condition as a predicate. A missing field reads as "" (Alertmanager's convention). */
function compileCondition(c: RuleCondition): Test {
  const get = fieldOf(c);
  const value = c.value ?? '';
  switch (c.op) {
    case 'exists':
      return (a) => get(a) !== undefined;
    case 'not_exists':
      return (a) => get(a) === undefined;
    case 'equals':
      return (a) => (get(a) ?? '') === value;
    case 'not_equals':
      return (a) => (get(a) ?? '') !== value;
    case 'contains':
      return (a) => (get(a) ?? '').includes(value);
    case 'not_contains':
      return (a) => !(get(a) ?? '').includes(value);
    case 'matches':
    case 'not_matches': {
      const r = compilePattern(value, false);
      // Validated on write; a pattern that no longer compiles (a stricter engine) never matches.
      if (!r.ok) return () => false;
      const positive = c.op === 'matches';
      return (a) => testPattern(r.regex, get(a) ?? '') === positive;
    }
    default: {
      const never: never = c.op;
      throw new Error(`unknown op ${String(never)}`);
    }
  }
}

/** Compiles a rule once (regexes included); no conditions means the rule always matches. */
export function compileRule(rule: RoutingRule): CompiledRule {
  const tests = rule.conditions.map(compileCondition);
  const test: Test =
    tests.length === 0
      ? () => true
      : rule.match === 'all'
        ? (a) => tests.every((t) => t(a))
        : (a) => tests.some((t) => t(a));
  return { ...rule, test };
}

export interface RuleOutcome {
  alert: RoutableAlert;
  /** The rules that matched and changed something, in order. */
  routedBy: { ruleId: string; name: string }[];
  /** The rule whose `suppress: true` is in force, or null. */
  suppressedBy: { id: string; name: string } | null;
}

/**
 * Evaluates one scope's rules in order: each matching rule's actions apply to the alert as the
 * rules before it left it; evaluation stops after the first match unless that rule says
 * `continues`. `canRoute` says whether a service action may apply (global rules only; the
 * target must exist).
 */
export function evaluateRules(
  rules: readonly CompiledRule[],
  start: RuleOutcome,
  canRoute: (serviceId: string) => boolean,
): RuleOutcome {
  let { alert, suppressedBy } = start;
  const routedBy = [...start.routedBy];
  for (const rule of rules) {
    if (!rule.test(alert)) continue;
    const a = rule.actions;
    const next: RoutableAlert = {
      ...alert,
      ...(a.serviceId !== undefined && canRoute(a.serviceId) && { serviceId: a.serviceId }),
      ...(a.severity !== undefined && { severity: a.severity }),
      ...(a.priority !== undefined && { priority: a.priority }),
      ...(a.labels !== undefined && { labels: { ...alert.labels, ...a.labels } }),
    };
    if (a.suppress === true) suppressedBy = { id: rule.id, name: rule.name };
    if (a.suppress === false) suppressedBy = null;
    if (changed(alert, next) || a.suppress !== undefined) routedBy.push({ ruleId: rule.id, name: rule.name });
    alert = next;
    if (!rule.continues) break;
  }
  return { alert, routedBy, suppressedBy };
}

function changed(a: RoutableAlert, b: RoutableAlert): boolean {
  if (a.serviceId !== b.serviceId || a.severity !== b.severity || a.priority !== b.priority) return true;
  if (a.labels === b.labels) return false;
  const ka = Object.keys(a.labels);
  const kb = Object.keys(b.labels);
  return ka.length !== kb.length || kb.some((k) => a.labels[k] !== b.labels[k]);
}
