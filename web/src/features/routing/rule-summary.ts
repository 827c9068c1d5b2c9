import {
  fieldLabels,
  opLabels,
  takesKey,
  takesValue,
  type Condition,
  type Rule,
  type RuleActions,
} from './routing-rules.api.js';

/** "Label env equals prod", "Severity is present". */
export function describeCondition(c: Condition): string {
  const subject = takesKey(c.field) ? `${fieldLabels[c.field]} ${c.key ?? ''}` : fieldLabels[c.field];
  return `${subject} ${opLabels[c.op]}${takesValue(c.op) ? ` “${c.value ?? ''}”` : ''}`;
}

/** "When all of: …", or "Every alert" for a rule without conditions. */
export function describeWhen(rule: Pick<Rule, 'match' | 'conditions'>): string {
  if (rule.conditions.length === 0) return 'Every alert';
  const list = rule.conditions.map(describeCondition);
  if (list.length === 1) return `When ${list[0]}`;
  return `When ${rule.match === 'all' ? 'all' : 'any'} of: ${list.join('; ')}`;
}

/** "Route to Payments · severity critical · suppress", with service names from `serviceName`. */
export function describeActions(actions: RuleActions, serviceName: (id: string) => string): string {
  const parts: string[] = [];
  if (actions.serviceId) parts.push(`route to ${serviceName(actions.serviceId)}`);
  if (actions.severity) parts.push(`severity ${actions.severity}`);
  if (actions.priority) parts.push(`priority ${actions.priority}`);
  const labels = Object.entries(actions.labels ?? {});
  if (labels.length) parts.push(`labels ${labels.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (actions.suppress) parts.push('suppress (page nobody)');
  if (parts.length === 0) return 'Change nothing';
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
