import { z } from 'zod';
import { userSchemas } from '../users/index.js';

export const loginBody = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});
export const totpBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the 6-digit code'),
});
export const setupBody = z.strictObject({
  email: userSchemas.email,
  name: userSchemas.personName,
  password: userSchemas.password,
  timeZone: userSchemas.timeZone.default('UTC'),
  loadSampleData: z.boolean().default(false),
});
export const resetRequestBody = z.strictObject({ email: z.string().trim().toLowerCase().max(254) });
export const resetCompleteBody = z.strictObject({
  token: z.string().min(20).max(200),
  newPassword: userSchemas.password,
});
export const disableTotpBody = z.strictObject({ password: z.string().max(200) });

export const sessionResponse = z.object({
  user: userSchemas.userView.optional(),
  csrfToken: z.string(),
  mfaRequired: z.boolean().optional(),
});
