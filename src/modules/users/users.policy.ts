import { admins, definePolicies, everyone } from '../../http/policy.js';

export const usersPolicies = definePolicies({
  'user.read': { roles: everyone, scope: 'read' },
  'user.create': { roles: admins, scope: 'write' },
  'user.update': { roles: admins, scope: 'write' },
  'user.delete': { roles: admins, scope: 'write' },
  'user.reset_password': { roles: admins, scope: 'write' },
  'team.read': { roles: everyone, scope: 'read' },
  'team.create': { roles: admins, scope: 'write' },
  'team.update': { roles: admins, scope: 'write' },
  'team.delete': { roles: admins, scope: 'write' },
  'me.read': { roles: everyone, scope: 'read' },
  'me.update': { roles: everyone, scope: 'write' },
});
