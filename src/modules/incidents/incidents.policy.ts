import { admins, definePolicies, everyone, responders } from '../../http/policy.js';

/**
 * Everyone sees incidents; the people who respond open, act on and change them. Everyone reads
 * the categories (to show and pick them); owners and admins manage the list.
 */
export const incidentsPolicies = definePolicies({
  'incident.read': { roles: everyone, scope: 'read' },
  'incident.create': { roles: responders, scope: 'write' },
  'incident.act': { roles: responders, scope: 'write' },
  'incident.update': { roles: responders, scope: 'write' },
  'incident_category.read': { roles: everyone, scope: 'read' },
  'incident_category.create': { roles: admins, scope: 'write' },
  'incident_category.update': { roles: admins, scope: 'write' },
});
