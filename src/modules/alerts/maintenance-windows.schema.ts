import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import { isValidTimeZone } from '../../lib/time.js';
import { isoInstant, ruleId } from './alert-rules.input.js';
import { frequencies, windowStates } from './recurrence.domain.js';

const recurrence = z.strictObject({
  frequency: z.enum(frequencies),
  interval: z.number().int().min(1).max(366).default(1).describe('Every N days, weeks or months.'),
  until: isoInstant.nullable().default(null).describe('No occurrence starts after this; null: forever.'),
});
const title = z.string().trim().min(1, 'is required').max(200);
const description = z.string().max(5000);
const serviceIds = z.array(ruleId).min(1, 'name at least one service').max(100);
const timeZone = z
  .string()
  .max(100)
  .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/London' });

export const createWindowBody = z.strictObject({
  title,
  description: description.default(''),
  serviceIds,
  startsAt: isoInstant.describe('The first occurrence starts.'),
  endsAt: isoInstant.describe('The first occurrence ends.'),
  timeZone: timeZone.default('UTC').describe('Occurrences keep their local wall-clock time in this zone.'),
  recurrence: recurrence.nullable().default(null),
});
export type CreateWindowInput = z.infer<typeof createWindowBody>;

export const updateWindowBody = z.strictObject({
  title: title.optional(),
  description: description.optional(),
  serviceIds: serviceIds.optional(),
  startsAt: isoInstant.optional(),
  endsAt: isoInstant.optional(),
  timeZone: timeZone.optional(),
  recurrence: recurrence.nullable().optional(),
});
export type UpdateWindowInput = z.infer<typeof updateWindowBody>;

export const listWindowsQuery = z.object({
  service: ruleId.optional(),
  state: z.enum(windowStates).optional(),
  ...pageQuery,
});

export const windowView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  serviceIds: z.array(z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  recurrence: z
    .object({ frequency: z.enum(frequencies), interval: z.number(), until: z.string().nullable() })
    .nullable(),
  state: z.enum(windowStates),
  nextStartsAt: z.string().nullable(),
  nextEndsAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WindowView = z.infer<typeof windowView>;
