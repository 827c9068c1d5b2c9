import { definePolicies, everyone, responders } from '../../http/policy.js';

export const alertsPolicies = definePolicies({
  'alert.read': { roles: everyone, scope: 'read' },
  'integration.read': { roles: everyone, scope: 'read' },
  'integration.create': { roles: responders, scope: 'write' },
  'integration.update': { roles: responders, scope: 'write' },
  'integration.delete': { roles: responders, scope: 'write' },
  'routing_rule.read': { roles: everyone, scope: 'read' },
  'routing_rule.create': { roles: responders, scope: 'write' },
  'routing_rule.update': { roles: responders, scope: 'write' },
  'routing_rule.delete': { roles: responders, scope: 'write' },
  'silence.read': { roles: everyone, scope: 'read' },
  'silence.create': { roles: responders, scope: 'write' },
  'silence.update': { roles: responders, scope: 'write' },
  'silence.expire': { roles: responders, scope: 'write' },
  'maintenance_window.read': { roles: everyone, scope: 'read' },
  'maintenance_window.create': { roles: responders, scope: 'write' },
  'maintenance_window.update': { roles: responders, scope: 'write' },
  'maintenance_window.delete': { roles: responders, scope: 'write' },
});
