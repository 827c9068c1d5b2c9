import { admins, definePolicies } from '../../http/policy.js';

export const systemPolicies = definePolicies({
  'sample_data.read': { roles: admins, scope: 'read' },
  'sample_data.manage': { roles: admins, scope: 'write' },
  'job.read': { roles: admins, scope: 'read' },
  'job.retry': { roles: admins, scope: 'write' },
});
