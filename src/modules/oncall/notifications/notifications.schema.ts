import { z } from 'zod';
import { pageQuery } from '../../../lib/pagination.js';
import { channelTypes } from '../channels/registry.js';
import { rulesInput } from './rules.domain.js';
import { notificationStatuses } from './notifications.table.js';

/** Request and response shapes of the notification routes (docs/oncall.md). */

export const id = z.string().min(1).max(64);
// `:id` like the user routes beside them (one parameter name per path position).
export const userParams = z.object({ id: id.describe('A user id, or `me`.') });
export const methodParams = z.object({ id: id.describe('A user id, or `me`.'), methodId: id });
export const idParams = z.object({ id });

const label = z.string().trim().min(1, 'is required').max(100);
const config = z.record(z.string(), z.unknown()).describe("The channel's settings (docs/oncall.md).");

export const createMethodBody = z.strictObject({ type: z.enum(channelTypes), label, config });
export type CreateMethodInput = z.infer<typeof createMethodBody>;
export const updateMethodBody = z.strictObject({
  label: label.optional(),
  config: config
    .describe(
      'Merged over the stored settings: fields left out are kept (secrets too), a field given as null is removed.',
    )
    .optional(),
});
export type UpdateMethodInput = z.infer<typeof updateMethodBody>;

export const methodView = z.object({
  id: z.string(),
  userId: z.string(),
  type: z.string(),
  label: z.string(),
  /** What the channel says about the settings, never a secret. */
  description: z.string(),
  /** The settings that are safe to show (an address, a number, a server URL); secrets never. */
  config: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MethodView = z.infer<typeof methodView>;

export const deliveryResultView = z.object({
  ok: z.boolean(),
  status: z.number().nullable(),
  latencyMs: z.number(),
  error: z.string().optional(),
});
export const testResultView = z.object({ delivery: deliveryResultView, notificationId: z.string() });

export const rulesBody = rulesInput;
const ruleView = z.object({ id: z.string(), contactMethodId: z.string(), delayMinutes: z.number() });
export const rulesView = z.object({
  high: z.array(ruleView),
  low: z.array(ruleView),
  /** true: the defaults (the user has set none). */
  isDefault: z.boolean(),
});

export const attemptView = z.object({
  attempt: z.number(),
  ok: z.boolean(),
  statusCode: z.number().nullable(),
  latencyMs: z.number(),
  error: z.string().nullable(),
  at: z.string(),
});
export const notificationView = z.object({
  id: z.string(),
  incidentId: z.string().nullable(),
  user: z.object({ id: z.string(), name: z.string().nullable() }),
  contactMethodId: z.string().nullable(),
  channelType: z.string(),
  target: z.string(),
  kind: z.string(),
  urgency: z.string(),
  status: z.enum(notificationStatuses),
  attempts: z.number(),
  dueAt: z.string(),
  lastError: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  attemptLog: z.array(attemptView),
});
export type NotificationView = z.infer<typeof notificationView>;

export const listNotificationsQuery = z.object({
  status: z.enum(notificationStatuses).optional(),
  incident: id.optional(),
  user: id.optional(),
  channel: z.enum(channelTypes).optional().describe('Only this channel type (`email`, `slack`, …).'),
  since: z.iso.datetime({ offset: true }).optional().describe('Created at or after.'),
  until: z.iso.datetime({ offset: true }).optional().describe('Created before.'),
  ...pageQuery,
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;
