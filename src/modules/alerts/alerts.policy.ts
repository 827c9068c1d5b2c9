import { definePolicies, everyone, responders } from '../../http/policy.js';

export const alertsPolicies = definePolicies({
  'alert.read': { roles: everyone, scope: 'read' },
  'integration.read': { roles: everyone, scope: 'read' },
  'integration.create': { roles: responders, scope: 'write' },
  'integration.update': { roles: responders, scope: 'write' },
  'integration.delete': { roles: responders, scope: 'write' },
});
