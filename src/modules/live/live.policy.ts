import { definePolicies, everyone } from '../../http/policy.js';

/** Anyone who may read incidents and alerts may learn, live, that they changed. */
export const livePolicies = definePolicies({
  'stream.read': { roles: everyone, scope: 'read' },
});
