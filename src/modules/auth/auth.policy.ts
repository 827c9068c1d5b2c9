import { definePolicies, everyone } from '../../http/policy.js';

/** Everyone manages their own API keys; a key acts as its maker, limited to its scopes. */
export const authPolicies = definePolicies({
  'api_key.read': { roles: everyone, scope: 'read' },
  'api_key.create': { roles: everyone, scope: 'write' },
  'api_key.revoke': { roles: everyone, scope: 'write' },
});
