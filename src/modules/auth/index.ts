export { authPolicies } from './auth.policy.js';
export { apiKeyScopes, type ApiKeyScope } from './auth.table.js';
export { actorLabel, type Principal } from './principal.js';
export { resolveSession, createSession, login, loginLimits } from './sessions.service.js';
export { resolveApiKey, createApiKey, revokeApiKey, listApiKeys } from './api-keys.service.js';
export { purgeAuth } from './auth.repository.js';
export { registerAuthRoutes } from './auth.routes.js';
export { registerApiKeyRoutes } from './api-keys.routes.js';
