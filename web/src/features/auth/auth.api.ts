import { api } from '../../lib/api.js';
import type { LoginResult, User } from '../../lib/types.js';

/** Calls for signing in, first-run setup and password resets. */
export const authApi = {
  login: (email: string, password: string) =>
    api<LoginResult>('/api/v1/auth/login', { method: 'POST', body: { email, password } }),
  totp: (code: string) =>
    api<{ user: User; csrfToken: string }>('/api/v1/auth/totp', { method: 'POST', body: { code } }),
  setup: (body: {
    email: string;
    name: string;
    password: string;
    timeZone?: string;
    loadSampleData?: boolean;
  }) => api<{ user: User; csrfToken: string }>('/api/v1/setup', { method: 'POST', body }),
  requestReset: (email: string) =>
    api<void>('/api/v1/auth/password-reset/request', { method: 'POST', body: { email } }),
  completeReset: (token: string, newPassword: string) =>
    api<void>('/api/v1/auth/password-reset/complete', { method: 'POST', body: { token, newPassword } }),
};
