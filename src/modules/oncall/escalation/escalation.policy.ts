import { admins, definePolicies, everyone, responders } from '../../../http/policy.js';

/** Everyone sees who would be paged; responders shape escalation; removing a policy is for admins. */
export const escalationPolicies = definePolicies({
  'escalation_policy.read': { roles: everyone, scope: 'read' },
  'escalation_policy.create': { roles: responders, scope: 'write' },
  'escalation_policy.update': { roles: responders, scope: 'write' },
  'escalation_policy.delete': { roles: admins, scope: 'write' },
});
