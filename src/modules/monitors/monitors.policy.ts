import { definePolicies, everyone, responders } from '../../http/policy.js';

/** Responders and up create and change monitors; everyone signed in reads them. */
export const monitorsPolicies = definePolicies({
  'monitor.read': { roles: everyone, scope: 'read' },
  'monitor.create': { roles: responders, scope: 'write' },
  'monitor.update': { roles: responders, scope: 'write' },
  'monitor.delete': { roles: responders, scope: 'write' },
});
