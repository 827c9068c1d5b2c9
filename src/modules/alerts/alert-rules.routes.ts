import type { KeelApp } from '../../http/route-types.js';
import type { ServiceContext } from '../../lib/context.js';
import { registerMaintenanceWindowRoutes } from './maintenance-windows.routes.js';
import { registerRoutingRuleRoutes } from './routing-rules.routes.js';
import { registerSilenceRoutes } from './silences.routes.js';

/** Routing rules, silences and maintenance windows: what the pipeline applies before dedup. */
export function registerAlertRuleRoutes(app: KeelApp, ctx: ServiceContext): void {
  registerRoutingRuleRoutes(app, ctx);
  registerSilenceRoutes(app, ctx);
  registerMaintenanceWindowRoutes(app, ctx);
}
