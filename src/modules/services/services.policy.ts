import { admins, definePolicies, everyone, responders } from '../../http/policy.js';

/** Responders create and change the services they run; removing one is for admins. */
export const servicesPolicies = definePolicies({
  'service.read': { roles: everyone, scope: 'read' },
  'service.create': { roles: responders, scope: 'write' },
  'service.update': { roles: responders, scope: 'write' },
  'service.delete': { roles: admins, scope: 'write' },
});
