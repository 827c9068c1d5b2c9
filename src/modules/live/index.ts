export { livePolicies } from './live.policy.js';
export { registerLiveRoutes, retryMs, type LiveDeps } from './live.routes.js';
export { liveChannel } from './live-relay.js';
export type { LiveEvent } from './live-events.js';
export type { LiveHub } from './live-hub.js';
