import type { KeelApp } from '../../../http/route-types.js';
import type { ServiceContext } from '../../../lib/context.js';
import { registerIcalRoutes } from './ical.routes.js';
import { registerOverrideRoutes } from './overrides.routes.js';
import { registerScheduleRoutes } from './schedules.routes.js';

/** On-call schedules: stored schedules, overrides, cover requests, calendar feeds (issue 4). */
export { onCallUserIds, scheduleExists } from './oncall.service.js';
export { schedulesPolicies } from './schedules.policy.js';
export type { ScheduleView, OverrideView, CoverRequestView, TimelineView } from './schedules.schema.js';
export { createSchedule } from './schedules.service.js';
export { loadSchedulesSample, removeSchedulesSample, countSchedulesSample } from './sample-data.js';

/** Every schedules route: CRUD, on call, timeline, overrides, cover requests, iCal. */
export function registerSchedulesRoutes(app: KeelApp, ctx: ServiceContext): void {
  registerScheduleRoutes(app, ctx);
  registerOverrideRoutes(app, ctx);
  registerIcalRoutes(app, ctx);
}
