import { api } from '../../lib/api.js';
import type { User } from '../../lib/types.js';

export const accountApi = {
  update: (body: { name?: string; timeZone?: string }) => api<User>('/api/v1/me', { method: 'PATCH', body }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api<void>('/api/v1/me/password', { method: 'POST', body: { currentPassword, newPassword } }),
  totpSetup: () => api<{ secret: string; otpauthUrl: string }>('/api/v1/me/totp/setup', { method: 'POST' }),
  totpEnable: (code: string) => api<void>('/api/v1/me/totp/enable', { method: 'POST', body: { code } }),
  totpDisable: (password: string) =>
    api<void>('/api/v1/me/totp/disable', { method: 'POST', body: { password } }),
};
