import type { ApiKeyScope } from '../modules/auth/auth.table.js';
import type { Role } from '../modules/users/users.table.js';

/**
 * Authorization is declared, never coded in handlers: each module lists its `<resource>.<action>`
 * rules (which roles, which API-key scope) in its *.policy.ts, they are gathered in
 * src/http/policies.ts, and one hook (plugins/authorize.ts) enforces them for every route.
 */
export interface Rule {
  readonly roles: readonly Role[];
  /** The API-key scope this needs. Session users have every scope their role allows. */
  readonly scope: ApiKeyScope;
}

export const everyone: readonly Role[] = ['owner', 'admin', 'responder', 'stakeholder', 'viewer'];
export const responders: readonly Role[] = ['owner', 'admin', 'responder'];
export const admins: readonly Role[] = ['owner', 'admin'];
export const owners: readonly Role[] = ['owner'];

export function definePolicies<const T extends Record<string, Rule>>(rules: T): T {
  for (const name of Object.keys(rules)) {
    if (!/^[a-z_]+\.[a-z_]+$/.test(name)) throw new Error(`policy name must be <resource>.<action>: ${name}`);
  }
  return Object.freeze(rules);
}
