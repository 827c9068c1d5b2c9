/** Sessions, API keys, password resets and login attempts. Secrets are stored only as SHA-256 hashes. */
export interface SessionsTable {
  /** SHA-256 of the cookie token. */
  id: string;
  user_id: string;
  csrf_token: string;
  /** 1 while the session waits for a TOTP code; such a session can do nothing else. */
  mfa_pending: number;
  ip: string | null;
  user_agent: string | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export const apiKeyScopes = ['read', 'write', 'ingest'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  /** The first characters of the key, shown so people can tell keys apart. */
  prefix: string;
  key_hash: string;
  /** JSON array of ApiKeyScope. */
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface LoginAttemptsTable {
  id: string;
  email: string;
  ip: string;
  success: number;
  at: number;
}
