import { z } from 'zod';
import { isValidTimeZone } from '../../lib/time.js';
import { pageQuery } from '../../lib/pagination.js';
import { roles } from './users.table.js';

export const email = z.string().trim().toLowerCase().email('must be an email address').max(254);
export const password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');
export const personName = z.string().trim().min(1, 'is required').max(100);
export const timeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/London' });
export const role = z.enum(roles);
export const idParam = z.object({ id: z.string().min(1).max(64) });

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  timeZone: z.string(),
  role,
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  isSample: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const createUserBody = z.strictObject({
  email,
  name: personName,
  role: role.default('responder'),
  timeZone: timeZone.default('UTC'),
  password: password.optional(),
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  name: personName.optional(),
  email: email.optional(),
  role: role.optional(),
  timeZone: timeZone.optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const listUsersQuery = z.object({
  q: z.string().max(100).optional(),
  role: role.optional(),
  ...pageQuery,
});

export const updateMeBody = z.strictObject({ name: personName.optional(), timeZone: timeZone.optional() });
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().max(200),
  newPassword: password,
});
