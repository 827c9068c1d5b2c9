// The monitors module's public face.
export { monitorsPolicies } from './monitors.policy.js';
export { registerMonitorRoutes } from './monitors.routes.js';
