import { admins, definePolicies } from '../../http/policy.js';

export const auditPolicies = definePolicies({
  'audit.read': { roles: admins, scope: 'read' },
});
