import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import { isoInstant, ruleId } from './alert-rules.input.js';
import { matcherIssue, matcherOps, silenceStates } from './silences.domain.js';

const matcher = z
  .strictObject({
    label: z.string().trim().min(1, 'is required').max(200),
    op: z.enum(matcherOps),
    value: z.string().max(1024),
  })
  .superRefine((m, ctx) => {
    const issue = matcherIssue(m);
    if (issue) ctx.addIssue({ code: 'custom', path: ['value'], message: issue });
  });

const matchers = z.array(matcher).min(1, 'name at least one matcher').max(30);
const comment = z.string().max(2000);

export const createSilenceBody = z.strictObject({
  matchers,
  startsAt: isoInstant.optional().describe('Default: now.'),
  endsAt: isoInstant,
  comment: comment.default(''),
  serviceId: ruleId.nullable().default(null).describe('Only alerts of this service; null: any service.'),
});
export type CreateSilenceInput = z.infer<typeof createSilenceBody>;

export const updateSilenceBody = z.strictObject({
  matchers: matchers.optional(),
  startsAt: isoInstant.optional(),
  endsAt: isoInstant.optional(),
  comment: comment.optional(),
  serviceId: ruleId.nullable().optional(),
});
export type UpdateSilenceInput = z.infer<typeof updateSilenceBody>;

export const listSilencesQuery = z.object({
  state: z.enum(silenceStates).optional(),
  service: ruleId.optional(),
  ...pageQuery,
});

export const silenceView = z.object({
  id: z.string(),
  matchers: z.array(z.object({ label: z.string(), op: z.enum(matcherOps), value: z.string() })),
  startsAt: z.string(),
  endsAt: z.string(),
  comment: z.string(),
  createdBy: z.object({ id: z.string().nullable(), name: z.string() }),
  serviceId: z.string().nullable(),
  state: z.enum(silenceStates),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SilenceView = z.infer<typeof silenceView>;
