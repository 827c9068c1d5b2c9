import { definePolicies, everyone, responders } from '../../http/policy.js';

/** Everyone sees incidents; the people who respond open, act on and change them. */
export const incidentsPolicies = definePolicies({
  'incident.read': { roles: everyone, scope: 'read' },
  'incident.create': { roles: responders, scope: 'write' },
  'incident.act': { roles: responders, scope: 'write' },
  'incident.update': { roles: responders, scope: 'write' },
});
