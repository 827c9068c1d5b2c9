// The checkers' public face, for the monitors module (src/modules/monitors).
export type { CheckContext, CheckResult, CheckStatus, Checker } from './checker.js';
export { degradeIfSlow } from './checker.js';
export { checkerFor, checkerTypes, checkers, type CheckerType, type RegisteredChecker } from './registry.js';
export {
  createTargetPolicy,
  defaultDeniedNetworks,
  targetPolicyFromConfig,
  TargetRefusedError,
  type TargetPolicy,
} from './target-policy.js';
export { maxBodyBytes } from './http-exchange.js';
export { monitorUrl, type HttpConfig } from './http.js';
