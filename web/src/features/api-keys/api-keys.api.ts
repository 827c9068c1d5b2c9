import { api } from '../../lib/api.js';
import type { ApiKey, CreatedApiKey } from '../../lib/types.js';

export const apiKeysKey = 'api-keys';

export const apiKeysApi = {
  list: () => api<{ items: ApiKey[] }>('/api/v1/api-keys'),
  create: (body: { name: string; scopes: string[]; expiresAt?: string }) =>
    api<CreatedApiKey>('/api/v1/api-keys', { method: 'POST', body }),
  revoke: (id: string) => api<void>(`/api/v1/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export type KeyStatus = 'active' | 'revoked' | 'expired';

export function keyStatus(key: ApiKey, now = Date.now()): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}
