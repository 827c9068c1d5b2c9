import type { UserRow } from '../users/index.js';
import type { ApiKeyScope } from './auth.table.js';

/** Who is calling, resolved once per request from a session cookie or a Bearer API key. */
export interface Principal {
  user: UserRow;
  via: 'session' | 'api_key';
  /** The key's scopes; null for a session, which has whatever its role allows. */
  scopes: ReadonlySet<ApiKeyScope> | null;
  sessionId: string | null;
  csrfToken: string | null;
  apiKeyId: string | null;
  apiKeyName: string | null;
  /** A session between password and TOTP code: it may only finish signing in. */
  mfaPending: boolean;
}

export function actorLabel(p: Principal): string {
  const who = `${p.user.name} <${p.user.email}>`;
  return p.via === 'api_key' ? `${who} via API key "${p.apiKeyName ?? ''}"` : who;
}
