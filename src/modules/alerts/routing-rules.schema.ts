import { z } from 'zod';
import { ruleId } from './alert-rules.input.js';
import { conditionFields, conditionIssue, conditionOps } from './routing.domain.js';

export const alertSeverities = ['critical', 'error', 'warning', 'info'] as const;
export const alertPriorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
/** Rules per scope (global, or one service): evaluation walks them for every trigger. */
export const maxRulesPerScope = 200;

const condition = z
  .strictObject({
    field: z.enum(conditionFields),
    key: z.string().min(1).max(200).optional().describe('Label name, or a dotted path into custom details.'),
    op: z.enum(conditionOps),
    value: z.string().max(1024).optional(),
  })
  .superRefine((c, ctx) => {
    const issue = conditionIssue(c);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });

const labels = z
  .record(z.string().min(1).max(200), z.string().max(1024))
  .refine((l) => Object.keys(l).length <= 50, { message: 'at most 50 labels' });

const actions = z.strictObject({
  serviceId: ruleId.optional().describe('Route to this service (global rules only).'),
  severity: z.enum(alertSeverities).optional(),
  priority: z.enum(alertPriorities).optional(),
  labels: labels.optional().describe('Added to the alert’s labels, replacing same-named ones.'),
  suppress: z.boolean().optional().describe('Keep the alert, visible, but page nobody.'),
});

const name = z.string().trim().min(1, 'is required').max(200);
const conditions = z.array(condition).max(50);

export const createRuleBody = z.strictObject({
  name,
  serviceId: ruleId.nullable().default(null).describe('null: a global rule.'),
  enabled: z.boolean().default(true),
  match: z.enum(['all', 'any']).default('all'),
  conditions: conditions.default([]).describe('None: the rule matches every alert.'),
  actions: actions.default({}),
  continue: z.boolean().default(false).describe('Go on with the next rule after this one matched.'),
  position: z.number().int().min(0).max(maxRulesPerScope).optional().describe('Default: last.'),
});
export type CreateRuleInput = z.infer<typeof createRuleBody>;

export const updateRuleBody = z.strictObject({
  name: name.optional(),
  serviceId: ruleId.nullable().optional().describe('Moving a rule to another scope puts it last there.'),
  enabled: z.boolean().optional(),
  match: z.enum(['all', 'any']).optional(),
  conditions: conditions.optional(),
  actions: actions.optional(),
  continue: z.boolean().optional(),
});
export type UpdateRuleInput = z.infer<typeof updateRuleBody>;

export const reorderBody = z.strictObject({
  serviceId: ruleId.nullable(),
  ids: z.array(ruleId).max(maxRulesPerScope).describe('Every rule of the scope, in the new order.'),
});

export const listRulesQuery = z.object({
  service: z.string().min(1).max(64).optional().describe('A service id, or "global". Absent: every rule.'),
});

export const ruleView = z.object({
  id: z.string(),
  name: z.string(),
  serviceId: z.string().nullable(),
  position: z.number(),
  enabled: z.boolean(),
  match: z.enum(['all', 'any']),
  conditions: z.array(
    z.object({
      field: z.enum(conditionFields),
      key: z.string().optional(),
      op: z.enum(conditionOps),
      value: z.string().optional(),
    }),
  ),
  actions: z.object({
    serviceId: z.string().optional(),
    severity: z.enum(alertSeverities).optional(),
    priority: z.enum(alertPriorities).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    suppress: z.boolean().optional(),
  }),
  continue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RuleView = z.infer<typeof ruleView>;
