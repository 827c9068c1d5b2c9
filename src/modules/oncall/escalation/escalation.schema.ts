import { z } from 'zod';
import {
  maxDelayMinutes,
  maxLevels,
  maxRepeat,
  maxTargetsPerLevel,
  targetTypes,
} from './escalation.domain.js';

const id = z.string().min(1).max(64);

export const policyParams = z.object({ id });

const targetInput = z.strictObject({ type: z.enum(targetTypes), id });
const levelInput = z.strictObject({
  delayMinutes: z
    .number()
    .int()
    .min(1)
    .max(maxDelayMinutes)
    .describe('Minutes to wait for an acknowledgement before the next level.'),
  targets: z.array(targetInput).min(1).max(maxTargetsPerLevel),
});

export const createPolicyBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  repeat: z
    .number()
    .int()
    .min(0)
    .max(maxRepeat)
    .default(0)
    .describe('Runs of the whole policy after the first.'),
  /** Absent: the first policy becomes the default, later ones do not. */
  isDefault: z.boolean().optional(),
  levels: z.array(levelInput).min(1).max(maxLevels),
});
export type CreatePolicyInput = z.infer<typeof createPolicyBody>;

export const updatePolicyBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  repeat: z.number().int().min(0).max(maxRepeat).optional(),
  isDefault: z.boolean().optional(),
  levels: z.array(levelInput).min(1).max(maxLevels).optional(),
});
export type UpdatePolicyInput = z.infer<typeof updatePolicyBody>;

const ref = z.object({ id: z.string(), name: z.string() });

export const policyView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  repeat: z.number(),
  isDefault: z.boolean(),
  levels: z.array(
    z.object({
      delayMinutes: z.number(),
      targets: z.array(
        z.object({
          type: z.enum(targetTypes),
          id: z.string(),
          name: z.string().nullable().describe('Null when the target no longer exists.'),
        }),
      ),
    }),
  ),
  services: z.array(ref).describe('Services that name this policy.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PolicyView = z.infer<typeof policyView>;

export const pagingView = z.object({
  policy: z.object({ id: z.string(), name: z.string(), isDefault: z.boolean() }).nullable(),
  wouldPage: z.boolean(),
  reason: z.string().optional().describe('Why nobody would be paged, when wouldPage is false.'),
  onCallNow: z.array(
    z.object({
      policy: ref,
      level: z.number().describe('1-based.'),
      users: z.array(z.object({ id: z.string(), name: z.string(), reachable: z.boolean() })),
      nobodyOnCall: z.array(ref).describe('Schedules of this level with nobody on call now.'),
    }),
  ),
});
export type PagingView = z.infer<typeof pagingView>;
