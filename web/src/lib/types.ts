/** Shapes of Keel's JSON API (under /api/v1), as the UI uses them. Times are ISO strings. */
export const roles = ['owner', 'admin', 'responder', 'stakeholder', 'viewer'] as const;
export type Role = (typeof roles)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  timeZone: string;
  role: Role;
  totpEnabled: boolean;
  disabled: boolean;
  isSample: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Me extends User {
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface Team {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  isSample: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export const teamRoles = ['member', 'manager'] as const;
export type TeamRole = (typeof teamRoles)[number];

export interface TeamDetail extends Team {
  members: { user: User; role: TeamRole }[];
}

export const apiKeyScopes = ['read', 'write', 'ingest'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  userId: string;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string | null; label: string } | null;
  via: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

/** Login either signs in, or asks for a TOTP code first. */
export type LoginResult = { user: User; csrfToken: string } | { mfaRequired: true; csrfToken: string };
