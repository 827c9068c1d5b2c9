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

export const sourceSeverities = ['critical', 'error', 'warning', 'info'] as const;
export type SourceSeverity = (typeof sourceSeverities)[number];
export const incidentSeverities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];
export const urgencies = ['high', 'low'] as const;
export type Urgency = (typeof urgencies)[number];

export type Grouping =
  { mode: 'alert' } | { mode: 'labels'; labels: string[] } | { mode: 'time_window'; windowMinutes: number };

export interface ServiceSettings {
  grouping: Grouping;
  /** Resolve the incident when all its alerts have resolved. */
  autoResolve: boolean;
  quietResolveMinutes: number | null;
  ackTimeoutMinutes: number | null;
  severityMapping: Record<SourceSeverity, { severity: IncidentSeverity; urgency: Urgency }>;
  /** More than maxTransitions resolve→trigger cycles within windowMinutes: the alert is flapping. */
  flapping: { enabled: boolean; maxTransitions: number; windowMinutes: number };
}

export interface RunbookLink {
  title: string;
  url: string;
}

export interface Service {
  id: string;
  name: string;
  description: string;
  ownerTeamId: string | null;
  tier: number | null;
  escalationPolicyId: string | null;
  runbookLinks: RunbookLink[];
  dependsOn: string[];
  settings: ServiceSettings;
  isSample: boolean;
  createdAt: string;
  updatedAt: string;
}

export const integrationTypes = [
  'pagerduty',
  'alertmanager',
  'grafana',
  'opsgenie',
  'webhook',
  'keel',
] as const;
export type IntegrationType = (typeof integrationTypes)[number];

export interface Integration {
  id: string;
  serviceId: string;
  type: IntegrationType;
  name: string;
  key: string;
  /** The full address to paste into the sender. */
  url: string;
  /** A copyable request or config snippet for this sender. */
  example: string;
  config: Record<string, unknown>;
  disabled: boolean;
  isSample: boolean;
  lastEventAt: string | null;
  createdAt: string;
  updatedAt: string;
}
