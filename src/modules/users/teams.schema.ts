import { z } from 'zod';
import { pageQuery } from '../../lib/pagination.js';
import { teamRoles } from './users.table.js';

export const teamName = z.string().trim().min(1, 'is required').max(100);
export const createTeamBody = z.strictObject({
  name: teamName,
  description: z.string().max(2000).default(''),
});
export type CreateTeamInput = z.infer<typeof createTeamBody>;
export const updateTeamBody = z.strictObject({
  name: teamName.optional(),
  description: z.string().max(2000).optional(),
});
export type UpdateTeamInput = z.infer<typeof updateTeamBody>;
export const listTeamsQuery = z.object({ q: z.string().max(100).optional(), ...pageQuery });
export const memberParams = z.object({ id: z.string().min(1).max(64), userId: z.string().min(1).max(64) });
export const memberBody = z.strictObject({ role: z.enum(teamRoles).default('member') });
