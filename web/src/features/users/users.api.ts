import { api } from '../../lib/api.js';
import type { Role, User } from '../../lib/types.js';

/** Users calls. Query keys start with 'users' so one invalidation refreshes lists and details. */
export const usersKey = 'users';

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  timeZone?: string;
  password?: string;
}

export const usersApi = {
  get: (id: string) => api<User>(`/api/v1/users/${encodeURIComponent(id)}`),
  create: (body: CreateUserInput) =>
    api<{ user: User; inviteUrl: string | null }>('/api/v1/users', { method: 'POST', body }),
  update: (id: string, body: Partial<Pick<User, 'name' | 'email' | 'role' | 'timeZone' | 'disabled'>>) =>
    api<User>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  remove: (id: string) => api<void>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  issueReset: (id: string) =>
    api<{ url: string; expiresAt: string }>(`/api/v1/users/${encodeURIComponent(id)}/password-reset`, {
      method: 'POST',
    }),
};

/** Invite and reset links may come back as paths; show them as full URLs people can send. */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}
