import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../lib/api.js';

/** Routing rules calls and shapes. Query keys start with 'routing-rules'. */
export const rulesKey = 'routing-rules';

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
export const alertSeverities = ['critical', 'error', 'warning', 'info'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];
export const alertPriorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type AlertPriority = (typeof alertPriorities)[number];

export interface Condition {
  field: ConditionField;
  key?: string;
  op: ConditionOp;
  value?: string;
}

export interface RuleActions {
  serviceId?: string;
  severity?: AlertSeverity;
  priority?: AlertPriority;
  labels?: Record<string, string>;
  suppress?: boolean;
}

export interface Rule {
  id: string;
  name: string;
  /** null: a global rule. */
  serviceId: string | null;
  position: number;
  enabled: boolean;
  match: 'all' | 'any';
  conditions: Condition[];
  actions: RuleActions;
  continue: boolean;
  createdAt: string;
  updatedAt: string;
}

export type RuleInput = Pick<
  Rule,
  'name' | 'serviceId' | 'enabled' | 'match' | 'conditions' | 'actions' | 'continue'
>;

export const fieldLabels: Record<ConditionField, string> = {
  source: 'Source',
  severity: 'Severity',
  summary: 'Summary',
  label: 'Label',
  detail: 'Custom detail',
};

export const opLabels: Record<ConditionOp, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  matches: 'matches regex',
  not_matches: 'does not match regex',
  exists: 'is present',
  not_exists: 'is absent',
};

export const takesValue = (op: ConditionOp): boolean => op !== 'exists' && op !== 'not_exists';
export const takesKey = (field: ConditionField): boolean => field === 'label' || field === 'detail';

const base = '/api/v1/routing-rules';
const one = (id: string): string => `${base}/${encodeURIComponent(id)}`;

export const rulesApi = {
  create: (body: RuleInput) => api<Rule>(base, { method: 'POST', body }),
  update: (id: string, body: Partial<RuleInput>) => api<Rule>(one(id), { method: 'PATCH', body }),
  remove: (id: string) => api<void>(one(id), { method: 'DELETE' }),
  reorder: (serviceId: string | null, ids: string[]) =>
    api<{ items: Rule[] }>(`${base}/reorder`, { method: 'POST', body: { serviceId, ids } }),
};

/**
 * The rules of one scope (a service id, or null for the global rules) in evaluation order. A scope
 * holds at most 200 rules (the server's limit), so one request reads them all.
 */
export function useRules(serviceId: string | null) {
  const scope = serviceId ?? 'global';
  return useQuery({
    queryKey: [rulesKey, 'list', scope],
    queryFn: ({ signal }) => api<{ items: Rule[] }>(withQuery(base, { service: scope }), { signal }),
    select: (page) => page.items,
  });
}
