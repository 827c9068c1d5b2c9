import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import { runbookLink, serviceSettings } from './services.domain.js';

const id = z.string().min(1).max(64);
export const serviceName = z.string().trim().min(1, 'is required').max(100);

export const createServiceBody = z.strictObject({
  name: serviceName,
  description: z.string().max(5000).default(''),
  ownerTeamId: id.nullable().default(null),
  tier: z.number().int().min(1).max(4).nullable().default(null),
  escalationPolicyId: id.nullable().default(null),
  runbookLinks: z.array(runbookLink).max(20).default([]),
  dependsOn: z.array(id).max(100).default([]),
  settings: serviceSettings.default(serviceSettings.parse({})),
});
export type CreateServiceInput = z.infer<typeof createServiceBody>;

export const updateServiceBody = z.strictObject({
  name: serviceName.optional(),
  description: z.string().max(5000).optional(),
  ownerTeamId: id.nullable().optional(),
  tier: z.number().int().min(1).max(4).nullable().optional(),
  escalationPolicyId: id.nullable().optional(),
  runbookLinks: z.array(runbookLink).max(20).optional(),
  dependsOn: z.array(id).max(100).optional(),
  settings: serviceSettings.optional(),
});
export type UpdateServiceInput = z.infer<typeof updateServiceBody>;

export const listServicesQuery = z.object({
  q: z.string().max(100).optional(),
  team: id.optional(),
  ...pageQuery,
});

export const serviceParams = z.object({ id });
