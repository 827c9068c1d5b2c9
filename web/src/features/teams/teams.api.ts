import { api } from '../../lib/api.js';
import type { Team, TeamDetail, TeamRole } from '../../lib/types.js';

export const teamsKey = 'teams';
const one = (id: string): string => `/api/v1/teams/${encodeURIComponent(id)}`;

export const teamsApi = {
  get: (id: string) => api<TeamDetail>(one(id)),
  create: (body: { name: string; description?: string }) =>
    api<Team>('/api/v1/teams', { method: 'POST', body }),
  update: (id: string, body: { name?: string; description?: string }) =>
    api<Team>(one(id), { method: 'PATCH', body }),
  remove: (id: string) => api<void>(one(id), { method: 'DELETE' }),
  setMember: (id: string, userId: string, role: TeamRole) =>
    api<unknown>(`${one(id)}/members/${encodeURIComponent(userId)}`, { method: 'PUT', body: { role } }),
  removeMember: (id: string, userId: string) =>
    api<void>(`${one(id)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
};
